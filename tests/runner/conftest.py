"""Fixtures for the runner tests (no Qt): an inputs folder, and a leak check after every test."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from docflags_gui.runner.process import live_pids
from tests.processes import child_pids, recorded_pids, wait_until_gone


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def no_leftovers(inputs: Path) -> Iterator[None]:
    """Fail a test that leaves a child process or a worker's helper behind."""
    yield
    problems = []
    children = child_pids()
    if children:
        problems.append(f"child processes left (alive or unreaped): {children}")
    if live_pids():
        problems.append(f"workers never reaped: {live_pids()}")
    helpers = wait_until_gone(recorded_pids(inputs))
    if helpers:
        problems.append(f"worker processes or helpers still running: {helpers}")
    for pid in helpers:
        os.kill(pid, signal.SIGKILL)
    assert not problems, "; ".join(problems)

"""Fixtures for the jobs tests: managers on the fake worker, and a leak check after every test.

The leak check fails a test that leaves a pool thread busy, a child process alive or unreaped
(zombie), or a worker's helper process (listed in the fake worker's `.pids` files) running.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from docflags_gui.jobs import JobManager, JobSettings
from docflags_gui.runner.process import live_pids
from tests.processes import (
    FAKE_COMMAND,
    FAKE_WORKER,
    child_pids,
    is_running,
    recorded_pids,
    scenario_file,
    wait_until_gone,
)

__all__ = [
    "FAKE_COMMAND",
    "FAKE_WORKER",
    "child_pids",
    "is_running",
    "recorded_pids",
    "scenario_file",
    "wait_until_gone",
]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


@pytest.fixture
def managers() -> list[JobManager]:
    """Every JobManager a test made (through make_manager), for the leak check."""
    return []


@pytest.fixture(autouse=True)
def no_leftovers(inputs: Path, managers: list[JobManager]) -> Iterator[None]:
    """Fail a test that leaves a busy pool thread, a child process or a worker's helper behind."""
    yield
    problems = []
    for manager in managers:
        if not manager.pool.waitForDone(3000):
            problems.append(f"{manager.pool.activeThreadCount()} pool thread(s) still busy")
    if not QThreadPool.globalInstance().waitForDone(1000):
        problems.append("the global QThreadPool is still busy")
    children = child_pids()
    if children:
        problems.append(f"child processes left (alive or unreaped): {children}")
    if live_pids():
        problems.append(f"workers never reaped: {live_pids()}")
    helpers = wait_until_gone(recorded_pids(inputs))
    if helpers:
        problems.append(f"worker processes or helpers still running: {helpers}")
    for manager in managers:
        manager.shutdown(wait=True)  # clean up whatever leaked, then report it
    for pid in helpers:
        os.kill(pid, signal.SIGKILL)
    assert not problems, "; ".join(problems)


@pytest.fixture
def make_manager(managers: list[JobManager]) -> Callable[..., JobManager]:
    """Build managers on the fake worker, with short grace periods and a 10 Hz watchdog."""

    def make(worker_command: list[str] | None = None, **settings: Any) -> JobManager:
        settings.setdefault("concurrency", 2)
        settings.setdefault("retries", 0)
        manager = JobManager(JobSettings(**settings), worker_command=worker_command or FAKE_COMMAND)
        manager.kill_grace_s = 0.5
        manager.shutdown_grace_s = 0.5
        manager.retry_backoff_s = 0.05
        manager.set_watchdog_interval(100)
        managers.append(manager)
        return manager

    return make

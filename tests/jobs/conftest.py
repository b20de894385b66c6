"""Fixtures for the jobs tests: managers on the fake worker, and a leak check after every test.

The leak check fails a test that leaves a pool thread busy, a child process alive or unreaped
(zombie), or a worker's helper process (listed in the fake worker's `.pids` files) running.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from docflags_gui.jobs import JobManager, JobSettings
from docflags_gui.jobs.process import live_pids

FAKE_WORKER = Path(__file__).resolve().parent.parent / "fake_worker.py"
FAKE_COMMAND = [sys.executable, str(FAKE_WORKER)]


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state letter, parent pid) of a process, or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def child_pids() -> list[int]:
    """Children of this test process, zombies included (a zombie is a child nobody reaped)."""
    me = os.getpid()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat is not None and stat[1] == me:
                found.append(int(entry.name))
    return found


def is_running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for init, which may be slow to reap)."""
    stat = _proc_stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def wait_until_gone(pids: list[int], timeout: float = 3.0) -> list[int]:
    """The pids still running after up to `timeout` s (a SIGKILLed process takes a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        running = [pid for pid in pids if is_running(pid)]
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.02)


def recorded_pids(folder: Path) -> list[int]:
    """Pids the fake worker wrote to `<input>.pids` files (worker and its helper child)."""
    return [int(p) for f in folder.glob("*.pids") for p in f.read_text().split()]


def scenario_file(folder: Path, scenario: str, tag: str = "") -> Path:
    """An input file whose name selects the fake worker's scenario ("slow-2.pdf": slow)."""
    path = folder / (f"{scenario}-{tag}.pdf" if tag else f"{scenario}.pdf")
    path.write_bytes(b"%PDF-1.7 fake input for the fake worker\n")
    return path


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

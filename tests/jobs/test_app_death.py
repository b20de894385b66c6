"""Workers never outlive the app: not when it exits without shutting down, not when it is killed.

Each test runs a small app (a QCoreApplication with a JobManager) in a subprocess, so the
app can really exit or die while its worker runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import REPO_ROOT
from tests.jobs.conftest import FAKE_WORKER, is_running, scenario_file, wait_until_gone

APP = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from docflags_gui.jobs import JobManager, JobSettings

mode, path = sys.argv[1], Path(sys.argv[2])
command = [sys.executable, sys.argv[3]] if len(sys.argv) > 3 else None
app = QCoreApplication([])
manager = JobManager(JobSettings(concurrency=1, retries=0), worker_command=command)
job_id = manager.submit(path)
loop = QEventLoop()

def poll() -> None:
    info = manager.job(job_id)
    if info.pid and (mode == "killed" or info.first_progress_at):
        print(info.pid, flush=True)
        loop.quit()

timer = QTimer()
timer.timeout.connect(poll)
timer.start(20)
loop.exec()
timer.stop()
if mode == "killed":
    time.sleep(120)  # the test kills us meanwhile
sys.exit(0)  # mode "exits": no shutdown(), the atexit hook must stop the worker
"""


def _start_app(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    script = tmp_path / "tiny_app.py"
    script.write_text(APP)
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_an_app_exiting_without_shutdown_takes_its_worker_along(
    inputs: Path, tmp_path: Path
) -> None:
    path = scenario_file(inputs, "hang")  # ignores SIGTERM, has a helper in its group
    app = _start_app(tmp_path, "exits", str(path), str(FAKE_WORKER))
    try:
        assert app.stdout is not None
        worker = int(app.stdout.readline())
        assert app.wait(timeout=20) == 0
    finally:
        app.kill()
        app.wait()
    helper = int(Path(f"{path}.pids").read_text().split()[1])
    assert wait_until_gone([worker, helper]) == []


def test_a_killed_app_takes_its_real_worker_along(
    qtbot: QtBot, inputs: Path, tmp_path: Path
) -> None:
    if not Path("/proc/self/wchan").exists() or not sys.platform.startswith("linux"):
        pytest.skip("needs Linux /proc/PID/wchan to see where the worker waits")
    fifo = inputs / "never-written.pdf"
    os.mkfifo(fifo)  # the real worker blocks opening it, after it asked for PDEATHSIG
    app = _start_app(tmp_path, "killed", str(fifo))
    try:
        assert app.stdout is not None
        worker = int(app.stdout.readline())
        wchan = Path(f"/proc/{worker}/wchan")
        qtbot.waitUntil(lambda: wchan.read_text() == "wait_for_partner", timeout=20_000)
        os.kill(app.pid, signal.SIGKILL)
        app.wait()
        assert wait_until_gone([worker], timeout=10) == []
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        for pid in [p for p in (locals().get("worker"),) if isinstance(p, int)]:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)

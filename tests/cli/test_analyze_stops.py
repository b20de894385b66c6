"""`docflags analyze` when things end badly: time limits, crashes, SIGTERM, odd file names,
and time limits that are not numbers of seconds. Runs the command in a subprocess, with the
scripted worker where a worker must hang or crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.test_analyze import REPO_ROOT, SCRIPTED_WORKER, make_pdf
from tests.processes import child_pids, is_running

# `docflags analyze` with the scripted worker in place of the real one (its file names choose
# what it does: crash*, hang*, anything else succeeds).
WITH_SCRIPTED_WORKER = (
    "import sys\n"
    "from docflags_gui.runner import executor\n"
    f"executor.worker_prefix = lambda: {SCRIPTED_WORKER!r}\n"
    "from docflags_gui.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "DOCFLAGS_DATA_DIR": str(data_dir)}


def _default_sigint() -> None:
    # Run from a shell's background job, this test process (and so the command) would ignore
    # SIGINT, and Python would then never raise KeyboardInterrupt: give it a terminal's SIGINT.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _scripted(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WITH_SCRIPTED_WORKER, "analyze", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env=_env(data_dir),
        preexec_fn=_default_sigint,
    )


def _history(data_dir: Path) -> dict[str, dict[str, object]]:
    listing = subprocess.run(
        [sys.executable, "-m", "docflags_gui", "history", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        env=_env(data_dir),
        check=True,
    )
    return {job["file"]: job for job in json.loads(listing.stdout)}


def test_time_limits_and_crashes_are_recorded_as_such(tmp_path: Path) -> None:
    files = [tmp_path / name for name in ("hang.pdf", "crash.pdf", "fine.pdf")]
    for path in files:
        path.write_text("")
    run = _scripted(tmp_path / "data", "--timeout", "0.5", "-j", "3", *map(str, files))
    _, err = run.communicate(timeout=60)
    assert run.returncode == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    (hang_line,) = [line for line in lines if "hang.pdf" in line]
    (crash_line,) = [line for line in lines if "crash.pdf" in line]
    assert "TIMED_OUT" in hang_line and "time limit of 0.5 s" in hang_line
    assert "CRASHED" in crash_line and "exited with code 9" in crash_line and "(log: " in crash_line
    jobs = _history(tmp_path / "data")
    assert jobs["hang.pdf"]["state"] == "TIMED_OUT"
    assert jobs["crash.pdf"]["state"] == "CRASHED"
    assert "something went very wrong" in str(jobs["crash.pdf"]["error"])
    assert jobs["fine.pdf"]["state"] == "SUCCESS"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_stops_like_ctrl_c_and_records_the_jobs_interrupted(
    tmp_path: Path, signum: signal.Signals
) -> None:
    files = [tmp_path / f"hang{n}.pdf" for n in range(3)]
    for path in files:
        path.write_text("")
    run = _scripted(tmp_path / "data", "-j", "2", *map(str, files))
    try:
        deadline = time.monotonic() + 30
        running: list[str] = []
        while time.monotonic() < deadline:
            states = {name: job["state"] for name, job in _history(tmp_path / "data").items()}
            running = [name for name, state in states.items() if state == "RUNNING"]
            if len(running) == 2:
                break
            time.sleep(0.1)
        assert len(running) == 2, "two workers never reported"
        workers = child_pids(run.pid)
        run.send_signal(signum)
        _, err = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == 128 + signum
    assert "Traceback" not in err
    assert ("SIGTERM" if signum == signal.SIGTERM else "Ctrl+C") in err
    assert {job["state"] for job in _history(tmp_path / "data").values()} == {"INTERRUPTED"}
    assert workers and not [pid for pid in workers if is_running(pid)]


@pytest.mark.parametrize("limit", ["0", "-5", "nan", "soon"])
def test_a_time_limit_must_be_a_positive_number_of_seconds(tmp_path: Path, limit: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "docflags_gui", "analyze", f"--timeout={limit}", "x.pdf"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        env=_env(tmp_path / "data"),
    )
    assert done.returncode == 2
    assert "--timeout" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "history.sqlite3").exists()


def test_a_file_named_like_an_option_is_analysed(tmp_path: Path) -> None:
    make_pdf(tmp_path / "-x.pdf")
    done = subprocess.run(
        [sys.executable, "-m", "docflags_gui", "analyze", "--format", "json", "--", "-x.pdf"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=_env(tmp_path / "data"),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["file"] == "-x.pdf"

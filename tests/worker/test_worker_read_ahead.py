"""The worker process with its read-ahead helper (started before the engine loads,
`read_ahead.prestart`): the same result as alone, and no process of its group left after the
run or after a cancel."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docflags_gui.worker import protocol
from tests.bench_engine import build_realistic_report
from tests.processes import run_python

PAGES = 60


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_realistic_report(tmp_path_factory.mktemp("worker-read-ahead") / "r.pdf", PAGES)


def _start(path: Path, processes: int) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "docflags_gui", "--worker", f"--input={path}"]
    return subprocess.Popen(
        [*argv, "--ocr-processes", str(processes)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _group_gone(pgid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


def _result(path: Path, processes: int) -> bytes:
    worker = _start(path, processes)
    out, _ = worker.communicate(timeout=120)
    assert worker.returncode == protocol.EXIT_OK
    assert _group_gone(worker.pid), "a helper outlived its worker"
    lines = [line for line in out.splitlines() if b'"type":"result"' in line]
    assert len(lines) == 1
    return lines[0]


def test_the_result_is_the_same_with_the_helper(report: Path) -> None:
    assert _result(report, 2) == _result(report, 1)


def test_nothing_is_left_after_a_cancel(report: Path) -> None:
    worker = _start(report, 2)
    assert worker.stdout is not None
    for line in worker.stdout:
        message = protocol.parse_line(line)
        if message and message["type"] == "progress" and message.get("done", 0) >= 5:
            break
    worker.send_signal(signal.SIGTERM)
    rest = worker.stdout.read()
    assert worker.wait(30) == protocol.EXIT_CANCELLED, rest[-300:]
    assert _group_gone(worker.pid), "a helper outlived its cancelled worker"


# Runs the worker on argv[1], recording the messages it sends and when it looks for an idle
# core (the look answers "no idle core": no helper is started).
RECORD_ORDER = (
    "import sys\n"
    "import docflags_gui.worker.main as main\n"
    "from docflags_gui.worker.output import ProtocolWriter\n"
    "events = []\n"
    "real_send = ProtocolWriter.send\n"
    "def send(self, message):\n"
    "    events.append(message['type'])\n"
    "    real_send(self, message)\n"
    "ProtocolWriter.send = send\n"
    "main.core_free = lambda: events.append('core-look') or False\n"
    "code = main.run_worker(['--input', sys.argv[1], '--ocr-processes', '2'])\n"
    "sys.stderr.write('\\nEVENTS ' + ' '.join(events) + '\\n')\n"
    "sys.exit(code)\n"
)


def test_the_worker_looks_for_an_idle_core_before_its_first_progress(report: Path) -> None:
    # The first progress wakes the parent (the CLI opens its history then): a look after it
    # would count the parent as a busy core and start no helper.
    done = run_python(RECORD_ORDER, str(report))
    assert done.returncode == protocol.EXIT_OK, done.stderr[-500:]
    events = done.stderr.rsplit("EVENTS ", 1)[1].split()
    assert "core-look" in events
    assert "progress" not in events[: events.index("core-look")]

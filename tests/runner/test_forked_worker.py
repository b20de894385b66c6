"""Workers forked from the command line: when, and that a forked worker is the same worker.

The forks happen in a fresh Python started for the purpose (`_DRIVER`): this test process has
loaded PyMuPDF, so it starts its workers as programs (which is one of the things checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docflags_gui.runner import forked_worker
from docflags_gui.runner.forked_worker import forkable_args
from docflags_gui.worker.launch import worker_prefix
from tests.pdfbuilder.annotated import build_markup_kinds
from tests.processes import REPO_ROOT

# Runs one analyze attempt through the runner, as `docflags analyze` does, with a line of the
# command's own output left unflushed in sys.stdout when the worker starts, and prints what
# came back: whether the worker was forked, its memory cap, the exit code, the result and the
# lines that were not protocol.
_DRIVER = """
import json, os, signal, sys
from pathlib import Path
from docflags_gui.runner.attempt import QuietListener
from docflags_gui.runner.executor import LocalExecutor
from docflags_gui.runner.forked_worker import ForkedWorker
from docflags_gui.runner.spec import ANALYZE, JobSpec

pdf, log = Path(sys.argv[1]), Path(sys.argv[2])
fork, max_memory = sys.argv[3] == "fork", sys.argv[4]
seen = {}

class Listener(QuietListener):
    def launched(self, pid):
        self.pid = pid

    def progress(self, percent, message):
        # By its first progress message the worker has capped its memory; it still has
        # PyMuPDF and the engine to load, and it is held still while it is looked at.
        if "cap" in seen:
            return
        os.kill(self.pid, signal.SIGSTOP)
        try:
            for line in Path(f"/proc/{self.pid}/limits").read_text().splitlines():
                if line.startswith("Max address space"):
                    seen["cap"] = line.split()[3]
        finally:
            os.kill(self.pid, signal.SIGCONT)

sys.stdout.write("the command's own output, not flushed yet\\n")
spec = JobSpec(ANALYZE, pdf, {"max_memory": int(max_memory)} if max_memory != "-" else {})
attempt = LocalExecutor(in_pieces=False, fork=fork).attempt(spec, log, "1")
outcome = attempt.run(Listener())
report = {
    "forked": isinstance(attempt.process._popen, ForkedWorker),
    "cap": seen.get("cap"),
    "exit": outcome.exit_code,
    "garbage": outcome.garbage_lines,
    "error": outcome.error_message,
    "flags": None if outcome.result is None else outcome.result["flags"],
}
sys.stderr.write("REPORT " + json.dumps(report) + "\\n")
"""


def _drive(pdf: Path, log: Path, mode: str, max_memory: int | None = None) -> dict[str, object]:
    # Buffered output, as a terminal's or a pipe's is by default (not PYTHONUNBUFFERED): the
    # driver's line is still in its buffer when the worker starts.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(pdf), str(log), mode, str(max_memory or "-")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "the command's own output, not flushed yet\n"
    line = next(x for x in done.stderr.splitlines() if x.startswith("REPORT "))
    report: dict[str, object] = json.loads(line.removeprefix("REPORT "))
    return report


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_a_forked_worker_gives_what_a_started_one_gives(tmp_path: Path) -> None:
    pdf = tmp_path / "markup.pdf"
    expected = build_markup_kinds(pdf)
    forked = _drive(pdf, tmp_path / "forked.log", "fork")
    started = _drive(pdf, tmp_path / "started.log", "start")
    assert forked["forked"] is True and started["forked"] is False
    for report in (forked, started):
        assert report["exit"] == 0 and report["error"] is None
        # The command's unflushed output never reached the protocol pipe.
        assert report["garbage"] == 0
    assert isinstance(forked["flags"], list) and len(forked["flags"]) == len(expected)
    assert forked["flags"] == started["flags"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_a_forked_workers_memory_cap_is_on_top_of_what_it_inherited(tmp_path: Path) -> None:
    pdf = tmp_path / "markup.pdf"
    build_markup_kinds(pdf)
    cap = 512 * 1024 * 1024
    forked = _drive(pdf, tmp_path / "forked.log", "fork", max_memory=cap)
    started = _drive(pdf, tmp_path / "started.log", "start", max_memory=cap)
    assert forked["exit"] == started["exit"] == 0
    assert started["cap"] == str(cap)
    # Forked, the worker begins with the command's address space (here the driver's Python
    # and runner, about 20 MB; `docflags analyze` forks from a pool thread, whose stack and
    # malloc arena make it about 90 MB): its cap is that much higher, so that the worker's
    # own share is the same.
    assert isinstance(forked["cap"], str)
    assert cap + 8 * 1024 * 1024 < int(forked["cap"]) < cap + 400 * 1024 * 1024


def test_only_the_default_worker_command_is_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked_worker, "can_fork", lambda: True)
    prefix = worker_prefix()
    assert forkable_args([*prefix, "--input", "a.pdf"]) == ["--input", "a.pdf"]
    assert forkable_args(["/usr/bin/other-worker", "--input", "a.pdf"]) is None
    monkeypatch.setattr(forked_worker, "can_fork", lambda: False)
    assert forkable_args([*prefix, "--input", "a.pdf"]) is None

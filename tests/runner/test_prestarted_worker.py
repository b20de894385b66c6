"""The worker forked as `docflags analyze` starts: the first job takes it and gets what a
worker started as a program gives; the rest fork their own; one nobody takes ends.

The command is played by a fresh Python (`_DRIVER`): this test process has loaded PyMuPDF,
so it may not fork workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docflags_gui.runner import prestarted_worker
from tests.pdfbuilder.annotated import build_markup_kinds
from tests.processes import REPO_ROOT, run_python

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="workers are forked on Linux"
)

# The command: prestarts as `docflags analyze` does (with a loader that prints, as a library
# may while it loads), leaves a line of its own output unflushed, then runs `jobs` analyze
# attempts of the PDF one after the other and reports, for each, whether its worker was the
# prestarted child, and what came back.
_DRIVER = """
import json, os, sys
from pathlib import Path
from docflags_gui.runner import prestarted_worker

pdf, logs, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
loader = prestarted_worker._load_worker

def loud_loader():
    print("printed to stdout while loading")
    sys.stderr.write("printed to stderr while loading\\n")
    os.write(1, b"written to descriptor 1 while loading\\n")
    loader()

prestarted_worker._load_worker = loud_loader
prestarted_worker.prestart(["analyze", str(pdf)])
waiting = [pid for pid, _ in prestarted_worker._waiting]
prestarted = waiting[0] if waiting else None

import signal
from docflags_gui.runner.attempt import QuietListener
from docflags_gui.runner.executor import LocalExecutor
from docflags_gui.runner.spec import ANALYZE, JobSpec

class Listener(QuietListener):
    cap = None

    def launched(self, pid):
        self.pid = pid

    def progress(self, percent, message):
        # By its first progress message the worker has capped its memory (held still while
        # its limits are read).
        if self.cap is not None:
            return
        os.kill(self.pid, signal.SIGSTOP)
        try:
            for line in Path(f"/proc/{self.pid}/limits").read_text().splitlines():
                if line.startswith("Max address space"):
                    self.cap = line.split()[3]
        finally:
            os.kill(self.pid, signal.SIGCONT)

sys.stdout.write("the command's own output, not flushed yet\\n")
reports = []
for number in range(jobs):
    log = logs / f"job{number}.log"
    spec = JobSpec(ANALYZE, pdf, {"max_memory": 512 * 1024 * 1024})
    attempt = LocalExecutor(in_pieces=False, fork=True).attempt(spec, log, "1")
    listener = Listener()
    outcome = attempt.run(listener)
    reports.append({
        "prestarted": attempt.process.pid == prestarted,
        "cap": listener.cap,
        "exit": outcome.exit_code,
        "garbage": outcome.garbage_lines,
        "error": outcome.error_message,
        "flags": None if outcome.result is None else outcome.result["flags"],
        "log": log.read_text(),
    })
sys.stderr.write("REPORT " + json.dumps({"prestarted": prestarted, "jobs": reports}) + "\\n")
"""


def _drive(pdf: Path, logs: Path, jobs: int) -> dict[str, object]:
    # Buffered output, as a terminal's or a pipe's is by default: the driver's line is still in
    # its buffer when the worker is handed its job.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    done = run_python(_DRIVER, str(pdf), str(logs), str(jobs), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "the command's own output, not flushed yet\n"
    line = next(x for x in done.stderr.splitlines() if x.startswith("REPORT "))
    report: dict[str, object] = json.loads(line.removeprefix("REPORT "))
    return report


def test_the_first_job_takes_the_prestarted_worker_and_the_next_forks_its_own(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "markup.pdf"
    expected = build_markup_kinds(pdf)
    report = _drive(pdf, tmp_path, jobs=2)
    assert isinstance(report["prestarted"], int)
    jobs = report["jobs"]
    assert isinstance(jobs, list)
    first, second = jobs
    assert first["prestarted"] is True and second["prestarted"] is False
    for job in (first, second):
        assert job["exit"] == 0 and job["error"] is None
        # Neither the command's unflushed line nor what the child printed while it loaded
        # reached the protocol pipe.
        assert job["garbage"] == 0
        assert isinstance(job["flags"], list) and len(job["flags"]) == len(expected)
    assert first["flags"] == second["flags"]
    # The memory cap counts from what the child had mapped when it was forked (the driver's
    # Python, about 18 MB here): what it loaded while it waited (PyMuPDF and the worker's
    # modules, about 70 MB more) counts against it.
    cap = 512 * 1024 * 1024
    assert cap + 8 * 1024 * 1024 < int(first["cap"]) < cap + 50 * 1024 * 1024
    # What the prestarted child printed while it loaded is in its job's log, after the
    # header the command wrote; nothing of it went to the command's output (`_drive`).
    header, *rest = first["log"].splitlines()
    assert header.startswith("=== ")
    for printed in (
        "printed to stdout while loading",
        "printed to stderr while loading",
        "written to descriptor 1 while loading",
    ):
        assert printed in rest
        assert printed not in second["log"]


# The start of a command that prestarts a worker and waits (30 s at most) until the child has
# made its session: `pid` and `sock` are the child's.
_PRESTARTED = """
import os, signal, sys, time
from docflags_gui.runner import prestarted_worker

prestarted_worker.prestart(["analyze", "report.pdf"])
pid, sock = prestarted_worker._waiting[0]
deadline = time.monotonic() + 30
while os.getsid(pid) != pid and time.monotonic() < deadline:
    time.sleep(0.01)
"""

# A command that prestarts, prints the child's pid and session, and ends in one of three ways
# (argv[1]): through its exit hooks (`docflags analyze` with a usage error), killed, or after
# closing its end of the socket itself (then it sleeps).
_ENDING = (
    _PRESTARTED
    + """
print(pid, os.getsid(pid), flush=True)
how = sys.argv[1]
if how == "exit":
    sys.exit(2)
if how == "killed":
    os.kill(os.getpid(), signal.SIGKILL)
sock.close()
time.sleep(30)
"""
)


def _gone(pid: int, timeout_s: float = 30.0) -> bool:
    """Whether `pid` exits (not running, not a zombie) within `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True  # exited; reaping is its parent's (or init's) business
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("how", ["exit", "killed", "closed"])
def test_a_prestarted_worker_no_job_takes_ends_with_its_command(how: str) -> None:
    command = subprocess.Popen(
        [sys.executable, "-c", _ENDING, how],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=REPO_ROOT,
    )
    try:
        assert command.stdout is not None
        pid, session = (int(x) for x in command.stdout.readline().split())
        # Its own session from the start: the command can signal its group at once, and a
        # Ctrl-C at the terminal reaches the command alone.
        assert session == pid
        assert _gone(pid), f"the prestarted worker {pid} outlived its command ({how})"
    finally:
        command.kill()
        command.wait(timeout=30)


def test_only_an_analysis_prestarts_a_worker() -> None:
    assert prestarted_worker.wanted(["analyze", "report.pdf"])
    assert prestarted_worker.wanted(["analyze", "-f", "json", "a.pdf", "b.pdf"])
    assert not prestarted_worker.wanted(["analyze", "--help"])
    assert not prestarted_worker.wanted(["analyze", "a.pdf", "-h"])
    assert not prestarted_worker.wanted(["match", "report.pdf", "paper.docx"])
    assert not prestarted_worker.wanted([])


def test_without_a_prestarted_worker_the_job_forks_its_own(tmp_path: Path) -> None:
    # This process has loaded PyMuPDF: nothing is prestarted, and `take` has nothing to give.
    prestarted_worker.prestart(["analyze", "report.pdf"])
    assert prestarted_worker._waiting == []
    with open(tmp_path / "job.log", "wb") as log:
        assert prestarted_worker.take(["--input", "report.pdf"], log) is None


def test_a_job_that_cannot_be_handed_over_ends_the_child(tmp_path: Path) -> None:
    # A child that is gone before its job comes: the job is not sent (the caller forks its
    # own worker), and nothing is left waiting.
    program = """
import os, signal, sys, time
from docflags_gui.runner import prestarted_worker

prestarted_worker.prestart(["analyze", "report.pdf"])
pid, _ = prestarted_worker._waiting[0]
os.kill(pid, signal.SIGKILL)
time.sleep(0.2)
with open(sys.argv[1], "wb") as log:
    taken = prestarted_worker.take(["--input", "report.pdf"], log)
print(taken is None, prestarted_worker._waiting == [])
"""
    done = run_python(program, str(tmp_path / "job.log"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]


def test_its_process_group_can_be_signalled_before_it_has_a_job() -> None:
    # A stop or a kill reaches the child while it still loads (runner.process signals the
    # worker's group): here SIGTERM ends it before any job was handed over.
    program = (
        _PRESTARTED
        + """
os.killpg(pid, signal.SIGTERM)
_, status = os.waitpid(pid, 0)
print(os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM)
"""
    )
    done = run_python(program)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"

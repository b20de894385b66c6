"""The app killed with SIGKILL mid-batch: results kept, the killed job INTERRUPTED, no orphan.

A real app process (build_main_window, real worker subprocesses) analyses a small PDF and a long
one; while it runs, a `docflags history` command must see its live job RUNNING. Then the app is
SIGKILLed: its worker must die with it (PR_SET_PDEATHSIG), the history must still hold every
finished result, show the killed job INTERRUPTED, and pass `PRAGMA integrity_check`; the next
window offers to re-analyse it.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from docflags_gui import paths
from docflags_gui.ui.history_panel import HistoryPanel
from docflags_gui.ui.main_window import MainWindow
from tests.processes import child_pids
from tests.ui.pdfs import Mark, make_pdf

APP = """
import sys
from PySide6.QtWidgets import QApplication
from docflags_gui.app import build_main_window

app = QApplication(["docflags"])
window = build_main_window(sys.argv[1:])
manager = window.manager
manager.job_started.connect(
    lambda job_id: print("started", manager.job(job_id).path.name, flush=True))
manager.job_finished.connect(
    lambda job_id, state, _summary: print("finished", manager.job(job_id).path.name, state.value,
                                          flush=True))
sys.exit(app.exec())
"""


def write_long_pdf(path: Path, pages: int) -> Path:
    """A valid PDF of `pages` identical text pages with yellow marks, written in milliseconds
    (every page shares one content stream); the real engine needs tens of seconds for it."""
    lines = [
        f"BT /F1 10 Tf 50 {780 - 22 * r} Td (Line {r}: the quick brown fox jumps over the lazy "
        "dog, said the report.) Tj ET"
        for r in range(34)
    ]
    marks = [f"50 {776 - 22 * r} 300 14 re f" for r in range(0, 34, 3)]
    content = ("q 1 1 0 rg " + " ".join(marks) + " Q 0 g " + "\n".join(lines)).encode()
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        *[page] * pages,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def docflags(*args: str) -> subprocess.CompletedProcess[str]:
    """The `docflags` command in its own process, as a user would run it next to the app."""
    return subprocess.run(
        [sys.executable, "-m", "docflags_gui", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def history_json() -> list[dict[str, Any]]:
    done = docflags("history", "--format", "json")
    assert done.returncode == 0, done.stderr
    jobs: list[dict[str, Any]] = json.loads(done.stdout)
    return jobs


def alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@pytest.fixture
def app_process(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(*pdfs: Path) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", APP, *map(str, pdfs)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=(tmp_path / "app-stderr.log").open("w"),
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def wait_for_lines(process: subprocess.Popen[str], wanted: set[str], timeout: float) -> None:
    """Read the app's event lines until all of `wanted` were printed."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while not wanted <= set(seen):
        assert time.monotonic() < deadline, f"app printed {seen}, expected {wanted}"
        line = process.stdout.readline()
        assert line, f"the app ended early ({process.poll()}), after {seen}"
        seen.append(line.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL and /proc: Linux")
def test_app_killed_mid_job_keeps_results_interrupts_the_job_and_leaves_no_worker(
    app_process: Callable[..., subprocess.Popen[str]],
    make_window: Callable[..., MainWindow],
    tmp_path: Path,
) -> None:
    earlier = make_pdf(tmp_path / "earlier.pdf", [Mark("lazy dog"), Mark("seven measurements")])
    small = make_pdf(tmp_path / "small.pdf", [Mark("quick brown fox", comment="cite this")])
    long = write_long_pdf(tmp_path / "long.pdf", 3000)
    analysed = docflags("analyze", str(earlier), "--format", "json")  # an earlier CLI run
    assert analysed.returncode == 0, analysed.stderr

    app = app_process(small, long)
    wait_for_lines(app, {"finished small.pdf SUCCESS", "started long.pdf"}, timeout=120)
    workers = set(child_pids(app.pid))
    assert workers, "the long job's worker should be running"

    # Another docflags command reading the history while the app runs changes nothing.
    for _ in range(2):
        states = {job["file"]: job["state"] for job in history_json()}
        assert states == {"earlier.pdf": "SUCCESS", "small.pdf": "SUCCESS", "long.pdf": "RUNNING"}

    app.send_signal(signal.SIGKILL)
    app.wait(timeout=30)
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = [pid for pid in workers if alive(pid)]
    for pid in orphans:  # never leave one behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert orphans == [], "a worker outlived the killed app"

    jobs = {job["file"]: job for job in history_json()}
    assert jobs["long.pdf"]["state"] == "INTERRUPTED"
    assert "while it was running" in jobs["long.pdf"]["error"]
    assert jobs["long.pdf"]["finished"] is not None
    assert jobs["small.pdf"]["state"] == "SUCCESS" and jobs["small.pdf"]["flags"] == 1
    assert jobs["earlier.pdf"]["state"] == "SUCCESS" and jobs["earlier.pdf"]["flags"] == 2
    earlier_result = docflags("show", str(jobs["earlier.pdf"]["id"]))
    assert json.loads(earlier_result.stdout) == json.loads(analysed.stdout)
    shown = docflags("show", str(jobs["small.pdf"]["id"]))
    assert shown.returncode == 0, shown.stderr
    result = json.loads(shown.stdout)
    assert result["schema"] == "docflags/1" and result["flags"][0]["comment"] == "cite this"

    database = sqlite3.connect(paths.history_db_path())
    try:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        database.close()

    # The next window lists the interrupted job and can analyse its file again.
    window = make_window(fake=True)
    panel = window.findChild(HistoryPanel)
    assert panel is not None
    view = panel.view
    view.refresh()
    view.select_jobs([jobs["long.pdf"]["id"]])
    record = view.current_record()
    assert record is not None and record.state == "INTERRUPTED"
    assert view.reanalyse_button.isEnabled()
    view.reanalyse_selected()
    assert [job.path for job in window.manager.jobs()] == [long]

"""The manager with the real worker subprocess on PDFs generated here (no fake in between)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pymupdf
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobManager, JobState
from docflags_gui.worker.launch import worker_prefix
from tests.jobs.helpers import Recorder, run_job, wait_finished

MakeManager = Callable[..., JobManager]


def _highlighted_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((50, 80), "The quick brown fox jumps over the lazy dog.", fontname="helv")
    words = page.get_text("words")
    page.add_highlight_annot([pymupdf.Rect(word[:4]).quad for word in words[1:4]]).update()
    doc.save(path)
    return path


def test_the_real_worker_analyses_a_pdf_into_a_result(
    qtbot: QtBot, make_manager: MakeManager, tmp_path: Path
) -> None:
    manager = make_manager(worker_command=worker_prefix(), ocr=False)
    recorder = Recorder().attach(manager)
    job_id, state, summary = run_job(qtbot, manager, _highlighted_pdf(tmp_path / "draft.pdf"))

    assert state is JobState.SUCCESS, summary["error"]
    document = summary["result"]
    assert document["schema"] == "docflags/1" and document["file"] == "draft.pdf"
    assert [(f["kind"], f["text"]) for f in document["flags"]] == [("highlight", "quick brown fox")]
    assert recorder.of("progress", job_id)  # the worker's progress reached the GUI thread
    assert manager.job(job_id).first_progress_latency is not None


def test_the_real_worker_reports_a_file_that_is_not_a_pdf_in_words(
    qtbot: QtBot, make_manager: MakeManager, tmp_path: Path
) -> None:
    not_a_pdf = tmp_path / "notes.pdf"
    not_a_pdf.write_text("just some text, not a PDF\n")
    manager = make_manager(worker_command=worker_prefix(), ocr=False)
    _, state, summary = run_job(qtbot, manager, not_a_pdf)

    assert state is JobState.FAILURE
    assert summary["exit_code"] == 3
    assert summary["error"] and "Traceback" not in summary["error"]


def test_a_real_worker_stuck_in_a_blocking_read_is_killed_on_cancel(
    qtbot: QtBot, make_manager: MakeManager, tmp_path: Path
) -> None:
    fifo = tmp_path / "never-written.pdf"
    os.mkfifo(fifo)  # opening it blocks for ever: SIGTERM alone cannot stop the worker
    manager = make_manager(worker_command=worker_prefix(), ocr=False)
    with qtbot.waitSignal(manager.job_started):
        job_id = manager.submit(fifo)
    qtbot.waitUntil(lambda: manager.job(job_id).pid is not None)
    # Blocked opening the FIFO: its SIGTERM handler is installed and cannot help it.
    wchan = Path(f"/proc/{manager.job(job_id).pid}/wchan")
    qtbot.waitUntil(lambda: wchan.read_text() == "wait_for_partner", timeout=20_000)
    manager.cancel(job_id)
    state, summary = wait_finished(qtbot, manager, job_id)

    assert state is JobState.CANCELLED
    assert summary["exit_code"] == -9  # killed after the grace period

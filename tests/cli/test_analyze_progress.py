"""The progress line: shown on a terminal, absent when stderr is piped, never garbling errors."""

from __future__ import annotations

import io

from docflags_gui.cli.progress import ProgressLine


def test_nothing_is_written_when_not_on_a_terminal() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, 3)
    assert not line.enabled
    line.update(0, "a.pdf", "Page 1/9: reading")
    line.file_finished(0)
    line.close()
    assert stream.getvalue() == ""


def test_on_a_terminal_it_shows_files_done_and_the_current_page() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, 3, enabled=True)
    line.update(0, "a.pdf", "Page 15/35: OCR")
    assert "[0/3 done] a.pdf: Page 15/35: OCR" in stream.getvalue()
    line.file_finished(0)
    assert "[1/3 done]" in stream.getvalue().rsplit("\r", 2)[-2]
    line.close()
    assert stream.getvalue().endswith("\r")


def test_a_failure_line_is_printed_on_a_clean_line_and_stays() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, 2, enabled=True)
    line.update(1, "b.pdf", "Page 1/2: reading")
    line.print_above("docflags: b.pdf: not a PDF file")
    output = stream.getvalue()
    before, _, after = output.partition("docflags: b.pdf: not a PDF file\n")
    assert before.endswith("\r") and before.rstrip("\r").rsplit("\r", 1)[-1].strip() == ""
    assert "[0/2 done]" in after

"""Which failures are the file's (a warning on the page) and which are ours (internal error)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.analysis import drawn as drawn_module
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.model import Flag
from docflags_gui.analysis.page_guard import page_failure


def _raise_in_pymupdf() -> BaseException:
    try:
        pymupdf.open().xref_object(99999)
    except Exception as exc:
        return exc
    raise AssertionError("PyMuPDF accepted a reference beyond the table")


def test_errors_raised_inside_pymupdf_are_the_files() -> None:
    why = page_failure(_raise_in_pymupdf())
    assert why is not None and why.startswith("could not be read")


def test_our_own_errors_are_bugs() -> None:
    empty: dict[str, int] = {}
    try:
        empty["missing"]
    except KeyError as exc:
        assert page_failure(exc) is None


def test_memory_errors_skip_the_page() -> None:
    assert "memory" in (page_failure(MemoryError()) or "")


def _two_pages(path: Path) -> None:
    doc = pymupdf.open()
    for n in range(2):
        page = doc.new_page()
        page.insert_text((72, 72), f"page {n + 1} words here", fontsize=12)
        page.add_highlight_annot(pymupdf.Rect(70, 60, 200, 76))
    doc.save(path)


def test_a_page_the_file_breaks_is_a_warning_and_the_others_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "two.pdf"
    _two_pages(path)
    real = drawn_module.DrawnMarks.find

    def find(self: drawn_module.DrawnMarks, ctx: PageContext) -> list[Flag]:
        if ctx.number == 1:
            raise _raise_in_pymupdf()
        return real(self, ctx)

    monkeypatch.setattr(drawn_module.DrawnMarks, "find", find)
    result = analyze_pdf(path, AnalysisOptions(ocr=False))
    assert [f.page for f in result.flags] == [2]
    assert any(w.startswith("page 1: could not be read") for w in result.warnings)


def test_a_bug_of_ours_still_ends_the_analysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "two.pdf"
    _two_pages(path)

    def find(self: object, ctx: object) -> list[object]:
        raise KeyError("a bug")

    monkeypatch.setattr(drawn_module.DrawnMarks, "find", find)
    with pytest.raises(KeyError):
        analyze_pdf(path, AnalysisOptions(ocr=False))

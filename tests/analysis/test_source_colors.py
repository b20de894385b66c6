"""Badge source numbers checked at the end against the colour order of the report's sources
list (FORMATS.md §3, §6.1): a number the list gives another colour is replaced by the nearest
number of the flag's colour; reports whose list is coloured otherwise are left alone."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf, badge_digits
from docflags_gui.analysis.context import DocContext
from docflags_gui.analysis.model import Flag
from docflags_gui.analysis.source_colors import _noted, check_sources
from tests.pdfbuilder.image_report import ImageReportStyle, build_image_report
from tests.pdfbuilder.raster import flag_rows, require_ocr
from tests.pdfbuilder.text_layers import VISIBLE

RED, BLUE, GREEN = (1.0, 0.0, 0.0), (0.0, 0.4, 0.8), (0.0, 0.67, 0.0)


def _doc(colors: dict[int, tuple[float, float, float]]) -> DocContext:
    doc_ctx = DocContext(doc=pymupdf.open(), options=AnalysisOptions(ocr=False))
    _noted(doc_ctx).update(colors)
    return doc_ctx


def _flag(color: str, source: int | None, kind: str = "drawn") -> Flag:
    return Flag(page=1, kind=kind, text="t", rect=(0, 0, 1, 1), color=color, source=source)


def test_a_number_of_another_colour_becomes_the_nearest_of_the_flags_colour() -> None:
    doc_ctx = _doc({1: RED, 2: BLUE, 3: GREEN, 4: RED})
    flags = [
        _flag("#ff0000", 1),
        _flag("#0066cc", 2),
        _flag("#00aa00", 3),
        _flag("#ff0000", 3),  # misread: red is 1 or 4
        _flag("#00aa00", 7),  # past the end of the list
        _flag("#0066cc", None),  # no badge: left alone
        _flag("#888888", 2),  # a colour the list does not have: left alone
    ]
    checked = [f.source for f in check_sources(doc_ctx, flags)]
    assert checked == [1, 2, 3, 4, 3, None, 2]


def test_a_list_coloured_otherwise_changes_nothing() -> None:
    doc_ctx = _doc({1: RED, 2: BLUE})
    flags = [_flag("#0066cc", 1), _flag("#ff0000", 2), _flag("#00aa00", 5)]
    assert [f.source for f in check_sources(doc_ctx, flags)] == [1, 2, 5]
    assert [f.source for f in check_sources(_doc({1: RED}), [_flag("#0066cc", 1)])] == [1]


@pytest.mark.parametrize("seed", [1, 2])
def test_misread_badges_of_a_cmyk_report_are_put_right_by_the_sources_list(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Converted to CMYK, the report's colours leave the classic palette, so the colour no
    longer checks the digits read; the sources list, converted too, still does."""
    require_ocr()
    read = badge_digits._read
    monkeypatch.setattr(
        badge_digits,
        "_read",
        lambda tiles, setup: [None if n is None else n + 1 for n in read(tiles, setup)],
    )
    report = build_image_report(
        tmp_path / "report.pdf",
        seed=seed,
        style=ImageReportStyle(sources=7),
        paragraphs=3,
        text_layer=VISIBLE,
        space="DeviceCMYK",
        sources_list=True,
    )
    result = analyze_pdf(report.path).to_dict()
    assert [s["n"] for s in result["sources"]] == list(range(1, 8))
    assert sorted(flag_rows(result), key=str) == sorted(report.expected_rows(), key=str)

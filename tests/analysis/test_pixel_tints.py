"""Highlights baked into page pixels (FORMATS.md §6.3): tinted runs found in pixel space, the
colour named from the tint, words from an invisible text layer or by OCR."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import analyze_pdf
from docflags_gui.analysis.colors import hex_color
from docflags_gui.analysis.pixel_tints import declared_color
from tests.pdfbuilder.core import new_document, save_pdf
from tests.pdfbuilder.raster import flag_rows, require_ocr
from tests.pdfbuilder.tint_report import build_tint_report


@pytest.mark.parametrize(
    ("tint", "color"),
    [
        ((252, 203, 201), "#ff0000"),
        ((201, 237, 237), "#00aaaa"),
        ((237, 225, 203), "#ab7000"),
        ((203, 216, 228), "#06477a"),
        ((255, 255, 153), "#ffff00"),  # not a palette tint: rebuilt at 20% over white
    ],
)
def test_a_tint_names_the_colour_painted_at_20_percent(
    tint: tuple[int, int, int], color: str
) -> None:
    assert hex_color(declared_color(tint)) == color


def test_under_an_invisible_text_layer_words_come_from_the_layer(tmp_path: Path) -> None:
    require_ocr()  # badge digits are pixels
    report = build_tint_report(tmp_path / "layer.pdf", seed=1, text_layer=True, paragraphs=2)
    result = analyze_pdf(report.path).to_dict()
    assert sorted(flag_rows(result), key=str) == sorted(report.expected_rows(), key=str)
    assert not any(f["ocr"] for f in result["flags"])


def test_without_a_text_layer_words_are_read_by_ocr(tmp_path: Path) -> None:
    require_ocr()
    report = build_tint_report(tmp_path / "scan.pdf", seed=1, text_layer=False, paragraphs=2)
    result = analyze_pdf(report.path).to_dict()
    assert sorted(flag_rows(result), key=str) == sorted(report.expected_rows(), key=str)


def test_visible_text_over_a_tinted_picture_is_a_text_page_not_a_scan(tmp_path: Path) -> None:
    doc = new_document()
    page = doc.new_page()
    width, height = 612, 792
    band = bytearray(b"\xff" * (width * height * 3))
    for y in range(96, 112):  # a pink band baked into the picture, under the line of text
        band[(y * width + 70) * 3 : (y * width + 300) * 3] = bytes((252, 203, 201)) * 230
    pix = pymupdf.Pixmap(pymupdf.csRGB, width, height, bytes(band), False)
    page.insert_image(page.rect, pixmap=pix)
    page.insert_text((72, 108), "A line of visible text on a tinted band", fontsize=11)
    path = save_pdf(doc, tmp_path / "visible.pdf")
    assert analyze_pdf(path).to_dict()["flags"] == []

"""Markup annotations and notes (analysis.markup) on PDFs from tests/pdfbuilder/annotated.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf, annotation_quads
from docflags_gui.analysis.annotation_reading import page_annotations
from docflags_gui.analysis.tessdata import find_tessdata
from tests.pdfbuilder import annotated
from tests.pdfbuilder.annotated import Expected


def flags_of(path: Path) -> list[Expected]:
    result = analyze_pdf(path, AnalysisOptions(ocr=False)).to_dict()
    return [
        Expected(f["page"], f["kind"], f["text"], f["color"], f["comment"], f["source"])
        for f in result["flags"]
    ]


def check(builder: Callable[[Path], list[Expected]], tmp_path: Path) -> None:
    path = tmp_path / "case.pdf"
    expected = builder(path)
    assert flags_of(path) == expected


def test_each_markup_kind_is_one_flag_with_its_colour_and_comment(tmp_path: Path) -> None:
    check(annotated.build_markup_kinds, tmp_path)


def test_ink_and_square_annotations_are_warnings_not_flags(tmp_path: Path) -> None:
    path = tmp_path / "case.pdf"
    annotated.build_markup_kinds(path)
    warnings = analyze_pdf(path, AnalysisOptions(ocr=False)).warnings
    assert warnings == [
        "page 1: annotations not read as flags: 1 Highlight (hidden), 1 Ink, 1 Square"
    ]


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_pages_read_the_same_words(tmp_path: Path, rotation: int) -> None:
    check(lambda p: annotated.build_rotated(p, rotation), tmp_path)


@pytest.mark.parametrize("rotation", [90, 270])
def test_vertical_words_of_upright_text_on_rotated_pages(tmp_path: Path, rotation: int) -> None:
    check(lambda p: annotated.build_upright_on_rotated(p, rotation), tmp_path)


@pytest.mark.parametrize("rotation", [0, 90])
def test_a_crop_box_off_the_origin_moves_quads_and_words_alike(
    tmp_path: Path, rotation: int
) -> None:
    check(lambda p: annotated.build_rotated(p, rotation, cropped=True), tmp_path)


def test_marks_inside_words_yield_the_covered_characters(tmp_path: Path) -> None:
    check(annotated.build_partial_words, tmp_path)


def test_odd_quad_order_missing_appearance_and_upside_down_rect(tmp_path: Path) -> None:
    check(annotated.build_quads_and_appearance_quirks, tmp_path)


def test_two_columns_and_line_end_hyphenation(tmp_path: Path) -> None:
    check(annotated.build_columns_and_hyphenation, tmp_path)


@pytest.mark.skipif(not annotated.DEJAVU.exists(), reason="DejaVu Sans not installed")
def test_ligatures_expanded_and_hebrew_in_logical_order(tmp_path: Path) -> None:
    check(annotated.build_ligatures_and_rtl, tmp_path)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("cropped", [False, True])
@pytest.mark.parametrize("shifted_mediabox", [False, True])
def test_quad_boxes_are_in_unrotated_page_space_like_the_words(
    rotation: int, cropped: bool, shifted_mediabox: bool
) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((100, 115), "marked words here", fontsize=12)
    word_box = pymupdf.Rect(page.get_text("words")[0][:4])
    annot = page.add_highlight_annot(word_box)
    annot.update()
    if shifted_mediabox:
        doc.xref_set_key(page.xref, "MediaBox", "[-20 -30 575 812]")
    if cropped:
        page.set_cropbox(pymupdf.Rect(30, 40, 500, 800))
    page.set_rotation(rotation)
    reopened = pymupdf.open("pdf", doc.tobytes())
    page = reopened[0]
    (box,) = annotation_quads.quad_boxes(page_annotations(page)[0])
    word = page.get_text("words")[0]
    assert word[4] == "marked"
    assert box == pytest.approx(word[:4], abs=0.01)


@pytest.mark.skipif(find_tessdata() is None, reason="Tesseract language data not installed")
def test_markup_over_a_scanned_page_is_read_by_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scanned.pdf"
    expected = annotated.build_scanned(path)
    result = analyze_pdf(path, AnalysisOptions(ocr=True))
    assert [
        Expected(f.page, f.kind, f.text, f.color, f.comment, f.source) for f in result.flags
    ] == expected
    assert all(f.ocr for f in result.flags)


def test_markup_over_a_scanned_page_without_ocr_keeps_the_flags(tmp_path: Path) -> None:
    path = tmp_path / "scanned.pdf"
    expected = annotated.build_scanned(path)
    result = analyze_pdf(path, AnalysisOptions(ocr=False))
    assert [(f.kind, f.text, f.comment, f.ocr) for f in result.flags] == [
        (e.kind, "", e.comment, True) for e in expected
    ]
    assert any("OCR is turned off" in w for w in result.warnings)


def test_a_flag_rect_is_the_marked_part_of_its_words(tmp_path: Path) -> None:
    path = tmp_path / "partial.pdf"
    annotated.build_partial_words(path)
    doc = pymupdf.open(path)
    page = doc[0]
    quad = annotation_quads.quad_boxes(
        next(a for a in page_annotations(page) if a.kind == "Highlight")
    )[0]
    flag = next(f for f in analyze_pdf(path, AnalysisOptions(ocr=False)).flags if f.text == "work")
    word = next(w for w in page.get_text("words") if w[4] == "framework")
    assert flag.rect[0] == pytest.approx(quad[0]) and flag.rect[0] > word[0] + 1
    assert flag.rect[1] == pytest.approx(word[1]) and flag.rect[3] == pytest.approx(word[3])

"""Marks over raster page images (Turnitin classic, iThenticate): one flag per match, text by
OCR of what lies under the marks, source from the match's tag."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf, raster
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.result import ResultDocument
from tests.pdfbuilder.core import TextFlow
from tests.pdfbuilder.image_report import build_image_report
from tests.pdfbuilder.raster import (
    MatchSpec,
    RasterReport,
    build_raster_report,
    flag_rows,
    manuscript_text,
    require_ocr,
    source_color,
    spaced_matches,
    with_page_break_match,
)


@pytest.fixture(scope="module")
def turnitin(tmp_path_factory: pytest.TempPathFactory) -> RasterReport:
    path = tmp_path_factory.mktemp("raster") / "turnitin.pdf"
    report = build_raster_report(path, manuscript_text(8, seed=11), with_page_break_match())
    assert report.raster_pages == [2, 3]
    return report


@pytest.fixture(scope="module")
def turnitin_result(turnitin: RasterReport) -> ResultDocument:
    require_ocr()
    return analyze_pdf(turnitin.path).to_dict()


def test_each_turnitin_match_is_one_ocr_flag_with_its_tag_source_and_colour(
    turnitin: RasterReport, turnitin_result: ResultDocument
) -> None:
    assert flag_rows(turnitin_result) == turnitin.expected_rows()
    assert all(f["ocr"] for f in turnitin_result["flags"])
    assert turnitin_result["warnings"] == []


def test_a_match_broken_by_a_page_break_is_one_flag_on_its_first_page(
    turnitin: RasterReport, turnitin_result: ResultDocument
) -> None:
    last_on_page_2 = [e for e in turnitin.expected if e.page == 2][-1]
    assert (last_on_page_2.source, len(last_on_page_2.text.split())) == (3, 15)
    flags = turnitin_result["flags"]
    crossing = [f for f in flags if f["page"] == 2][-1]
    assert crossing["text"] == last_on_page_2.text
    assert all(f["source"] is not None for f in flags)


def test_flag_rect_is_the_union_of_the_match_boxes_on_its_first_page(
    turnitin: RasterReport, turnitin_result: ResultDocument
) -> None:
    first = turnitin_result["flags"][0]
    doc = pymupdf.open(turnitin.path)
    page = doc[first["page"] - 1]
    area = pymupdf.Rect(first["rect"])
    area.x0, area.y0, area.x1, area.y1 = (
        area.x0 - 0.01,
        area.y0 - 0.01,
        area.x1 + 0.01,
        area.y1 + 0.01,
    )
    boxes = [
        d["rect"]
        for d in page.get_drawings()
        if d.get("fill_opacity") == pytest.approx(0.2, abs=0.01) and area.contains(d["rect"])
    ]
    assert boxes
    union = boxes[0]
    for b in boxes[1:]:
        union |= b
    assert first["rect"] == pytest.approx(list(union), abs=0.011)


ENCODINGS = {
    "group-opacity-rects": {"opacity": "group"},
    "one-path-per-match": {"opacity": "one-path"},
    "soft-masked-images": {"style": "ithenticate"},
    "jpeg-page-image": {"encoding": "jpeg"},
    "grey-page-image-group-opacity": {"encoding": "gray", "opacity": "group"},
    "tags-in-a-darker-shade": {"tag_shade": 0.3},
    "small-serif-text-at-100dpi": {"fontname": "tiro", "fontsize": 10, "dpi": 100},
}


@pytest.mark.parametrize("encoding", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_other_encodings_of_the_same_report_give_the_same_flags(
    tmp_path: Path, encoding: dict[str, Any]
) -> None:
    require_ocr()
    report = build_raster_report(tmp_path / "report.pdf", manuscript_text(2, seed=5), **encoding)
    assert flag_rows(analyze_pdf(report.path).to_dict()) == report.expected_rows()


@pytest.mark.parametrize(
    ("dpi", "box_share"), [(100, 0.75), (130, 0.6)], ids=["100dpi-75%", "130dpi-60%"]
)
def test_marks_thinner_than_the_line_still_read_whole_words(
    tmp_path: Path, dpi: int, box_share: float
) -> None:
    require_ocr()
    report = build_raster_report(
        tmp_path / "thin.pdf", manuscript_text(2, seed=9), dpi=dpi, box_share=box_share
    )
    assert flag_rows(analyze_pdf(report.path).to_dict()) == report.expected_rows()


@pytest.mark.parametrize(
    ("fontname", "dpi", "fontsize", "box_share"),
    [
        ("helv", 160, 9.5, 1.05),
        ("helv", 130, 11.0, 1.1),
        ("tiro", 100, 10.0, 1.2),
        ("cour", 130, 12.0, 1.3),
    ],
    ids=["helv-160dpi-105%", "helv-130dpi-110%", "tiro-100dpi-120%", "cour-130dpi-130%"],
)
def test_marks_taller_than_the_line_read_only_their_own_line(
    tmp_path: Path, fontname: str, dpi: int, fontsize: float, box_share: float
) -> None:
    # Each box reaches into the lines above and below it (small type, single spacing): what
    # OCR reads of those neighbours' glyphs must not end up in the passage.
    require_ocr()
    report = build_raster_report(
        tmp_path / "tall.pdf",
        manuscript_text(4, seed=7),
        lambda flow: spaced_matches(flow, every=50),
        dpi=dpi,
        fontsize=fontsize,
        box_share=box_share,
        fontname=fontname,
    )
    assert flag_rows(analyze_pdf(report.path).to_dict()) == report.expected_rows()


def test_a_page_image_cut_into_strips_is_read_as_one_picture(tmp_path: Path) -> None:
    require_ocr()
    report = build_raster_report(tmp_path / "strips.pdf", manuscript_text(3, seed=6), tiles=4)
    assert flag_rows(analyze_pdf(report.path).to_dict()) == report.expected_rows()


def test_sources_above_twelve_reuse_colours_but_keep_their_number(tmp_path: Path) -> None:
    require_ocr()
    matches = [MatchSpec(3, 5, 1), MatchSpec(20, 6, 13), MatchSpec(40, 4, 24)]
    report = build_raster_report(
        tmp_path / "cycle.pdf", manuscript_text(1, seed=2), matches, cover=False
    )
    result = analyze_pdf(report.path).to_dict()
    assert [(f["color"], f["source"]) for f in result["flags"]] == [
        (source_color(1), 1),
        (source_color(13), 13),
        (source_color(24), 24),
    ]
    assert source_color(1) == source_color(13) == "#ff0000"
    assert flag_rows(result) == report.expected_rows()


def test_a_word_hyphenated_across_lines_under_one_match_is_joined(tmp_path: Path) -> None:
    require_ocr()
    lines = (
        "Penelitian ini menunjukkan bahwa program literasi digital di sekolah\n"
        "provinsi memerlukan kerangka kebijakan yang berkelanjutan dan pendam-\n"
        "pingan yang jelas bagi guru serta mahasiswa di daerah\n"
        "pedesaan."
    )
    report = build_raster_report(
        tmp_path / "hyphen.pdf", [lines], [MatchSpec(13, 6, 4)], cover=False
    )
    assert report.expected[0].text == "yang berkelanjutan dan pendampingan yang"
    assert flag_rows(analyze_pdf(report.path).to_dict()) == report.expected_rows()


@pytest.mark.parametrize("style", ["turnitin", "ithenticate"])
def test_tags_without_digits_still_start_a_match(tmp_path: Path, style: str) -> None:
    require_ocr()
    matches = [MatchSpec(3, 30, 2), MatchSpec(33, 12, 2), MatchSpec(60, 3, 5)]
    report = build_raster_report(
        tmp_path / "bare-tags.pdf",
        manuscript_text(1, seed=8),
        matches,
        style=style,
        numbered_tags=False,
        cover=False,
    )
    assert flag_rows(analyze_pdf(report.path).to_dict()) == report.expected_rows()


@pytest.mark.parametrize("style", ["turnitin", "ithenticate"])
def test_a_whole_report_gives_its_flags_similarity_and_sources(tmp_path: Path, style: str) -> None:
    """Cover page, raster pages, ORIGINALITY REPORT page: every part where it belongs."""
    require_ocr()

    def plan(flow: TextFlow) -> list[MatchSpec]:
        # report.py's iThenticate summary fits nine rows on its one page
        return [MatchSpec(m.start, m.length, (m.source - 1) % 9 + 1) for m in spaced_matches(flow)]

    report = build_raster_report(
        tmp_path / "whole.pdf", manuscript_text(6, seed=21), plan, style=style, summary=True
    )
    result = analyze_pdf(report.path).to_dict()
    assert flag_rows(result) == report.expected_rows()
    assert (result["similarity"], result["sources"]) == (report.similarity, report.sources)
    assert result["warnings"] == []


def page_context(path: Path, number: int) -> PageContext:
    doc = pymupdf.open(path)
    return PageContext(DocContext(doc=doc, options=AnalysisOptions()), doc[number - 1])


def test_only_pages_with_marks_over_an_image_without_text_need_ocr(
    turnitin: RasterReport,
) -> None:
    assert not raster.page_needs_ocr(page_context(turnitin.path, 1))  # the cover page
    assert all(raster.page_needs_ocr(page_context(turnitin.path, n)) for n in turnitin.raster_pages)


def test_marks_over_a_text_layer_are_left_to_the_drawn_detector(tmp_path: Path) -> None:
    """A scanned page with a text layer under the image: the words are there, no OCR."""
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 600, 800), False)
    pix.clear_with(255)
    page.insert_image(page.rect, pixmap=pix)
    page.insert_text((72, 100), "words that are really here", fontsize=11)
    page.draw_rect(pymupdf.Rect(70, 90, 200, 103), color=None, fill=(1, 0, 0), fill_opacity=0.2)
    path = tmp_path / "scan-with-text.pdf"
    doc.save(path)
    ctx = page_context(path, 1)
    assert not raster.page_needs_ocr(ctx)
    assert raster.RasterMarks(ctx.doc_ctx).find(ctx) == []


def test_coloured_shapes_over_a_figure_on_a_text_page_are_not_flags(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    words = " ".join(["results"] * 12)
    for i in range(6):
        page.insert_text((72, 72 + 14 * i), words, fontsize=10)
    figure = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 400, 300), False)
    figure.clear_with(230)
    page.insert_image(pymupdf.Rect(72, 180, 472, 480), pixmap=figure)
    for i in range(5):  # chart markers: coloured bars and legend squares over the figure
        page.draw_rect(
            pymupdf.Rect(100 + 60 * i, 300, 140 + 60 * i, 312), color=None, fill=(0, 0.4, 0.8)
        )
    path = tmp_path / "figure.pdf"
    doc.save(path)
    ctx = page_context(path, 1)
    assert not raster.page_needs_ocr(ctx)
    assert raster.RasterMarks(ctx.doc_ctx).find(ctx) == []


def test_progress_reports_the_ocr_stage_on_raster_pages(turnitin: RasterReport) -> None:
    messages: list[str] = []
    analyze_pdf(
        turnitin.path,
        AnalysisOptions(ocr=False),
        progress=lambda done, total, message: messages.append(message),
    )
    total = turnitin.pages
    assert [m for m in messages if m.endswith("OCR")] == [
        f"Page {n}/{total}: OCR" for n in turnitin.raster_pages
    ]


def test_pages_the_ocr_plan_looked_at_ahead_list_their_images_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With OCR threads, the plan looks at pages ahead of the engine; the engine then takes the
    page's images as the plan listed them (hundreds on a §6.1 page) instead of again."""
    require_ocr()
    report = build_image_report(tmp_path / "report.pdf", seed=3, paragraphs=20)
    listed: list[int] = []
    get_images: Callable[..., list[Any]] = pymupdf.Page.get_images

    def spy(page: pymupdf.Page, full: bool = False) -> list[Any]:
        listed.append(page.number)
        return get_images(page, full=full)

    monkeypatch.setattr(pymupdf.Page, "get_images", spy)
    result = analyze_pdf(report.path, AnalysisOptions(ocr_processes=2)).to_dict()
    assert sorted(flag_rows(result), key=str) == sorted(report.expected_rows(), key=str)
    pages = pymupdf.open(report.path).page_count
    assert pages > 2
    assert sorted(listed) == list(range(pages))

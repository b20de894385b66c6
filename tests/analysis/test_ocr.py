"""OCR set-up and its failure modes: where tessdata is, which languages, and what a user gets
when OCR cannot run (a warning, flags without text, never a crash)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import (
    AnalysisOptions,
    analyze_pdf,
    ocr,
    page_images,
    tessdata,
)
from docflags_gui.result import ResultDocument
from tests.analysis.ocr_readings import analyse_keeping_readings
from tests.pdfbuilder.image_report import build_image_report
from tests.pdfbuilder.raster import (
    RasterReport,
    build_raster_report,
    flag_rows,
    manuscript_text,
    require_ocr,
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> RasterReport:
    path = tmp_path_factory.mktemp("ocr") / "report.pdf"
    return build_raster_report(path, manuscript_text(1, seed=4))


def flags_without_text(result: ResultDocument, report: RasterReport) -> None:
    assert [(f["page"], f["color"], f["source"]) for f in result["flags"]] == [
        (e.page, e.color, e.source) for e in report.expected
    ]
    assert all(f["text"] == "" and f["ocr"] for f in result["flags"])


def test_without_tessdata_flags_are_listed_without_text_and_a_warning_says_why(
    report: RasterReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-models"
    empty.mkdir()
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))
    result = analyze_pdf(report.path).to_dict()
    flags_without_text(result, report)
    assert len(result["warnings"]) == 1
    assert "tessdata" in result["warnings"][0] and "without text" in result["warnings"][0]


def test_with_ocr_turned_off_flags_are_listed_without_text_and_a_warning_says_so(
    report: RasterReport,
) -> None:
    result = analyze_pdf(report.path, AnalysisOptions(ocr=False)).to_dict()
    flags_without_text(result, report)
    assert result["warnings"] == [
        "OCR is turned off: passages on scanned (image) pages are listed without text"
    ]


def test_tessdata_prefix_may_name_the_models_folder_or_its_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = tmp_path / "tessdata"
    models.mkdir()
    (models / "eng.traineddata").write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(models))
    assert tessdata.find_tessdata() == models
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert tessdata.find_tessdata() == models


def fake_tessdata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *languages: str) -> Path:
    folder = tmp_path / "tessdata"
    folder.mkdir()
    for lang in (*languages, "osd"):
        (folder / f"{lang}.traineddata").write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(folder))
    return folder


def test_default_languages_are_english_and_indonesian_where_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tessdata(tmp_path, monkeypatch, "eng", "ind", "deu")
    setup = tessdata.ocr_setup(True, None)
    assert (setup.language, setup.problem, setup.notice) == ("eng+ind", None, None)


def test_a_missing_language_is_left_out_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tessdata(tmp_path, monkeypatch, "eng")
    setup = tessdata.ocr_setup(True, None)
    assert setup.language == "eng"
    assert setup.notice == "OCR data for 'ind' not installed; text taken from 'eng'"


def test_asked_for_languages_are_used_in_order_and_odd_names_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tessdata(tmp_path, monkeypatch, "eng", "ind", "deu")
    assert tessdata.ocr_setup(True, "deu+eng").language == "deu+eng"
    odd = tessdata.ocr_setup(True, "../../etc/passwd")
    assert odd.language == "eng" and odd.notice is not None


def test_a_missing_language_reaches_the_result_warnings(
    report: RasterReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_ocr()
    result = analyze_pdf(report.path, AnalysisOptions(ocr_languages="eng+xx")).to_dict()
    assert result["warnings"] == ["OCR data for 'xx' not installed; text taken from 'eng'"]
    assert [f["text"] for f in result["flags"]] == [e.text for e in report.expected]


def test_page_image_resolution_is_read_from_its_pixels_and_placement() -> None:
    image = page_images.PageImage(
        1, (34.4, 29.4, 443.8, 608.6), (409.4, 0, 0, 579.2, 34.4, 29.4), 1075, 1521
    )
    assert image.pixels_per_point == pytest.approx(1075 / 409.4, rel=1e-3)
    assert image.pixel_box((34.4, 29.4, 443.8, 608.6)) == pymupdf.IRect(0, 0, 1075, 1521)


def test_a_pixel_box_covers_every_pixel_a_rect_touches_clipped_to_the_image() -> None:
    # 2 pixels a point, placed at (10, 20): page x = 10 + pixel x / 2.
    image = page_images.PageImage(1, (10, 20, 110, 220), (100, 0, 0, 200, 10, 20), 200, 400)
    assert image.pixel_box((20.2, 30.0, 40.3, 31.1)) == pymupdf.IRect(20, 20, 61, 23)
    assert image.pixel_box((0, 0, 15, 25)) == pymupdf.IRect(0, 0, 10, 10)  # over the corner
    assert image.pixel_box((100, 200, 500, 900)) == pymupdf.IRect(180, 360, 200, 400)
    assert image.pixel_box((200, 300, 220, 310)).is_empty  # beside the image
    assert image.pixel_box((20, 30, 20, 40)).is_empty  # no width
    # Drawn upside down (a flipped placement): rows count from the page's bottom.
    flipped = page_images.PageImage(1, (10, 20, 110, 220), (100, 0, 0, -200, 10, 220), 200, 400)
    assert flipped.pixel_box((20, 210, 30, 220)) == pymupdf.IRect(20, 0, 40, 20)


def test_ocr_tests_skip_without_tessdata_but_fail_when_ci_requires_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.delenv("DOCFLAGS_REQUIRE_OCR", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_ocr()
    monkeypatch.setenv("DOCFLAGS_REQUIRE_OCR", "1")
    with pytest.raises(pytest.fail.Exception):
        require_ocr()


def test_stray_strokes_read_as_bars_or_underscores_are_dropped() -> None:
    assert ocr.clean_ocr_text("penelitian| | akses_ dan") == "penelitian akses dan"
    assert ocr.clean_ocr_text("kerangka-kerja, (2020).") == "kerangka-kerja, (2020)."


@pytest.mark.parametrize("scale", [1.1, 1.55, 2.0, 3.0])
def test_a_canvas_of_grays_enlarged_in_gray_is_the_same_as_enlarged_in_rgb(scale: float) -> None:
    # prepare_reading enlarges a neutral canvas as one channel: that must give the bytes that
    # enlarging its RGB pixels and keeping one channel gives (what Tesseract read before).
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=60)
    page.insert_text((8, 30), "penelitian pendidikan 2019", fontsize=13, fontname="tiro")
    page.draw_line((8, 40), (200, 41), color=(0.5, 0.5, 0.5), width=0.7)
    rgb = page.get_pixmap(dpi=96, alpha=False)
    samples, components = ocr.gray_when_neutral(rgb.samples)
    assert components == 1 and len(set(samples)) > 20  # anti-aliased edges: many grays
    gray = pymupdf.Pixmap(pymupdf.csGRAY, rgb.width, rgb.height, samples, False)
    width, height = round(rgb.width * scale), round(rgb.height * scale)
    enlarged_rgb = pymupdf.Pixmap(rgb, width, height, None)
    enlarged_gray = pymupdf.Pixmap(gray, width, height, None)
    assert (enlarged_gray.width, enlarged_gray.height) == (width, height)
    assert enlarged_gray.samples == ocr.gray_when_neutral(enlarged_rgb.samples)[0]


def first_ink_column(canvas: ocr.Canvas, top: int, bottom: int) -> int:
    """The leftmost column of `canvas` with a dark pixel in rows top..bottom-1 (its width for
    none)."""
    n, width = canvas.components, canvas.width
    first = width
    for y in range(max(0, top), min(canvas.height, bottom)):
        row = canvas.samples[y * width * n : (y + 1) * width * n : n]
        dark = next((x for x, v in enumerate(row[:first]) if v < 128), first)
        first = min(first, dark)
    return first


def test_bands_of_both_columns_start_at_the_canvas_left_edge_and_map_back_to_their_column(
    tmp_path: Path,
) -> None:
    # Seed 3 is a two-column (Turnitin 2019) report. Each band is read from the canvas's left
    # edge, however far right it lies on the page: the canvas is one band wide, not the span of
    # both columns (Tesseract's cost grows with the pixels it is handed). Each band's words
    # must still land on its own column: the flags are exact.
    require_ocr()
    report = build_image_report(tmp_path / "two-columns.pdf", seed=3, paragraphs=4)
    assert report.style.columns == 2
    result, prepared = analyse_keeping_readings(report.path)
    assert sorted(flag_rows(result), key=str) == sorted(report.expected_rows(), key=str)
    # The right column's text lies right of the middle of the page image (the largest one).
    with pymupdf.open(report.path) as doc:
        picture = max(doc[0].get_image_info(), key=lambda i: abs(pymupdf.Rect(i["bbox"])))
    middle = (picture["bbox"][0] + picture["bbox"][2]) / 2
    right_column_bands = 0
    for reading in prepared:
        canvas = reading.canvas
        tops = [round(strip[0]) for strip in reading.strips] + [canvas.height]
        for index, (top, bottom) in enumerate(itertools.pairwise(tops)):
            ink = first_ink_column(canvas, top, bottom)
            assert ink < canvas.width // 8
            # Where that ink is on the page, through the band's matrix.
            to_page = pymupdf.Matrix(reading.strips[index][1])
            if (pymupdf.Point(ink, (top + bottom) / 2) * to_page).x > middle:
                right_column_bands += 1
    assert right_column_bands > 0


@pytest.mark.parametrize("processes", [1, 2])
def test_a_scanned_page_without_marks_says_nothing_of_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    # The OCR threads start as soon as a page image turns up (OcrService.expect_reading), and
    # badge digits are looked for on it, but why OCR cannot run, or which language is missing,
    # is news only when there is text to read: a page image without marks has none.
    path = tmp_path / "scan.pdf"
    build_raster_report(path, manuscript_text(3), [])
    options = AnalysisOptions(ocr_processes=processes)
    assert analyze_pdf(path, options).to_dict()["warnings"] == []
    off = AnalysisOptions(ocr=False, ocr_processes=processes)
    assert analyze_pdf(path, off).to_dict()["warnings"] == []
    missing = AnalysisOptions(ocr_languages="eng+xyz", ocr_processes=processes)
    assert analyze_pdf(path, missing).to_dict()["warnings"] == []
    empty = tmp_path / "no-models"
    empty.mkdir()
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))
    assert analyze_pdf(path, options).to_dict()["warnings"] == []

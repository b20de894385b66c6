"""Highlights painted as images with soft masks at low opacity (FORMATS.md §6.1): every image
paint found with its opacity, badges told from segments by opacity, source numbers read from the
badges' pixels, and one OCR'd flag per match, continuations included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.image_paints import image_paints, walk_images
from docflags_gui.analysis.palette import palette_index, source_for
from docflags_gui.result import ResultDocument
from tests.pdfbuilder.image_report import ImageReportStyle, build_image_report
from tests.pdfbuilder.raster import flag_rows, require_ocr, source_color


def _page(path: Path, index: int, ocr: bool = True) -> PageContext:
    doc = pymupdf.open(path)
    return PageContext(DocContext(doc=doc, options=AnalysisOptions(ocr=ocr)), doc[index])


@pytest.fixture(scope="module")
def classic(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("image-marks") / "classic.pdf"
    return build_image_report(path, seed=5)


@pytest.fixture(scope="module")
def classic_result(classic: Any) -> ResultDocument:
    require_ocr()
    return analyze_pdf(classic.path).to_dict()


def test_segments_below_half_opacity_are_missing_from_image_info_but_not_from_paints(
    classic: Any,
) -> None:
    ctx = _page(classic.path, 0)
    paints = image_paints(ctx)
    assert len(ctx.page.get_image_info()) < len(paints)
    alphas = sorted({round(p.alpha, 2) for p in paints if p.alpha is not None})
    assert alphas == [0.2, 0.8, 1.0]
    assert len(paints) == sum(1 for kind, _ in ctx.page.get_bboxlog() if kind == "fill-image")


def test_walk_follows_forms_and_multiplies_their_opacity(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 4, 4), False)
    pix.set_rect(pix.irect, (255, 0, 0))
    image = doc.get_new_xref()
    doc.update_object(
        image,
        "<</Type/XObject/Subtype/Image/Width 4/Height 4/BitsPerComponent 8/ColorSpace/DeviceRGB>>",
    )
    doc.update_stream(image, bytes(pix.samples))
    form = doc.get_new_xref()
    doc.update_object(
        form,
        f"<</Type/XObject/Subtype/Form/BBox[0 0 100 100]/Resources<</XObject<</I {image} 0 R>>"
        "/ExtGState<</H<</ca .5>>>>>>>>",
    )
    doc.update_stream(form, b"q /H gs 50 0 0 10 0 0 cm /I Do Q")
    doc.xref_set_key(
        page.xref,
        "Resources",
        f"<</XObject<</F {form} 0 R/I {image} 0 R>>/ExtGState<</G<</ca .4>>>>>>",
    )
    content = doc.get_new_xref()
    doc.update_object(content, "<<>>")
    doc.update_stream(
        content,
        b"q /G gs 1 0 0 1 100 100 cm /F Do Q "
        b"q 10 0 0 10 300 300 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \xff EI Q "
        b"q 20 0 0 20 400 400 cm /I Do Q",
    )
    doc.xref_set_key(page.xref, "Contents", f"{content} 0 R")
    assert walk_images(page) == [(image, pytest.approx(0.2)), (0, 1.0), (image, 1.0)]


def test_a_badge_colour_agreeing_with_the_number_read_keeps_it() -> None:
    red = (1.0, 0.0, 0.0)
    assert palette_index(red) == 0
    assert source_for(0, 13) == 13
    assert source_for(0, 14) == 13  # misread: the colour says 1, 13, 25 ...: the nearest
    assert source_for(0, 24) == 25
    assert source_for(7, 3) == 8  # 8, 20 ...
    assert source_for(0, None) == 1
    assert source_for(None, 7) == 7


def test_each_image_match_is_one_ocr_flag_with_its_badge_source(
    classic: Any, classic_result: ResultDocument
) -> None:
    assert sorted(flag_rows(classic_result), key=str) == sorted(classic.expected_rows(), key=str)
    assert classic_result["warnings"] == []


SEEDS = {
    "turnitin-2019-two-columns": 3,
    "ithenticate-29-sources-by-badge-digits": 10,
}


@pytest.mark.parametrize("seed", SEEDS.values(), ids=SEEDS.keys())
def test_other_styles_give_one_flag_per_match(tmp_path: Path, seed: int) -> None:
    require_ocr()
    report = build_image_report(tmp_path / "report.pdf", seed=seed, paragraphs=4)
    result = analyze_pdf(report.path).to_dict()
    assert sorted(flag_rows(result), key=str) == sorted(report.expected_rows(), key=str)
    assert result["warnings"] == []


def test_a_badge_less_continuation_drawn_after_a_match_of_its_colour_joins_its_own_match(
    classic: Any, classic_result: ResultDocument
) -> None:
    crossing = [e for e in classic.expected if e.page == 1][-1]
    on_next_page = [e for e in classic.expected if e.page == 2 and e.color == crossing.color]
    assert on_next_page, "the fixture puts a badged match of the same colour on page 2"
    rows = flag_rows(classic_result)
    assert (1, "drawn", crossing.text, crossing.color, crossing.source, True) in rows


def test_without_ocr_badge_sources_come_from_the_palette(tmp_path: Path) -> None:
    style = ImageReportStyle(sources=6)
    report = build_image_report(tmp_path / "palette.pdf", seed=2, style=style, paragraphs=3)
    result = analyze_pdf(report.path, AnalysisOptions(ocr=False)).to_dict()
    found = sorted((f["page"], f["color"], f["source"]) for f in result["flags"])
    assert found == sorted((e.page, e.color, e.source) for e in report.expected)
    assert all(source is not None and color == source_color(source) for _, color, source in found)

"""Highlight images over a page WITH a text layer (FORMATS.md §6.1 over real text, or over a
page image under an invisible OCR layer): segments read from the text layer as drawn flags,
their image badges numbered from pixels; images in DeviceCMYK or Indexed colour; pictures over
text are not marks; a soft mask can make an image a segment, and is decoded only where it
could."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf, image_looks, image_marks
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.image_overlay import image_overlay
from docflags_gui.analysis.image_paints import image_paints
from tests.pdfbuilder.core import PlacedLine, new_document, save_pdf, write_line
from tests.pdfbuilder.image_report import build_image_report
from tests.pdfbuilder.raster import flag_rows, require_ocr
from tests.pdfbuilder.report_images import image_xref, segment_image
from tests.pdfbuilder.text_layers import INVISIBLE, VISIBLE

CASES = {
    "real-text-rgb": (1, VISIBLE, "DeviceRGB"),
    "real-text-cmyk": (2, VISIBLE, "DeviceCMYK"),
    "ocr-layer-indexed": (4, INVISIBLE, "Indexed"),
    "ocr-layer-cmyk-two-columns": (3, INVISIBLE, "DeviceCMYK"),
}


@pytest.mark.parametrize(("seed", "layer", "space"), CASES.values(), ids=CASES.keys())
def test_segments_over_a_text_layer_are_read_from_it(
    tmp_path: Path, seed: int, layer: str, space: str
) -> None:
    require_ocr()  # badge digits are pixels
    report = build_image_report(
        tmp_path / "report.pdf", seed=seed, paragraphs=3, text_layer=layer, space=space
    )
    result = analyze_pdf(report.path).to_dict()
    assert sorted(flag_rows(result), key=str) == sorted(report.expected_rows(), key=str)
    assert result["warnings"] == []
    assert not any(f["ocr"] for f in result["flags"])


def test_without_ocr_the_text_is_still_read_and_badges_give_way(tmp_path: Path) -> None:
    report = build_image_report(tmp_path / "report.pdf", seed=1, paragraphs=2, text_layer=VISIBLE)
    result = analyze_pdf(report.path, AnalysisOptions(ocr=False)).to_dict()
    found = sorted((f["page"], f["text"], f["color"]) for f in result["flags"])
    assert found == sorted((e.page, e.text, e.color) for e in report.expected)


def test_pictures_over_text_are_not_marks(tmp_path: Path) -> None:
    """An opaque image (a logo), a translucent image that is not of one colour (a
    photograph's thumbnail) and a gray translucent one over words are no flags; a uniform
    translucent one in a colour is."""
    doc = new_document()
    page = doc.new_page()
    lines = [
        write_line(page, (72, 100 + 20 * i), "words of the body text on this line here")
        for i in range(4)
    ]
    noisy = bytes((i * 37 + j * 91) % 256 for i in range(30 * 10) for j in range(3))
    images = {
        "L": (image_xref(doc, (30, 10), bytes([200, 30, 30]) * 300, None), 1.0),
        "P": (image_xref(doc, (30, 10), noisy, bytes([255]) * 300), 0.2),
        "G": (segment_image(doc, "#a0a0a0", (60, 10), random.Random(1), "DeviceCMYK"), 0.2),
        "S": (segment_image(doc, "#00aaaa", (60, 10), random.Random(1)), 0.2),
    }
    _paint_over_lines(doc, page, lines, images)
    path = save_pdf(doc, tmp_path / "pictures.pdf")
    opened = pymupdf.open(path)
    ctx = PageContext(DocContext(doc=opened, options=AnalysisOptions(ocr=False)), opened[0])
    assert [m.color for m in image_overlay(ctx).marks] == ["#00aaaa"]
    result = analyze_pdf(path, AnalysisOptions(ocr=False)).to_dict()
    assert [(f["text"], f["page"]) for f in result["flags"]] == [("words of the", 1)]
    assert result["flags"][0]["rect"][1] > lines[3].rect[1] - 2


def _paint_over_lines(
    doc: pymupdf.Document,
    page: pymupdf.Page,
    lines: Sequence[PlacedLine],
    images: dict[str, tuple[int, float]],
) -> None:
    """Paint each image (name: xref, fill opacity 1 or .2) over the first three words of its
    line, in turn."""
    page.clean_contents()
    kind, value = doc.xref_get_key(page.xref, "Resources")
    owner, prefix = (int(value.split()[0]), "") if kind == "xref" else (page.xref, "Resources/")
    names = "".join(f"/{n} {x} 0 R" for n, (x, _) in images.items())
    doc.xref_set_key(owner, f"{prefix}XObject", f"<<{names}>>")
    doc.xref_set_key(owner, f"{prefix}ExtGState", "<</G1<</ca 1>>/G2<</ca .2>>>>")
    ops = []
    for line, (name, (_, alpha)) in zip(lines, images.items(), strict=True):
        x0, y0, x1, y1 = line.span(0, 2)
        bottom = page.rect.height - y1
        state = "G1" if alpha == 1.0 else "G2"
        ops.append(f"q /{state} gs {x1 - x0} 0 0 {y1 - y0} {x0} {bottom} cm /{name} Do Q")
    (content,) = page.get_contents()
    doc.update_stream(content, doc.xref_stream(content) + "\n".join(ops).encode())


def test_a_soft_mask_alone_can_make_an_image_a_segment(tmp_path: Path) -> None:
    """An image painted at full opacity whose soft mask is at .2 shows as a segment; with a
    full mask it is opaque, and no mark."""
    doc = new_document()
    page = doc.new_page()
    lines = [
        write_line(page, (72, 100 + 20 * i), "words of the body text on this line here")
        for i in range(2)
    ]
    teal = bytes([0, 170, 170]) * 600
    images = {
        "M": (image_xref(doc, (60, 10), teal, bytes([51]) * 600), 1.0),
        "O": (image_xref(doc, (60, 10), teal, bytes([255]) * 600), 1.0),
    }
    _paint_over_lines(doc, page, lines, images)
    path = save_pdf(doc, tmp_path / "masked.pdf")
    opened = pymupdf.open(path)
    ctx = PageContext(DocContext(doc=opened, options=AnalysisOptions(ocr=False)), opened[0])
    marks = image_overlay(ctx).marks
    assert [(m.color, round(m.opacity, 2)) for m in marks] == [("#00aaaa", 0.2)]
    assert marks[0].rect[1] < lines[1].rect[1]


def test_the_soft_masks_of_translucent_segments_are_not_decoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A segment painted at .2 cannot be made opaque by its mask, and each has its own: only
    the images painted at .5 or more (badges) have theirs decoded."""
    report = build_image_report(tmp_path / "report.pdf", seed=2, paragraphs=3, text_layer=VISIBLE)
    decoded: list[int] = []
    level = image_looks.mask_level

    def counted(doc_ctx: DocContext, xref: int) -> float:
        decoded.append(xref)
        return level(doc_ctx, xref)

    monkeypatch.setattr(image_marks, "mask_level", counted)
    result = analyze_pdf(report.path, AnalysisOptions(ocr=False)).to_dict()
    assert result["flags"]
    doc = pymupdf.open(report.path)
    alphas = {
        paint.xref: paint.alpha
        for page in doc.pages()
        for paint in image_paints(PageContext(DocContext(doc, AnalysisOptions(ocr=False)), page))
    }
    assert decoded and all((alphas[x] or 0) >= image_marks.BADGE_ALPHA for x in decoded)
    assert any(alpha is not None and alpha < image_marks.BADGE_ALPHA for alpha in alphas.values())

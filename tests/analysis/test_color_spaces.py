"""Colours in any colour space resolve to the `#rrggbb` the page shows: vector fills, polygons
and annotation colours in DeviceCMYK, ICCBased (RGB, CMYK, gray profiles), Indexed,
Separation, DeviceN, Lab and gray; images in those spaces; gray stays "not a mark"."""

from __future__ import annotations

import random
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.analysis.color_spaces import declared_rgb, pdf_color_hex, srgb_pixmap
from docflags_gui.analysis.context import DocContext
from docflags_gui.analysis.image_looks import image_look
from tests.pdfbuilder.color_report import build_color_report
from tests.pdfbuilder.color_spaces import IMAGE_SPACES, ColorSpaces, Paint

# The colour reported may differ from the rendered pixel by rounding (0..255 per channel).
TOLERANCE = 2


def _close(a: str | None, b: str | None) -> bool:
    return (
        a is not None
        and b is not None
        and all(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) <= TOLERANCE for i in (1, 3, 5))
    )


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_marks_in_every_space_have_the_colour_the_page_shows(tmp_path: Path, seed: int) -> None:
    report = build_color_report(tmp_path / "spaces.pdf", seed=seed)
    result = analyze_pdf(report.path, AnalysisOptions(ocr=False)).to_dict()
    found = {(f["page"], f["kind"], f["text"]): f["color"] for f in result["flags"]}
    assert report.gray_marks == 2
    assert sorted(found) == sorted((e.page, e.kind, e.text) for e in report.expected)
    for e in report.expected:
        assert _close(found[(e.page, e.kind, e.text)], e.color), (e.space, e.color)


def _rendered(spaces: ColorSpaces, components: list[float]) -> str:
    space = {1: "DeviceGray", 4: "DeviceCMYK"}[len(components)]
    return spaces.rendered_hex(Paint(space, tuple(components), "", f"/{space}"))


def test_declared_colours_convert_as_mupdf_renders_them() -> None:
    doc = pymupdf.open()
    spaces = ColorSpaces(doc, random.Random(1))
    cmyk = [0.0, 1.0, 0.5, 0.0]
    assert _close(pdf_color_hex(cmyk), _rendered(spaces, cmyk))
    assert pdf_color_hex(cmyk) != "#ff0080"  # not the naive 1 - c formula
    assert _close(pdf_color_hex([0.5]), _rendered(spaces, [0.5]))
    assert declared_rgb([0.2, 0.4, 0.6]) == (0.2, 0.4, 0.6)  # RGB as written
    assert declared_rgb([]) is None and declared_rgb([0.1, 0.2]) is None


def _rendered_image(doc: pymupdf.Document, xref: int) -> str:
    """The colour image `xref` shows when a page paints it (images convert out-of-gamut colours
    a little differently from vector fills, so they are compared with their own rendering)."""
    page = doc.new_page(width=20, height=20)
    doc.xref_set_key(page.xref, "Resources", f"<</XObject<</I {xref} 0 R>>>>")
    content = doc.get_new_xref()
    doc.update_object(content, "<<>>")
    doc.update_stream(content, b"q 20 0 0 20 0 0 cm /I Do Q")
    doc.xref_set_key(page.xref, "Contents", f"{content} 0 R")
    r, g, b = page.get_pixmap(alpha=False).pixel(10, 10)
    return f"#{r:02x}{g:02x}{b:02x}"


@pytest.mark.parametrize("space", IMAGE_SPACES)
def test_images_in_any_space_are_seen_in_the_colour_they_render(space: str) -> None:
    doc = pymupdf.open()
    spaces = ColorSpaces(doc, random.Random(3))
    paint = spaces.paint(space)
    xref = spaces.image(paint, (12, 4), bytes([255]) * 48)
    look = image_look(DocContext(doc=doc, options=AnalysisOptions(ocr=False)), xref)
    assert look.rgb is not None
    seen = "#" + "".join(f"{round(v * 255):02x}" for v in look.rgb)
    assert _close(seen, _rendered_image(doc, xref)), (space, seen)
    pixels = srgb_pixmap(pymupdf.Pixmap(doc, xref))
    assert pixels.n == 3 and not pixels.alpha

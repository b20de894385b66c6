"""What an image shows (`image_looks`): a big flat segment's colour read from the first bytes
of its stream, without decoding it; every other image decoded, so that its most common colour
counts; soft-mask levels decoded only where asked for."""

from __future__ import annotations

import random
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, color_spaces, image_looks
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.image_looks import (
    FLAT_PIXELS,
    MIN_FLAT_PIXELS,
    image_look,
    mask_level,
)
from docflags_gui.analysis.image_marks import MAX_BADGE, image_marks
from docflags_gui.analysis.image_paints import image_paints
from tests.pdfbuilder.image_report import build_image_report
from tests.pdfbuilder.report_images import (
    image_xref,
    rgb_of,
    segment_image,
    shown_color,
)

RED, BLUE = bytes(rgb_of("#ff0000")), bytes(rgb_of("#0064d1"))
# A §6.1 segment: 93 px tall, at least MIN_FLAT_PIXELS in all.
SEGMENT = (1400, 93)


def _ctx(doc: pymupdf.Document) -> DocContext:
    return DocContext(doc=doc, options=AnalysisOptions(ocr=False))


def _hex(rgb: tuple[float, float, float] | None) -> str | None:
    return None if rgb is None else "#" + "".join(f"{round(v * 255):02x}" for v in rgb)


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding an image fails the test."""

    def fail(pix: pymupdf.Pixmap) -> pymupdf.Pixmap:
        raise AssertionError("decoded")

    monkeypatch.setattr(image_looks, "srgb_pixmap", fail)


def test_a_big_flat_segment_is_read_from_the_start_of_its_stream(no_decoding: None) -> None:
    doc = pymupdf.open()
    xref = segment_image(doc, "#00aaaa", SEGMENT, random.Random(1))
    assert SEGMENT[0] * SEGMENT[1] >= MIN_FLAT_PIXELS
    look = image_look(_ctx(doc), xref)
    assert (_hex(look.rgb), look.uniform) == ("#00aaaa", True)


def test_a_big_image_that_compresses_badly_is_decoded_and_its_most_common_colour_taken() -> None:
    # The first rows are red, the rest mostly blue among random pixels: not a stream of repeats,
    # so its first pixels do not stand for it.
    width, height = SEGMENT
    rng = random.Random(2)
    rows = 2 * FLAT_PIXELS // width + 1
    rest = [
        BLUE if rng.random() < 0.6 else rng.randbytes(3) for _ in range((height - rows) * width)
    ]
    doc = pymupdf.open()
    xref = image_xref(doc, SEGMENT, RED * (rows * width) + b"".join(rest), None)
    look = image_look(_ctx(doc), xref)
    assert (_hex(look.rgb), look.uniform) == ("#0064d1", True)


def test_a_flat_image_whose_first_pixels_differ_is_decoded() -> None:
    width, height = SEGMENT
    samples = RED * 5 + BLUE * (width * height - 5)
    doc = pymupdf.open()
    look = image_look(_ctx(doc), image_xref(doc, SEGMENT, samples, None))
    assert (_hex(look.rgb), look.uniform) == ("#0064d1", True)


def test_a_flat_image_with_a_decode_array_is_decoded_to_the_colour_it_shows() -> None:
    # /Decode [1 0 1 0 1 0] inverts every sample: the stream's bytes are not its colour.
    doc = pymupdf.open()
    xref = image_xref(doc, SEGMENT, RED * (SEGMENT[0] * SEGMENT[1]), None)
    doc.xref_set_key(xref, "Decode", "[1 0 1 0 1 0]")
    look = image_look(_ctx(doc), xref)
    assert (_hex(look.rgb), look.uniform) == ("#00ffff", True)


@pytest.mark.parametrize("space", ["DeviceCMYK", "Indexed"])
def test_segments_in_other_colour_spaces_are_decoded_to_the_colour_they_show(space: str) -> None:
    doc = pymupdf.open()
    xref = segment_image(doc, "#e80cd7", SEGMENT, random.Random(3), space)
    look = image_look(_ctx(doc), xref)
    assert _hex(look.rgb) == shown_color("#e80cd7", space)


def test_mask_levels_are_the_median_of_the_mask() -> None:
    doc = pymupdf.open()
    size = (40, 30)
    segment = segment_image(doc, "#ff0000", size, random.Random(4))  # 255, a fractional border
    faint = image_xref(doc, size, RED * 1200, bytes([51]) * 1200)
    unmasked = image_xref(doc, size, RED * 1200, None)
    ctx = _ctx(doc)
    assert [mask_level(ctx, x) for x in (segment, faint, unmasked)] == [1.0, 0.2, 1.0]


def test_on_a_report_page_segments_are_not_decoded_and_only_badges_have_masks_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = build_image_report(tmp_path / "report.pdf", seed=3, paragraphs=2)
    doc = pymupdf.open(report.path)
    decoded: list[int] = []
    masks: list[int] = []
    to_srgb, level = color_spaces.srgb_pixmap, image_looks._mask_level

    def spy_decode(pix: pymupdf.Pixmap) -> pymupdf.Pixmap:
        decoded.append(pix.width * pix.height)
        return to_srgb(pix)

    def spy_mask(doc: pymupdf.Document, xref: int) -> float:
        masks.append(xref)
        return level(doc, xref)

    monkeypatch.setattr(image_looks, "srgb_pixmap", spy_decode)
    monkeypatch.setattr(image_looks, "_mask_level", spy_mask)
    page = PageContext(_ctx(doc), doc[0])
    found = image_marks(page, [i.bbox for i in page.page_images], set(), lambda rect: None)
    badges = [m for m in found if m.is_badge]
    assert badges and len(found) > len(badges)
    assert all(pixels < MIN_FLAT_PIXELS for pixels in decoded)  # badges, narrow segments
    badge_sized = {
        p.xref for p in image_paints(page) if p.width <= MAX_BADGE and p.height <= MAX_BADGE
    }
    assert masks and set(masks) <= badge_sized

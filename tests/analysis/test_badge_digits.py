"""Which pixels of a rendered badge are its digits: light pixels (every RGB component above
LIGHT) that the page around the badge's corners does not reach."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, badge_digits
from docflags_gui.analysis.badge_digits import LIGHT, digit_mask, light_pixels
from docflags_gui.analysis.context import DocContext, PageContext
from tests.pdfbuilder.image_report import build_image_report


def rgb_pixmap(pixels: list[tuple[int, int, int]], width: int) -> pymupdf.Pixmap:
    samples = bytes(v for p in pixels for v in p)
    return pymupdf.Pixmap(pymupdf.csRGB, width, len(pixels) // width, samples, False)


def test_a_pixel_is_light_only_when_all_three_components_are_above_the_level() -> None:
    edge = LIGHT + 1
    pixels = [(255, 255, 255), (edge, edge, edge), (LIGHT, 255, 255), (255, LIGHT, 255)]
    pixels += [(255, 255, LIGHT), (0, 0, 0), (200, 250, 161), (161, 20, 161)]
    assert list(light_pixels(rgb_pixmap(pixels, 4))) == [1, 1, 0, 0, 0, 0, 1, 0]


def test_light_pixels_keep_their_place_on_a_mostly_dark_badge() -> None:
    # Leading dark pixels are zero bytes at the front: they must not be lost.
    pixels = [(10, 10, 10)] * 11 + [(250, 250, 250)]
    assert list(light_pixels(rgb_pixmap(pixels, 4))) == [0] * 11 + [1]


def test_digits_are_the_light_pixels_the_border_does_not_reach() -> None:
    # A dark 5 x 5 badge on a light page (light ring), a light digit pixel in its middle
    # and a light pixel in its edge that touches the ring.
    light, dark = (255, 255, 255), (200, 0, 0)
    rows = ["LLLLLLL", "LDDDDDL", "LDDDDDL", "LDDLDDL", "LDDDDDL", "LDDDDLL", "LLLLLLL"]
    pixels = [light if c == "L" else dark for row in rows for c in row]
    mask = digit_mask(rgb_pixmap(pixels, 7))
    assert [i for i, v in enumerate(mask) if v] == [3 * 7 + 3]


def test_a_rendered_white_number_on_a_coloured_badge_is_found() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect((10, 10, 40, 40), fill=(0.8, 0.1, 0.1), color=None)
    page.insert_text((15, 33), "17", fontsize=18, color=(1, 1, 1))
    pix = page.get_pixmap(matrix=pymupdf.Matrix(3, 3), clip=(8, 8, 42, 42), alpha=False)
    mask = digit_mask(pix)
    inside = pix.width * pix.height
    # Glyph pixels are found, the white page around the badge is not.
    assert 0.03 * inside < sum(mask) < 0.3 * inside
    assert not any(mask[: pix.width])  # the top row is the page


def test_badges_render_the_same_from_the_page_image_decoded_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # read_badge_numbers decodes the page image whole first, so that each badge renders
    # from MuPDF's store instead of decoding the image again: the tiles must not change.
    report = build_image_report(tmp_path / "badges.pdf", seed=3, paragraphs=4)
    doc = pymupdf.open(report.path)
    page = doc[report.expected[0].page - 1]
    ctx = PageContext(DocContext(doc, AnalysisOptions(ocr=False)), page)
    badges = [r for kind, r in page.get_bboxlog() if kind == "fill-image" and r[3] - r[1] < 14]
    assert badges and ctx.page_images

    def tiles() -> list[bytes | None]:
        pymupdf.TOOLS.store_shrink(100)  # nothing decoded kept
        rendered = [badge_digits._tile(page, r) for r in badges]
        return [None if t is None else t.samples for t in rendered]

    cold = tiles()
    pymupdf.TOOLS.store_shrink(100)
    badge_digits._decode_page_images(ctx)
    warm = [badge_digits._tile(page, r) for r in badges]
    assert [None if t is None else t.samples for t in warm] == cold
    assert any(t is not None for t in cold)

"""Which pixels of a badge are its digits: light pixels (every RGB component above LIGHT) that
the page around the badge's corners does not reach; a badge drawn over the page is rendered, a
badge baked into a scan's pixels is cut from them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import AnalysisOptions, badge_tiles
from docflags_gui.analysis.badge_digits import _read
from docflags_gui.analysis.badge_tiles import (
    LIGHT,
    digit_mask,
    digits_tile,
    light_pixels,
    page_display,
    rendered_tile,
    shows_one_digit,
)
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.geometry import Rect
from docflags_gui.analysis.ocr import Canvas
from docflags_gui.analysis.ocr_backend import BACKEND_NAMES, Recognised, load_backend
from docflags_gui.analysis.pixel_tints import page_tints
from docflags_gui.analysis.tessdata import find_tessdata
from tests.pdfbuilder.image_report import build_image_report
from tests.pdfbuilder.raster import require_ocr
from tests.pdfbuilder.tint_report import build_tint_report


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


def badge_tile(number: str, fontname: str) -> pymupdf.Pixmap:
    """The tile of a badge showing `number`, white on a palette colour, as a §6.1 report draws
    it: a rounded box 1 or 2 digits wide (FORMATS.md §6.1: 8.94 / 13.14 x 10.32 pt)."""
    doc = pymupdf.open()
    page = doc.new_page(width=60, height=40)
    width = 8.94 if len(number) == 1 else 13.14
    box = pymupdf.Rect(20, 15, 20 + width, 15 + 10.32)
    page.draw_rect(box, fill=(0.0, 0.39, 0.82), color=None, radius=0.2)
    text_width = pymupdf.get_text_length(number, fontname=fontname, fontsize=7)
    origin = (box.x0 + (width - text_width) / 2, box.y1 - 2.6)
    page.insert_text(origin, number, fontsize=7, fontname=fontname, color=(1, 1, 1))
    tile = rendered_tile(page_display(page), (box.x0, box.y0, box.x1, box.y1))
    assert tile is not None
    return tile


@pytest.mark.parametrize("fontname", ["helv", "tiro", "cour", "hebo"])
def test_one_digit_is_told_from_two_by_its_ink(fontname: str) -> None:
    # read_badge_numbers lets the colour tell a one-digit badge's number: a two-digit badge
    # taken for one would be given the wrong source, so every two-digit number must fail.
    for n in range(1, 10):
        assert shows_one_digit(badge_tile(str(n), fontname)), n
    for n in range(10, 100):
        assert not shows_one_digit(badge_tile(str(n), fontname)), n


def _badged_page(path: Path, seed: int) -> tuple[PageContext, list[Rect]]:
    """The first page with a flag of a §6.1 report (badges drawn over its page image) and the
    boxes of its badges."""
    report = build_image_report(path, seed=seed, paragraphs=4)
    doc = pymupdf.open(report.path)
    page = doc[report.expected[0].page - 1]
    ctx = PageContext(DocContext(doc, AnalysisOptions(ocr=False)), page)
    badges = [r for kind, r in page.get_bboxlog() if kind == "fill-image" and r[3] - r[1] < 14]
    return ctx, badges


def test_badges_render_the_same_from_the_page_image_decoded_whole(tmp_path: Path) -> None:
    # read_badge_numbers decodes the page image whole first, so that each badge renders
    # from MuPDF's store instead of decoding the image again: the tiles must not change.
    ctx, badges = _badged_page(tmp_path / "badges.pdf", 3)
    page = ctx.page
    assert badges and ctx.page_images

    def tiles() -> list[bytes | None]:
        pymupdf.TOOLS.store_shrink(100)  # nothing decoded kept
        rendered = [rendered_tile(page_display(page), r) for r in badges]
        return [None if t is None else t.samples for t in rendered]

    cold = tiles()
    pymupdf.TOOLS.store_shrink(100)
    badge_tiles.decode_page_images(ctx)
    warm = [rendered_tile(page_display(page), r) for r in badges]
    assert [None if t is None else t.samples for t in warm] == cold
    assert any(t is not None for t in cold)


def test_a_pages_badges_render_from_one_display_list_as_the_page_renders_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each badge rendered with Page.get_pixmap ran the page's whole content again (1 ms a
    # badge on a §6.1 page); rendered_tiles makes the page's display list once.
    ctx, badges = _badged_page(tmp_path / "badges.pdf", 5)
    page = ctx.page
    assert len(badges) >= 3

    def each_alone(rect: Rect) -> bytes | None:
        zoom = badge_tiles.BADGE_PIXELS / (rect[3] - rect[1])
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=rect, alpha=False)
        tile = digits_tile(pix)
        return None if tile is None else tile.samples

    expected = [each_alone(r) for r in badges]
    made = []
    make: Callable[..., pymupdf.DisplayList] = pymupdf.Page.get_displaylist

    def counted(self: pymupdf.Page, *args: object, **kwargs: object) -> pymupdf.DisplayList:
        made.append(self.number)
        return make(self, *args, **kwargs)

    monkeypatch.setattr(pymupdf.Page, "get_displaylist", counted)
    tiles = badge_tiles.rendered_tiles(ctx, badges)
    assert [None if t is None else t.samples for t in tiles] == expected
    assert any(t is not None for t in tiles)
    assert made == [page.number]


def _scan_badges(path: Path, seed: int) -> tuple[PageContext, list[Rect]]:
    """A §6.3 scan's first page (badges baked into its pixels) and the badges found there."""
    report = build_tint_report(path, seed=seed, paragraphs=2)
    doc = pymupdf.open(report.path)
    ctx = PageContext(DocContext(doc, AnalysisOptions(ocr=False)), doc[0])
    badges = [b.rect for b in page_tints(ctx).badges]
    assert len(badges) >= 3
    return ctx, badges


def _agreement(a: pymupdf.Pixmap, b: pymupdf.Pixmap) -> float:
    width: int = min(a.width, b.width)
    height: int = min(a.height, b.height)
    same: int = sum(a.pixel(x, y) == b.pixel(x, y) for x in range(width) for y in range(height))
    return same / (width * height)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_badge_baked_into_a_scan_is_cut_from_its_pixels_as_the_page_shows_it(
    tmp_path: Path, seed: int
) -> None:
    ctx, badges = _scan_badges(tmp_path / "scan.pdf", seed)
    cut = badge_tiles.baked_tiles(ctx, badges)
    rendered = [rendered_tile(page_display(ctx.page), r) for r in badges]
    for c, r in zip(cut, rendered, strict=True):
        assert c is not None and r is not None
        assert c.height == badge_tiles.BADGE_PIXELS and abs(c.width - r.width) <= 2
        # The same digits, up to a pixel's shift at their edges (measured: 95-99.8 %).
        assert _agreement(c, r) >= 0.9


@pytest.mark.parametrize("backend_name", BACKEND_NAMES)
def test_cut_badges_read_the_numbers_rendered_badges_read(
    tmp_path: Path, backend_name: str
) -> None:
    require_ocr()
    ctx, badges = _scan_badges(tmp_path / "scan.pdf", 3)
    tessdata = find_tessdata()
    assert tessdata is not None
    backend = load_backend(backend_name)

    def read(strip: pymupdf.Pixmap) -> Recognised:
        return backend.recognise(Canvas.of_pixmap(strip, "eng", str(tessdata)))

    cut = _read(badge_tiles.baked_tiles(ctx, badges), read)
    rendered = _read([rendered_tile(page_display(ctx.page), r) for r in badges], read)
    assert cut == rendered and all(n is not None for n in cut)


def test_cutting_baked_badges_renders_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page image is decoded once for all its badges: no render of the page per badge
    (on a 400-dpi scan each took 50-190 ms)."""
    ctx, badges = _scan_badges(tmp_path / "scan.pdf", 1)
    expected = badge_tiles.baked_tiles(ctx, badges)

    def no_render(*args: object, **kwargs: object) -> None:
        raise AssertionError("a badge on the page image was rendered")

    monkeypatch.setattr(pymupdf.Page, "get_pixmap", no_render)
    monkeypatch.setattr(pymupdf.Page, "get_displaylist", no_render)
    tiles = badge_tiles.baked_tiles(ctx, badges)
    assert [t.samples if t else None for t in tiles] == [t.samples if t else None for t in expected]


def test_a_badge_off_every_page_image_is_rendered(tmp_path: Path) -> None:
    ctx, _ = _scan_badges(tmp_path / "scan.pdf", 1)
    page = ctx.page
    off = (page.rect.x1 + 5, 10.0, page.rect.x1 + 15, 20.0)  # beside the page image
    page.set_mediabox(pymupdf.Rect(0, 0, page.rect.x1 + 40, page.rect.y1))
    page.draw_rect(off, fill=(0.8, 0.1, 0.1), color=None)
    page.insert_text((off[0] + 2, off[3] - 2), "7", fontsize=8, color=(1, 1, 1))
    ctx = PageContext(ctx.doc_ctx, page)
    (tile,) = badge_tiles.baked_tiles(ctx, [off])
    rendered = rendered_tile(page_display(page), off)
    assert tile is not None and rendered is not None
    assert tile.samples == rendered.samples

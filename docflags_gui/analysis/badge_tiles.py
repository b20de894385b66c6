"""A badge's digits as a tile for OCR (`badge_digits` reads them): the badge enlarged to
BADGE_PIXELS tall, its light pixels (white digits, min RGB above LIGHT) that do not touch the
edge of its box (the page around its rounded corners) black, the rest white.

Where a badge is drawn over the page (FORMATS.md §6.1 images, §6.2 forms) the tile is the page
rendered under the badge's box: what the page shows there. Where it is baked into a page
image's pixels (§6.3: a report after `ocrmypdf`, a scan), the tile is cut from that image's own
pixels, decoded once for the page (`decoded_images`: the tint search that found the badges
searched the same decode), and enlarged. Rendering a clip of a page whose
picture is a 400-dpi JPEG scales the whole picture again for every badge: 50 ms a badge once
the picture is decoded, 140-190 ms before; a cut costs well under a millisecond.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pymupdf

from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.decoded_images import decoded_pixels, opaque, srgb_cut
from docflags_gui.analysis.geometry import Rect, centre_inside
from docflags_gui.analysis.page_images import PageImage
from docflags_gui.analysis.scan_pixels import Tile

log = logging.getLogger(__name__)

# Badges are made this many pixels tall; their digits are then ~35 px.
BADGE_PIXELS = 64
# A pixel is part of a white digit when its smallest component is above this (0..255).
LIGHT = 160

# A run of ink columns narrower than this share of the ink's height is a sliver (a bit of the
# badge's edge left in the tile), not a digit. Measured on 799 badge tiles of the test reports:
# digits' runs 9-21 px wide at 28-47 px high, slivers 1-4 px.
SLIVER_SHARE = 0.15
# One digit's ink is at most this wide for its height; two side by side are wider. Measured on
# the same tiles: at most 0.75 for the 653 read as one digit, at least 1.14 for the 146 read as
# two.
ONE_DIGIT_WIDTH = 0.95

# Digit pixels (1) black, the rest (0) white.
_INK = bytes([255, 0]) + bytes(254)
# Each byte value: 1 when above LIGHT.
_IS_LIGHT = bytes(1 if v > LIGHT else 0 for v in range(256))


def light_pixels(pix: pymupdf.Pixmap) -> bytearray:
    """1 for each pixel of `pix` whose first three components (RGB) are all above LIGHT, else
    0: per channel a strided slice mapped to 0/1 bytes, and the channels ANDed as big
    integers, all in C (a badge tile is ~4,000 pixels, a §6.1 page has tens of badges)."""
    w, h, n, samples = pix.width, pix.height, pix.n, pix.samples
    count = w * h
    light = -1
    for c in range(min(n, 3)):
        light &= int.from_bytes(samples[c : count * n : n].translate(_IS_LIGHT), "big")
    return bytearray(max(0, light).to_bytes(count, "big")) if count else bytearray()


def digit_mask(pix: pymupdf.Pixmap) -> bytearray:
    """1 for each pixel of `pix` (RGB) that is a light pixel not connected to its border."""
    w, h = pix.width, pix.height
    light = light_pixels(pix)
    # The border's pixels (corners twice: harmless).
    stack = [*range(w), *range(w * (h - 1), w * h), *range(0, w * h, w), *range(w - 1, w * h, w)]
    while stack:
        i = stack.pop()
        if not light[i]:
            continue
        light[i] = 0
        x, y = i % w, i // w
        if x > 0:
            stack.append(i - 1)
        if x < w - 1:
            stack.append(i + 1)
        if y > 0:
            stack.append(i - w)
        if y < h - 1:
            stack.append(i + w)
    return light


def digits_tile(pix: pymupdf.Pixmap) -> pymupdf.Pixmap | None:
    """The digits of a badge's pixels (RGB, BADGE_PIXELS tall) black on white; None when it
    shows none."""
    mask = digit_mask(pix)
    if sum(mask) < 0.02 * len(mask):
        return None
    ink = bytes(mask).translate(_INK)
    return pymupdf.Pixmap(pymupdf.csGRAY, pix.width, pix.height, ink, False)


def shows_one_digit(tile: pymupdf.Pixmap) -> bool:
    """True when `tile` (`digits_tile`: gray, ink 0) shows one digit: its ink is one run of
    columns (slivers aside) no wider than ONE_DIGIT_WIDTH of the ink's height. Two digits are
    two runs, and wider even where they touch."""
    width, height, samples = tile.width, tile.height, tile.samples
    inked_rows = [y for y in range(height) if 0 in samples[y * width : (y + 1) * width]]
    if not inked_rows:
        return False
    ink_height = inked_rows[-1] - inked_rows[0] + 1
    runs: list[tuple[int, int]] = []
    for x in range(width):
        if 0 not in samples[x::width]:
            continue
        if runs and runs[-1][1] == x:
            runs[-1] = (runs[-1][0], x + 1)
        else:
            runs.append((x, x + 1))
    digits = [(x0, x1) for x0, x1 in runs if x1 - x0 >= SLIVER_SHARE * ink_height]
    return len(digits) == 1 and digits[0][1] - digits[0][0] <= ONE_DIGIT_WIDTH * ink_height


def rendered_tile(display: pymupdf.DisplayList, rect: Rect) -> pymupdf.Pixmap | None:
    """The digits of the badge the page shows in `rect`, rendered BADGE_PIXELS tall from the
    page's display list (`page_display`)."""
    zoom = BADGE_PIXELS / max(1e-3, rect[3] - rect[1])
    pix = display.get_pixmap(
        matrix=pymupdf.Matrix(zoom, zoom), clip=pymupdf.Rect(rect), alpha=False
    )
    return digits_tile(pix)


def page_display(page: pymupdf.Page) -> pymupdf.DisplayList:
    """The page's display list (annotations included), to render each of its badges from.

    `Page.get_pixmap` makes one for every call, running the whole page's content again: on a
    §6.1 page (about 200 KB of content) 0.94 ms a badge on average, the page's first the
    most, against 0.39 ms for the badge's own rendering. A list made once renders the same
    pixels (it is what `get_pixmap` renders from). Measured on the 17 pages of a §6.1 report
    (105 badges, tests/bench_ocr.py --style image --seed 11): the badges' tiles in 0.202 s
    instead of 0.237 s."""
    display: pymupdf.DisplayList = page.get_displaylist()
    return display


def cut_tile(pixels: pymupdf.Pixmap, image: PageImage, rect: Rect) -> pymupdf.Pixmap | None:
    """The digits of the badge baked into `image` (its own pixels as decoded, in its own
    colour space: `pixels`) under `rect`, cut out, made sRGB (`decoded_images.srgb_cut`) and
    enlarged to BADGE_PIXELS tall."""
    box = image.pixel_box(rect)
    if box.is_empty:
        return None
    width = max(1, round(box.width * BADGE_PIXELS / box.height))
    return digits_tile(pymupdf.Pixmap(srgb_cut(pixels, box), width, BADGE_PIXELS, None))


def baked_tiles(ctx: PageContext, rects: Sequence[Rect]) -> list[pymupdf.Pixmap | None]:
    """The tile of each badge baked into a page image (`cut_tile`); a badge outside every
    page image, or on one whose pixels alone are not what the page shows (a mask: see
    `decoded_images.opaque`), is rendered (`rendered_tile`). Each image is decoded once for
    the page (`decoded_images.decoded_pixels`), when a badge lies on it, if the tint search
    has not."""
    tiles: list[pymupdf.Pixmap | None] = []
    # Tiles the read-ahead helper cut (`scan_pixels`).
    ready = {} if ctx.scan_pixels is None else ctx.scan_pixels.tiles_by_badge()
    display: pymupdf.DisplayList | None = None  # made for the first badge rendered
    for rect in rects:
        if rect in ready:
            tiles.append(_gray(ready[rect]))
            continue
        image = next((i for i in ctx.page_images if centre_inside(rect, i.bbox)), None)
        if image is None or not opaque(ctx.page.parent, image):
            if display is None:
                display = page_display(ctx.page)
            tiles.append(rendered_tile(display, rect))
            continue
        tiles.append(cut_tile(decoded_pixels(ctx, image), image, rect))
    return tiles


def _gray(tile: Tile) -> pymupdf.Pixmap | None:
    if tile is None:
        return None
    width, height, samples = tile
    return pymupdf.Pixmap(pymupdf.csGRAY, width, height, samples, False)


def plain_tile(tile: pymupdf.Pixmap | None) -> Tile:
    """A tile as plain values, to be sent between processes (`scan_pixels.Tile`)."""
    return None if tile is None else (tile.width, tile.height, bytes(tile.samples))


def decode_page_images(ctx: PageContext) -> None:
    """Decode the page's images whole, once, into MuPDF's store of decoded images.

    Rendering a badge decodes the part of the page image under it, and a Flate image is
    read from its first row: 8 ms a badge on a §6.1 page, each badge decoding again. Once the
    whole image is in the store, a badge renders from it in 0.7 ms (the same pixels), and the
    OCR of the page's marks, which decodes the image too, finds it there as well."""
    doc = ctx.page.parent
    for image in ctx.page_images:
        for xref in [xref for xref, _ in image.strips] or [image.xref]:
            try:
                pymupdf.Pixmap(doc, xref)
            except Exception as exc:  # the render meets it again, and says so
                log.debug("page image %s not decoded: %s", xref, exc)


def rendered_tiles(ctx: PageContext, rects: Sequence[Rect]) -> list[pymupdf.Pixmap | None]:
    """The tile of each badge drawn over the page (`rendered_tile`), the page's images
    decoded first (`decode_page_images`)."""
    if not rects:
        return []
    decode_page_images(ctx)
    display = page_display(ctx.page)
    return [rendered_tile(display, r) for r in rects]

"""Source numbers of badges whose digits are pixels (FORMATS.md §6.1): read by OCR and checked
against the badge's colour (the classic palette names a source up to a multiple of 12).

Each badge is rendered as the page shows it, enlarged; its light pixels (white digits, min RGB
above LIGHT) that do not touch the edge of the badge's box (the page around its rounded
corners) are the digits. They go, black on white, on one strip with wide white gaps between
the badges, read in one Tesseract call per page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pymupdf

from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.geometry import Rect
from docflags_gui.analysis.palette import palette_index, source_for

if TYPE_CHECKING:
    from docflags_gui.analysis.tessdata import OcrSetup

log = logging.getLogger(__name__)

# Badges are rendered this many pixels tall; their digits are then ~35 px.
BADGE_PIXELS = 64
# A pixel is part of a white digit when its smallest component is above this (0..255).
LIGHT = 160


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


def _tile(page: pymupdf.Page, rect: Rect) -> pymupdf.Pixmap | None:
    """The badge's digits black on white, BADGE_PIXELS tall; None when it has none."""
    zoom = BADGE_PIXELS / max(1e-3, rect[3] - rect[1])
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=pymupdf.Rect(rect), alpha=False)
    mask = digit_mask(pix)
    if sum(mask) < 0.02 * len(mask):
        return None
    ink = bytes(mask).translate(_INK)
    return pymupdf.Pixmap(pymupdf.csGRAY, pix.width, pix.height, ink, False)


def _read(tiles: Sequence[pymupdf.Pixmap | None], setup: OcrSetup) -> list[int | None]:
    """The number on each tile, read in one Tesseract call."""
    present = [t for t in tiles if t is not None]
    if not present or setup.tessdata is None:
        return [None] * len(tiles)
    if len(present) == 1:
        # Tesseract often reads nothing in a strip holding one lone digit, and reads it
        # when the strip holds it twice: the first copy read counts.
        n = len(tiles)
        twice = _read_strip([*tiles, *tiles], setup)
        return [a if a is not None else b for a, b in zip(twice[:n], twice[n:], strict=True)]
    return _read_strip(tiles, setup)


def _read_strip(tiles: Sequence[pymupdf.Pixmap | None], setup: OcrSetup) -> list[int | None]:
    """The number on each tile, the tiles side by side on one strip."""
    present = [t for t in tiles if t is not None]
    height = max(t.height for t in present)
    gap = height * 2
    width = gap + sum(t.width + gap for t in present)
    canvas = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, width, height + 2 * gap), False)
    canvas.clear_with(255)
    spans: list[tuple[int, int]] = []
    x = gap
    for tile in tiles:
        if tile is None:
            spans.append((-1, -1))
            continue
        tile.set_origin(x, gap)
        canvas.copy(tile, tile.irect)
        spans.append((x, x + tile.width))
        x += tile.width + gap
    canvas.set_dpi(300, 300)
    rgb = pymupdf.Pixmap(pymupdf.csRGB, canvas)
    pdf = rgb.pdfocr_tobytes(compress=False, language=setup.language, tessdata=str(setup.tessdata))
    ocr_page = pymupdf.open("pdf", pdf)[0]
    to_pixels = canvas.width / ocr_page.rect.width
    numbers: list[int | None] = [None] * len(tiles)
    for x0, _, x1, _, text, *_ in ocr_page.get_text("words"):
        digits = "".join(c for c in text if c.isdecimal())
        if not digits or len(digits) > 3:
            continue
        cx = (x0 + x1) / 2 * to_pixels
        for i, (left, right) in enumerate(spans):
            if left <= cx <= right and numbers[i] is None:
                numbers[i] = int(digits)
    return numbers


def _decode_page_images(ctx: PageContext) -> None:
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


def read_badge_numbers(
    ctx: PageContext, rects: Sequence[Rect], colors: Sequence[Sequence[float]]
) -> list[int | None]:
    """The source number of each badge: its digits read by OCR when they agree with its colour
    (n mod 12), else the first source of its colour (the number read, for a colour outside the
    palette); None for a badge that shows no digits."""
    indexes = [palette_index(c) for c in colors]
    tiles: list[pymupdf.Pixmap | None] = [None] * len(rects)
    shown = [True] * len(rects)
    read: list[int | None] = [None] * len(rects)
    if ctx.rotation == 0:
        _decode_page_images(ctx)
        tiles = [_tile(ctx.page, r) for r in rects]
        shown = [t is not None for t in tiles]
        setup = ctx.doc_ctx.ocr.decided
        if setup.available:
            try:
                read = _read(tiles, setup)
            except Exception as exc:  # Tesseract failed: the colours still tell
                log.warning("page %s: badge digits not read: %s", ctx.number, exc)
    return [
        source_for(i, n) if visible else None
        for i, n, visible in zip(indexes, read, shown, strict=True)
    ]

"""Source numbers of badges whose digits are pixels (FORMATS.md §6.1): read by OCR and checked
against the badge's colour (the classic palette names a source up to a multiple of 12), or,
for a badge of one digit, told by its colour alone.

Each badge's digits, black on white (`badge_tiles`: rendered as the page shows them, or cut
from the page image a badge is baked into), go on one strip with wide white gaps between the
badges, read in one Tesseract call per page, by the document's OCR service with the models it
already has loaded (`OcrService.read_now`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import pymupdf

from docflags_gui.analysis.badge_tiles import baked_tiles, rendered_tiles, shows_one_digit
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.geometry import Rect
from docflags_gui.analysis.ocr_recognised import Recognised
from docflags_gui.analysis.palette import palette_index, source_for

# Reads a strip (a gray pixmap, its resolution set) with Tesseract.
StripReader = Callable[[pymupdf.Pixmap], Recognised]

log = logging.getLogger(__name__)

# Sources 1-9: the numbers of one digit.
ONE_DIGIT_SOURCES = 9


def _read(tiles: Sequence[pymupdf.Pixmap | None], read: StripReader) -> list[int | None]:
    """The number on each tile, read in one Tesseract call."""
    present = [t for t in tiles if t is not None]
    if not present:
        return [None] * len(tiles)
    if len(present) == 1:
        # Tesseract often reads nothing in a strip holding one lone digit, and reads it
        # when the strip holds it twice: the first copy read counts.
        n = len(tiles)
        twice = _read_strip([*tiles, *tiles], read)
        return [a if a is not None else b for a, b in zip(twice[:n], twice[n:], strict=True)]
    return _read_strip(tiles, read)


def _read_strip(tiles: Sequence[pymupdf.Pixmap | None], read: StripReader) -> list[int | None]:
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
    numbers: list[int | None] = [None] * len(tiles)
    for line in read(canvas):
        for word in line:
            digits = "".join(c for c in word.text if c.isdecimal())
            if not digits or len(digits) > 3:
                continue
            cx = (word.x0 + word.x1) / 2
            for i, (left, right) in enumerate(spans):
                if left <= cx <= right and numbers[i] is None:
                    numbers[i] = int(digits)
    return numbers


def read_badge_numbers(
    ctx: PageContext,
    rects: Sequence[Rect],
    colors: Sequence[Sequence[float]],
    *,
    baked: bool = False,
) -> list[int | None]:
    """The source number of each badge: its colour's for a badge of one digit
    (`_told_by_colour`), else its digits read by OCR when they agree with its colour (n mod
    12), else the first source of its colour (the number read, for a colour outside the
    palette); None for a badge that shows no digits. `baked`: the badges are pixels of the page
    image (found in its pixels, not drawn over it), so their digits are cut from it."""
    indexes = [palette_index(c) for c in colors]
    tiles: list[pymupdf.Pixmap | None] = [None] * len(rects)
    shown = [True] * len(rects)
    read: list[int | None] = [None] * len(rects)
    if ctx.rotation == 0:
        tiles = baked_tiles(ctx, rects) if baked else rendered_tiles(ctx, rects)
        shown = [t is not None for t in tiles]
        told = [_told_by_colour(i, t) for i, t in zip(indexes, tiles, strict=True)]
        ocr = ctx.doc_ctx.ocr
        if ocr.decided.available:
            unread = [None if n is not None else t for n, t in zip(told, tiles, strict=True)]
            try:
                read = _read(unread, ocr.read_now)
            except Exception as exc:  # Tesseract failed: the colours still tell
                log.warning("page %s: badge digits not read: %s", ctx.number, exc)
        read = [n if n is not None else r for n, r in zip(told, read, strict=True)]
    return [
        source_for(i, n) if visible else None
        for i, n, visible in zip(indexes, read, shown, strict=True)
    ]


def _told_by_colour(index: int | None, tile: pymupdf.Pixmap | None) -> int | None:
    """The number of a badge of one digit in one of the palette's first nine colours: sources
    1-9 are the only one-digit numbers, and each of those colours names one of them, so the
    colour tells what OCR would read (and cannot misread). None for any other badge: its
    digits are read."""
    if tile is None or index is None or index >= ONE_DIGIT_SOURCES:
        return None
    return index + 1 if shows_one_digit(tile) else None

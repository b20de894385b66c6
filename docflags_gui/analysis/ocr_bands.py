"""Which pixels of a page image to read under marks: each mark's band, grown to whole glyphs and
widened to the white between two words, cut back to its own line, merged per line."""

from __future__ import annotations

from collections.abc import Sequence

import pymupdf

from docflags_gui.analysis.page_images import PageImage

# The band copied for OCR around each mark: this share of the mark's height taller above and
# below, then on to the first blank row when glyphs are cut there (a mark thinner than its
# line), by at most MAX_GROW_SHARE of its height ...
BAND_VERTICAL_PAD = 0.04
MAX_GROW_SHARE = 0.3
# A band that reaches into the line above or below (a mark taller than its line, or small type
# set solid) is cut back at the white between the lines: from the marked line's middle
# outwards, a run of more blank rows than LINE_GAP_SHARE of the line's core (its rows where
# ink covers CORE_INK_SHARE of the columns: about the x-height) ends it when ink lies beyond.
# An i's dot or an accent sits closer to its letter than that; lines are set further apart.
LINE_GAP_SHARE = 0.25
CORE_INK_SHARE = 0.15
# ... and on each side widened to the first run of blank columns at least this share of the
# band's height wide (the space between two words; letters within a word sit closer), but by at
# most this share of its height (about three words).
WORD_GAP_SHARE = 0.12
MAX_WIDEN_SHARE = 6.0
# Lines under this many pixels tall (about 12 px x-height) are enlarged to it before OCR, by
# at most MAX_UPSCALE. Measured: 10 pt Times at 100 px per inch (22 px lines) lost 2 of 17
# passages as they are, 1 enlarged to 28 px, none enlarged to 34 or 40 px; enlarging costs
# little (Tesseract's cost follows the text, not the pixels).
MIN_LINE_PIXELS = 34
MAX_UPSCALE = 3.0
# A pixel is ink when its R+G+B is below this (0..765): dark text on a light page.
INK_LEVEL = 3 * 170
# Bytes no channel of an ink pixel is made of only: a pixel whose every channel is one of
# these sums to INK_LEVEL or more (3 * 170). A row of them alone holds no ink.
_LIGHT = bytes(v for v in range(256) if 3 * v >= INK_LEVEL)
# Where a row's three channels are equal (a gray scan: most raster pages), a pixel's one value
# v decides: R+G+B < INK_LEVEL exactly when 3v < INK_LEVEL. Ink maps to 1, counted in C.
_GRAY_INK = bytes(3 * v < INK_LEVEL for v in range(256))


class InkColumns:
    """Which pixel columns of a band hold ink: to cut bands in the white between words."""

    def __init__(self, pixels: pymupdf.Pixmap) -> None:
        self._samples = pixels.samples_mv
        self.stride = pixels.stride
        self._n = pixels.n
        self.width = pixels.width
        self.height = pixels.height

    def blank(self, x: int, y0: int, y1: int) -> bool:
        """True when column `x` has no dark pixel in rows y0..y1-1."""
        samples, stride, n = self._samples, self.stride, self._n
        for y in range(max(0, y0), min(self.height, y1)):
            i = y * stride + x * n
            if samples[i] + samples[i + 1] + samples[i + 2] < INK_LEVEL:
                return False
        return True

    def _row_channels(self, y: int, x0: int, x1: int, step: int) -> tuple[bytes, bytes, bytes]:
        """The red, green and blue bytes of each `step`-th pixel of row `y`, columns x0..x1-1
        (none outside the image, and none at all where no byte of the row's pixels can be
        ink's: a light row): strided slices, copied in C rather than indexed in Python."""
        x0, x1 = max(0, x0), min(self.width, x1)
        if not 0 <= y < self.height or x0 >= x1:
            return b"", b"", b""
        start = y * self.stride + x0 * self._n
        end = y * self.stride + x1 * self._n
        samples = self._samples
        if not bytes(samples[start:end]).translate(None, _LIGHT):
            # Every byte of every pixel (those between the sampled ones too) is light: no
            # sampled pixel is ink. Found in C, without looking at the pixels one by one.
            return b"", b"", b""
        stride = self._n * step
        return (
            bytes(samples[start:end:stride]),
            bytes(samples[start + 1 : end + 1 : stride]),
            bytes(samples[start + 2 : end + 2 : stride]),
        )

    def blank_row(self, y: int, x0: int, x1: int) -> bool:
        """True when row `y` has no dark pixel in columns x0..x1-1 (every second column:
        strokes are wider than that at any resolution worth reading)."""
        red, green, blue = self._row_channels(y, x0, x1, 2)
        if red == green == blue:  # gray pixels (or none): one value decides
            return not red.translate(None, _LIGHT)
        return not any(r + g + b < INK_LEVEL for r, g, b in zip(red, green, blue, strict=True))

    def ink_share(self, y: int, x0: int, x1: int) -> float:
        """The share of columns x0..x1-1 with a dark pixel in row `y` (every third column:
        a density, not an outline)."""
        red, green, blue = self._row_channels(y, x0, x1, 3)
        if not red:
            return 0.0
        if red == green == blue:  # gray pixels: one value decides
            dark = red.translate(_GRAY_INK).count(1)
        else:
            dark = sum(r + g + b < INK_LEVEL for r, g, b in zip(red, green, blue, strict=True))
        return dark / len(red)

    def own_line(self, box: pymupdf.IRect, middle: int) -> tuple[int, int]:
        """Rows of `box` cut down to the line of text around row `middle`: outwards from it,
        the first run of blank rows longer than a dot's gap (LINE_GAP_SHARE) with ink beyond
        it, inside the box, ends the band there."""
        core = 1
        for step in (-1, 1):
            y = middle + step
            while box.y0 <= y < box.y1 and self.ink_share(y, box.x0, box.x1) >= CORE_INK_SHARE:
                core += 1
                y += step
        gap = max(2, round(core * LINE_GAP_SHARE))
        return (self._line_edge(middle, -1, box, gap), self._line_edge(middle, 1, box, gap))

    def _line_edge(self, middle: int, step: int, box: pymupdf.IRect, gap: int) -> int:
        end = int(box.y0 if step < 0 else box.y1 - 1)
        y, blank = middle, 0
        while y != end:
            y += step
            if not self.blank_row(y, box.x0, box.x1):
                blank = 0
                continue
            blank += 1
            if blank > gap:
                beyond = range(y + step, end + step, step)
                if any(not self.blank_row(b, box.x0, box.x1) for b in beyond):
                    return y  # a blank row: the band's white edge
                return end
        return end

    def grow(self, y: int, step: int, x0: int, x1: int, limit: int) -> int:
        """From edge row `y`, go outwards (`step` -1 or +1) while rows hold ink (glyphs that a
        mark thinner than its line cuts), up to the first blank row; at most `limit` rows."""
        moved = 0
        while moved < limit and not self.blank_row(y, x0, x1):
            y += step
            moved += 1
        return y

    def widen(self, x: int, step: int, y0: int, y1: int, gap: int, limit: int) -> int:
        """From edge column `x`, go outwards (`step` -1 or +1) until `gap` blank columns in a
        row are passed, through any ink on the way (a word the edge cuts); at most `limit`."""
        run = 0
        moved = 0
        while run < gap and moved < limit:
            nxt = x + step
            if not 0 <= nxt < self.width:
                break
            x = nxt
            moved += 1
            run = run + 1 if self.blank(x, y0, y1) else 0
        return x


def band_boxes(
    image: PageImage, marks: Sequence[Sequence[float]], pixels: pymupdf.Pixmap
) -> list[pymupdf.IRect]:
    """The pixel bands to read: each mark's box, a little taller so that ascenders and
    descenders are whole, and widened on each side to the white between two words, so a word
    the mark's edge cuts is read whole (the coverage rule then takes its covered glyphs) and no
    sliver of a neighbouring glyph is read as a character."""
    ink = InkColumns(pixels)
    boxes: list[pymupdf.IRect] = []
    for r in marks:
        h = r[3] - r[1]
        box = image.pixel_box(
            (r[0], r[1] - BAND_VERTICAL_PAD * h, r[2], r[3] + BAND_VERTICAL_PAD * h)
        )
        if box.is_empty:
            continue
        gap = max(2, round(box.height * WORD_GAP_SHARE))
        limit = round(box.height * MAX_WIDEN_SHARE)
        x0 = ink.widen(box.x0, -1, box.y0, box.y1, gap, limit)
        x1 = ink.widen(box.x1 - 1, 1, box.y0, box.y1, gap, limit) + 1
        rows = round(box.height * MAX_GROW_SHARE)
        y0 = ink.grow(box.y0, -1, x0, x1, rows)
        y1 = ink.grow(box.y1 - 1, 1, x0, x1, rows) + 1
        top, last = ink.own_line(pymupdf.IRect(x0, y0, x1, y1), (box.y0 + box.y1) // 2)
        if (top, last + 1) != (y0, y1):
            # Cut back to its own line: widen it again on that line's rows alone (the
            # neighbour's glyphs left few blank columns to find the white between words in).
            y0, y1 = top, last + 1
            x0 = ink.widen(box.x0, -1, y0, y1, gap, limit)
            x1 = ink.widen(box.x1 - 1, 1, y0, y1, gap, limit) + 1
        boxes.append(pymupdf.IRect(x0, y0, x1, y1))
    return boxes


def upscale_factor(bands: Sequence[pymupdf.IRect]) -> float:
    """How much to enlarge the bands for Tesseract: 1 when their lines are at least
    MIN_LINE_PIXELS tall, else enough to make them so (at most MAX_UPSCALE)."""
    heights = sorted(b.height for b in bands)
    typical = heights[len(heights) // 2] if heights else 0
    if typical <= 0 or typical >= MIN_LINE_PIXELS:
        return 1.0
    return min(MAX_UPSCALE, MIN_LINE_PIXELS / typical)


def merge_bands(boxes: Sequence[pymupdf.IRect]) -> list[pymupdf.IRect]:
    """Bands on one line that overlap or touch become one (read once, as one line)."""
    merged: list[pymupdf.IRect] = []
    for box in sorted(boxes, key=lambda b: (b.y0, b.x0)):
        for i, other in enumerate(merged):
            overlap = min(box.y1, other.y1) - max(box.y0, other.y0)
            same_line = overlap >= 0.6 * min(box.height, other.height)
            if same_line and box.x0 <= other.x1 and other.x0 <= box.x1:
                merged[i] = pymupdf.IRect(other | box)
                break
        else:
            merged.append(box)
    return merged

"""Shared helpers for every fixture builder: pages, text lines with known word boxes, saving.

Word boxes are computed from the base-14 font metrics exactly as MuPDF's word extraction reports
them (x from glyph advances, y from the font's ascender and descender), so a builder can place a
mark over words i..j of a line and know the expected text without reading the page back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pymupdf

Rect = tuple[float, float, float, float]
RGB = tuple[float, float, float]

A4 = (595.0, 842.0)
LETTER = (612.0, 792.0)

BLACK: RGB = (0.0, 0.0, 0.0)
WHITE: RGB = (1.0, 1.0, 1.0)

# Fixed dates keep saved files byte-identical from run to run (no "now" in the metadata).
FIXED_DATE = "D:20260101000000Z"


@cache
def font(fontname: str = "helv") -> pymupdf.Font:
    """A base-14 font by PyMuPDF's short name ("helv", "tiro", "cour", "hebo" ...)."""
    return pymupdf.Font(fontname)


@cache
def _advance(fontname: str, char: str) -> float:
    return float(font(fontname).text_length(char, 1.0))


def text_width(text: str, fontsize: float = 11, fontname: str = "helv") -> float:
    """Width of `text` in points, as Font.text_length gives it, but from cached glyph advances
    (PyMuPDF's own call costs ~25 us a character, which dominates building long documents)."""
    return sum(_advance(fontname, char) for char in text) * fontsize


def hex_color(value: str) -> RGB:
    """'#ff8000' -> (1.0, 0.50196, 0.0), the form PyMuPDF's drawing calls take."""
    value = value.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected #rrggbb, got {value!r}")
    r, g, b = (int(value[i : i + 2], 16) / 255.0 for i in (0, 2, 4))
    return (r, g, b)


def union(rects: Iterable[Rect]) -> Rect:
    """The smallest box containing all `rects`."""
    rects = list(rects)
    if not rects:
        raise ValueError("union of no rectangles")
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def inflate(rect: Rect, dx: float, dy: float | None = None) -> Rect:
    """`rect` grown by dx left/right and dy (default dx) top/bottom; negative values shrink it."""
    dy = dx if dy is None else dy
    return (rect[0] - dx, rect[1] - dy, rect[2] + dx, rect[3] + dy)


def quad_points(rect: Rect) -> list[pymupdf.Point]:
    """The four corners of `rect` in PDF QuadPoints order (ul, ur, ll, lr)."""
    x0, y0, x1, y1 = rect
    return [
        pymupdf.Point(x0, y0),
        pymupdf.Point(x1, y0),
        pymupdf.Point(x0, y1),
        pymupdf.Point(x1, y1),
    ]


@dataclass(frozen=True)
class PlacedWord:
    """One word written on a page, with the box MuPDF's word extraction will report for it."""

    text: str
    rect: Rect
    page: int  # 1-based
    fontsize: float


@dataclass
class PlacedLine:
    """One line of text written on a page: its words in order, baseline and font."""

    page: int  # 1-based
    words: list[PlacedWord]
    baseline: float
    fontsize: float
    fontname: str = "helv"
    color: RGB = BLACK

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def rect(self) -> Rect:
        return union(w.rect for w in self.words)

    def span(self, first: int, last: int | None = None) -> Rect:
        """Union box of words first..last (inclusive; negative indices count from the end)."""
        last = first if last is None else last
        n = len(self.words)
        first, last = first % n, last % n
        return union(w.rect for w in self.words[first : last + 1])

    def span_text(self, first: int, last: int | None = None) -> str:
        last = first if last is None else last
        n = len(self.words)
        return " ".join(w.text for w in self.words[first % n : last % n + 1])

    def index(self, word: str) -> int:
        """Index of the first word equal to `word` (ValueError if absent)."""
        for i, placed in enumerate(self.words):
            if placed.text == word:
                return i
        raise ValueError(f"{word!r} not on line {self.text!r}")


def word_boxes(
    text: str, origin: tuple[float, float], fontsize: float = 11, fontname: str = "helv"
) -> list[tuple[str, Rect]]:
    """Boxes of the space-separated words of `text` written at `origin` (baseline start)."""
    f = font(fontname)
    x, baseline = origin
    top = baseline - f.ascender * fontsize
    bottom = baseline - f.descender * fontsize
    boxes: list[tuple[str, Rect]] = []
    for i, word in enumerate(text.split(" ")):
        if i:
            x += text_width(" ", fontsize, fontname)
        width = text_width(word, fontsize, fontname)
        if word:
            boxes.append((word, (x, top, x + width, bottom)))
        x += width
    return boxes


def write_line(
    page: pymupdf.Page,
    origin: tuple[float, float],
    text: str,
    *,
    fontsize: float = 11,
    fontname: str = "helv",
    color: RGB = BLACK,
) -> PlacedLine:
    """Write one line (single spaces between words) and return its words with their boxes."""
    page.insert_text(origin, text, fontsize=fontsize, fontname=fontname, color=color)
    number = page.number + 1 if page.number is not None else 1
    words = [
        PlacedWord(word, rect, number, fontsize)
        for word, rect in word_boxes(text, origin, fontsize, fontname)
    ]
    return PlacedLine(number, words, origin[1], fontsize, fontname, color)


def write_superscript(
    page: pymupdf.Page,
    after: PlacedWord,
    text: str,
    *,
    fontsize: float = 6.5,
    fontname: str = "helv",
    color: RGB = BLACK,
    gap: float = 0.5,
) -> PlacedWord:
    """Write a small raised label (a source number) right after `after`; returns its box.

    The label goes on the same baseline shifted up by a third of the word's height, as word
    processors set superscripts. MuPDF reports it as its own span with the superscript flag,
    but its word extraction glues it to the preceding word ("passage3"), as in real documents.
    """
    raise_by = (after.rect[3] - after.rect[1]) * 0.33
    f = font(fontname)
    baseline = after.rect[3] + f.descender * after.fontsize - raise_by
    origin = (after.rect[2] + gap, baseline)
    page.insert_text(origin, text, fontsize=fontsize, fontname=fontname, color=color)
    (word, rect), *_ = word_boxes(text, origin, fontsize, fontname)
    return PlacedWord(word, rect, after.page, fontsize)


def new_document() -> pymupdf.Document:
    return pymupdf.open()


def new_page(doc: pymupdf.Document, size: tuple[float, float] = A4) -> pymupdf.Page:
    page: pymupdf.Page = doc.new_page(width=size[0], height=size[1])
    return page


def wrap_words(text: str, width: float, fontsize: float = 11, fontname: str = "helv") -> list[str]:
    """Greedy line breaking of `text` into lines no wider than `width` points."""
    space = text_width(" ", fontsize, fontname)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split():
        word_width = text_width(word, fontsize, fontname)
        if current and used + space + word_width > width:
            lines.append(" ".join(current))
            current, used = [word], word_width
        else:
            used += (space if current else 0.0) + word_width
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


@dataclass
class TextFlow:
    """Writes lines down the pages of a document, starting a new page when one is full.

    `flow.line("text")` returns a PlacedLine; `flow.paragraph(text)` wraps to the text width.
    Marks can then be placed over `line.span(i, j)` with the expected text `line.span_text(i, j)`.
    """

    doc: pymupdf.Document
    page_size: tuple[float, float] = A4
    margin: float = 72.0
    fontsize: float = 11.0
    fontname: str = "helv"
    leading: float = 1.45  # baseline-to-baseline distance as a multiple of the font size
    lines: list[PlacedLine] = field(default_factory=list)
    _page: pymupdf.Page | None = None
    _baseline: float = 0.0

    @property
    def width(self) -> float:
        return self.page_size[0] - 2 * self.margin

    @property
    def page(self) -> pymupdf.Page:
        if self._page is None:
            self.new_page()
        assert self._page is not None
        return self._page

    def new_page(self) -> pymupdf.Page:
        self._page = new_page(self.doc, self.page_size)
        self._baseline = self.margin + self.fontsize
        return self._page

    def skip(self, points: float) -> None:
        """Leave vertical space (a new page if it does not fit)."""
        self.page  # noqa: B018 - make sure a page exists
        self._baseline += points
        if self._baseline > self.page_size[1] - self.margin:
            self.new_page()

    def line(
        self,
        text: str,
        *,
        color: RGB = BLACK,
        fontsize: float | None = None,
        fontname: str | None = None,
        indent: float = 0.0,
    ) -> PlacedLine:
        size = fontsize or self.fontsize
        page = self.page
        if self._baseline > self.page_size[1] - self.margin:
            page = self.new_page()
        placed = write_line(
            page,
            (self.margin + indent, self._baseline),
            text,
            fontsize=size,
            fontname=fontname or self.fontname,
            color=color,
        )
        self._baseline += size * self.leading
        self.lines.append(placed)
        return placed

    def paragraph(
        self, text: str, *, color: RGB = BLACK, gap: float | None = None
    ) -> list[PlacedLine]:
        """Wrap `text` to the text width and write it, then leave `gap` points (half a line)."""
        placed = [
            self.line(line, color=color)
            for line in wrap_words(text, self.width, self.fontsize, self.fontname)
        ]
        self.skip(self.fontsize * 0.5 if gap is None else gap)
        return placed


def locate(lines: Sequence[PlacedLine], phrase: str) -> list[tuple[PlacedLine, int, int]]:
    """Where `phrase` lies in consecutive `lines`: one (line, first word, last word) per line.

    Words are matched whole, in order, possibly running on over the following lines; a mark over
    `line.span(first, last)` for each run covers exactly the phrase.
    """
    wanted = phrase.split()
    flat = [(line, i) for line in lines for i in range(len(line.words))]
    for start in range(len(flat) - len(wanted) + 1):
        window = flat[start : start + len(wanted)]
        if [line.words[i].text for line, i in window] != wanted:
            continue
        runs: list[tuple[PlacedLine, int, int]] = []
        for line, i in window:
            if runs and runs[-1][0] is line:
                runs[-1] = (line, runs[-1][1], i)
            else:
                runs.append((line, i, i))
        return runs
    raise ValueError(f"phrase not found: {phrase!r}")


def save_pdf(doc: pymupdf.Document, path: Path) -> Path:
    """Save compactly and deterministically (fixed dates, no new file id); returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.set_metadata(
        {
            "producer": "docflags test builder",
            "creator": "docflags test builder",
            "creationDate": FIXED_DATE,
            "modDate": FIXED_DATE,
        }
    )
    doc.save(path, garbage=4, deflate=True, no_new_id=True)
    return path


def expected_words(lines: Sequence[PlacedLine]) -> list[str]:
    """All words of `lines`, in order: handy for asserting a page's text layer."""
    return [w.text for line in lines for w in line.words]

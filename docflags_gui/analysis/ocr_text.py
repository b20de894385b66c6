"""What Tesseract read, in the coordinates of the page the pixels came from: the words of a
canvas (`ocr_backend.Recognised`) moved back band by band, under the coverage and joining rules
of any text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NoReturn

import pymupdf

from docflags_gui.analysis.geometry import Rect
from docflags_gui.analysis.ocr_backend import Recognised, RecognisedWord
from docflags_gui.analysis.textlayer import PageText
from docflags_gui.analysis.words import Glyph, Word, WordFilter


@dataclass(frozen=True)
class Strip:
    """One band on the OCR canvas: where it starts (canvas pixels), how to map back, and where
    the marked line lies in it: the marks' middle and half their height (canvas pixels; an
    infinite reach keeps every line)."""

    top: float
    to_page: pymupdf.Matrix
    middle: float = 0.0
    reach: float = float("inf")

    def holds_marked_line(self, y0: float, y1: float) -> bool:
        """Whether an OCR'd line from y0 to y1 is the marked line, not a part of the line
        above or below that the band took in with it (a mark taller than its line reaches
        into its neighbours): its middle lies within the marks' own height around theirs."""
        return abs((y0 + y1) / 2 - self.middle) <= self.reach

    def move(self, x0: float, y0: float, x1: float, y1: float) -> Rect:
        """A canvas box on the page: the bounding box of its moved corners, as `Rect * Matrix`
        gives it, in plain arithmetic (PyMuPDF's wrappers cost 13 us a box, one box a glyph)."""
        m = self.to_page
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        xs = (a * x0 + c * y0, a * x1 + c * y0, a * x0 + c * y1, a * x1 + c * y1)
        ys = (b * x0 + d * y0, b * x1 + d * y0, b * x0 + d * y1, b * x1 + d * y1)
        return (min(xs) + e, min(ys) + f, max(xs) + e, max(ys) + f)


class OcrPageText(PageText):
    """A `PageText` whose words come from an OCR'd canvas, moved into the coordinates of the
    page the pixels came from; the coverage and joining rules are PageText's own. Each line
    read is a line (and block) of its own. A word's glyphs share its box evenly, each as tall
    as its line: what MuPDF's OCR layer makes of Tesseract's words (an invisible font of one
    advance, stretched over the word), whichever backend read them."""

    def __init__(
        self, recognised: Recognised, strips: Sequence[Strip], mark_strips: Sequence[int] = ()
    ) -> None:
        """`strips` top down; `mark_strips`: for each mark read, the index of the strip of its
        band (-1 for none). There is no MuPDF page: words and glyphs come from `recognised`."""
        self._recognised = recognised
        self._strips = list(strips)
        self._mark_strips = list(mark_strips)
        self._strip_of_word: dict[int, int] = {}  # Word.seq -> strip index
        self._canvas_word: dict[int, RecognisedWord] = {}  # Word.seq -> as read on the canvas

    @property
    def textpage(self) -> NoReturn:
        raise TypeError("OCR'd text has no MuPDF text page (spans, colours): words only")

    def _strip_index_at(self, y: float) -> int:
        index = 0
        for i, candidate in enumerate(self._strips):
            if candidate.top <= y:
                index = i
        return index

    def read_for_mark(self, mark: int) -> WordFilter | None:
        """Only the words read from the band of mark number `mark` (in the order the marks
        were read): a mark taller than its line overlaps the next line's words on the page,
        which its own band did not hold (None: no band known, any word)."""
        if not 0 <= mark < len(self._mark_strips) or self._mark_strips[mark] < 0:
            return None
        strip = self._mark_strips[mark]
        strip_of_word = self._strip_of_word
        self.words  # noqa: B018 - fills strip_of_word
        return lambda w: strip_of_word.get(w.seq) == strip

    @cached_property
    def words(self) -> list[Word]:
        """The words of the marked lines, moved onto the page (lines of neighbouring text
        that a band took in are dropped: `Strip.holds_marked_line`)."""
        moved: list[Word] = []
        for number, line in enumerate(self._recognised):
            if not line:
                continue
            y0 = min(w.y0 for w in line)
            y1 = max(w.y1 for w in line)
            index = self._strip_index_at((y0 + y1) / 2)
            strip = self._strips[index]
            if not strip.holds_marked_line(y0, y1):
                continue
            for position, read in enumerate(line):
                seq = len(moved)
                box = strip.move(read.x0, read.y0, read.x1, read.y1)
                moved.append(Word(*box, read.text, number, 0, position, seq))
                self._strip_of_word[seq] = index
                self._canvas_word[seq] = read
        return moved

    def glyphs_of_word(self, word: Word) -> list[Glyph]:
        """The word's characters, sharing its canvas box evenly, moved onto the page."""
        read = self._canvas_word.get(word.seq)
        if read is None or not read.text:
            return []
        strip = self._strips[self._strip_of_word[word.seq]]
        step = (read.x1 - read.x0) / len(read.text)
        return [
            Glyph(c, *strip.move(read.x0 + i * step, read.y0, read.x0 + (i + 1) * step, read.y1))
            for i, c in enumerate(read.text)
        ]

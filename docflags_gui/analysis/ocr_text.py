"""What Tesseract read, in the coordinates of the page the pixels came from: the OCR'd page's
words and glyphs moved back band by band, under the coverage and joining rules of any text."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pymupdf

from docflags_gui.analysis.textlayer import PageText
from docflags_gui.analysis.words import CoveredPiece, Word, WordFilter


@dataclass(frozen=True)
class Strip:
    """One band on the OCR canvas: where it starts (OCR page points), how to map back, and
    where the marked line lies in it: the marks' middle and half their height (OCR page
    points; an infinite reach keeps every line)."""

    top: float
    to_page: pymupdf.Matrix
    middle: float = 0.0
    reach: float = float("inf")

    def holds_marked_line(self, y0: float, y1: float) -> bool:
        """Whether an OCR'd line from y0 to y1 is the marked line, not a part of the line
        above or below that the band took in with it (a mark taller than its line reaches
        into its neighbours): its middle lies within the marks' own height around theirs."""
        return abs((y0 + y1) / 2 - self.middle) <= self.reach


class OcrPageText:
    """What Tesseract read on a canvas of bands, as a `PageText` (`text`) in the coordinates of
    the page the pixels came from: the coverage and joining rules of any text apply.

    (MuPDF cannot move it itself: a text page made with a matrix that translates is clipped
    to the OCR page's box and comes out empty.)
    """

    def __init__(
        self, ocr_page: pymupdf.Page, strips: Sequence[Strip], mark_strips: Sequence[int] = ()
    ) -> None:
        """`strips` top down; `mark_strips`: for each mark read, the index of the strip of its
        band (-1 for none)."""
        self._strips = list(strips)
        self._mark_strips = list(mark_strips)
        self._strip_of_word: dict[int, int] = {}  # Word.seq -> strip index
        self.ocr_document = ocr_page.parent  # keep the OCR'd PDF open while the page is used
        self._read = PageText(ocr_page)  # as Tesseract laid it out on the canvas
        self.text = PageText(ocr_page, words=self._moved_words, chars=self._moved_chars)

    def covered_pieces(
        self, rects: Sequence[Sequence[float]], word_filter: WordFilter | None = None
    ) -> list[CoveredPiece]:
        return self.text.covered_pieces(rects, word_filter)

    def _strip_index_at(self, y: float) -> int:
        index = 0
        for i, candidate in enumerate(self._strips):
            if candidate.top <= y:
                index = i
        return index

    def _strip_at(self, y: float) -> Strip:
        return self._strips[self._strip_index_at(y)]

    def read_for_mark(self, mark: int) -> WordFilter | None:
        """Only the words read from the band of mark number `mark` (in the order the marks
        were read): a mark taller than its line overlaps the next line's words on the page,
        which its own band did not hold (None: no band known, any word)."""
        if not 0 <= mark < len(self._mark_strips) or self._mark_strips[mark] < 0:
            return None
        strip = self._mark_strips[mark]
        strip_of_word = self._strip_of_word
        self.text.words  # noqa: B018 - fills strip_of_word
        return lambda w: strip_of_word.get(w.seq) == strip

    def _move(self, bbox: Sequence[float]) -> tuple[float, float, float, float]:
        """From the OCR page into the original page, through the strip the box lies in."""
        strip = self._strip_at((bbox[1] + bbox[3]) / 2)
        # The bounding box of the moved corners, as `Rect * Matrix` gives it, in plain
        # arithmetic: PyMuPDF's Python wrappers around it cost 2% of a page's OCR stage (13 us
        # a box, one box per glyph).
        m = strip.to_page
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        x0, y0, x1, y1 = bbox
        xs = (a * x0 + c * y0, a * x1 + c * y0, a * x0 + c * y1, a * x1 + c * y1)
        ys = (b * x0 + d * y0, b * x1 + d * y0, b * x0 + d * y1, b * x1 + d * y1)
        return (min(xs) + e, min(ys) + f, max(xs) + e, max(ys) + f)

    def _moved_words(self) -> list[Word]:
        """The words of the marked lines, moved onto the page and numbered anew (lines of
        neighbouring text that a band took in are dropped: `Strip.holds_marked_line`)."""
        moved: list[Word] = []
        extracted = self._read.words
        extents: dict[tuple[int, int], tuple[float, float]] = {}
        for w in extracted:
            top, bottom = extents.get(w.line_key, (w.y0, w.y1))
            extents[w.line_key] = (min(top, w.y0), max(bottom, w.y1))
        kept: dict[tuple[int, int], int] = {}  # line -> its strip
        for key, (y0, y1) in extents.items():
            index = self._strip_index_at((y0 + y1) / 2)
            if self._strips[index].holds_marked_line(y0, y1):
                kept[key] = index
        for w in extracted:
            strip = kept.get(w.line_key)
            if strip is None:
                continue
            seq = len(moved)
            self._strip_of_word[seq] = strip
            x0, y0, x1, y1 = self._move(w.rect)
            moved.append(dataclasses.replace(w, x0=x0, y0=y0, x1=x1, y1=y1, seq=seq))
        return moved

    def _moved_chars(self) -> dict[str, Any]:
        """The OCR page's characters (a RAWDICT) moved onto the page."""
        raw: dict[str, Any] = self._read.textpage.extractRAWDICT()
        for block in raw.get("blocks", ()):
            block["bbox"] = self._move(block["bbox"])
            for line in block.get("lines", ()):
                line["bbox"] = self._move(line["bbox"])
                for span in line.get("spans", ()):
                    span["bbox"] = self._move(span["bbox"])
                    for ch in span.get("chars", ()):
                        ch["bbox"] = self._move(ch["bbox"])
        return raw

"""A page's text layer, extracted lazily once for all detectors, and the words a mark covers.

Words come from MuPDF's word extraction (cheap); character boxes are extracted only for pages
where a mark starts or ends inside a word, because per-character extraction costs twice as much
(the rule itself: `coverage`). Spans (font, size, colour) come from the dict extraction, on
request. The covered words become a passage's text by the rules of `joining`.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

import pymupdf

from docflags_gui.analysis.coverage import GRAZE_SHARE, THIN_SLACK, cover_word
from docflags_gui.analysis.coverage import MIN_GLYPH_COVERAGE as MIN_SHARE
from docflags_gui.analysis.geometry import Rect, centre_inside
from docflags_gui.analysis.joining import join_pieces
from docflags_gui.analysis.line_chars import DictChars, LineChars
from docflags_gui.analysis.page_reading import TEXT_FLAGS, SpanFields, html_colors, span_fields
from docflags_gui.analysis.words import (
    CoveredPiece,
    Glyph,
    Span,
    StyledRun,
    Word,
    WordFilter,
    word_runs,
)


def _within_across(rect: Sequence[float], box: Rect) -> bool:
    """A thin band lying within the line's box across it (through large type, `coverage`),
    rather than grazing the line from the next or previous one."""
    slack = THIN_SLACK * (box[3] - box[1])
    return rect[1] >= box[1] - slack and rect[3] <= box[3] + slack


def words_of_tuples(extracted: list[tuple[Any, ...]]) -> list[Word]:
    """MuPDF's word tuples as Words numbered in order."""
    # The tuples with their position appended, unpacked into Word by starmap: no Python-level
    # loop (a fifth cheaper on pages of hundreds of words).
    numbered = map(operator.add, extracted, zip(itertools.count()))
    return list(itertools.starmap(Word, numbered))


class PageText:
    """The text layer of one page, extracted lazily and cached for all detectors.

    Words and characters come from the page's own text by default; `words` and `chars` give
    them from elsewhere (what OCR read, moved into the page's space), in the forms of MuPDF's
    extractions: words in reading order, numbered by `Word.seq`, and a RAWDICT. `colors` and
    `spans` are the text's colours and spans as `page_reading` read them in another process.
    """

    def __init__(
        self,
        page: pymupdf.Page,
        *,
        words: Callable[[], list[Word]] | None = None,
        chars: Callable[[], dict[str, Any]] | None = None,
        colors: frozenset[int] | None = None,
        spans: list[SpanFields] | None = None,
    ) -> None:
        self._page = page
        # None: from the page. (Never a bound method of this object: that is a reference
        # cycle, which kept every page's text, MuPDF's text page with it, until the cycle
        # collector ran; the engine keeps it off while it reads pages: 200 MB instead of 73
        # for a 300-page report.)
        self._read_words = words
        self._read_chars = chars
        self._colors = colors
        self._read_spans = spans

    @cached_property
    def textpage(self) -> pymupdf.TextPage:
        return self._page.get_textpage(flags=TEXT_FLAGS)

    @cached_property
    def words(self) -> list[Word]:
        return self._words_of_page() if self._read_words is None else self._read_words()

    def _words_of_page(self) -> list[Word]:
        return words_of_tuples(self.textpage.extractWORDS())

    @cached_property
    def lines(self) -> list[tuple[Rect, list[Word]]]:
        """The words grouped by line, in reading order, with each line's box (one pass: three
        times cheaper than grouping first and taking min/max per line)."""
        lines: list[tuple[Rect, list[Word]]] = []
        block = line = -1  # MuPDF numbers blocks and lines from 0
        line_words: list[Word] = []
        bx0 = by0 = bx1 = by1 = 0.0
        for w in self.words:
            if w.line != line or w.block != block or not line_words:
                if line_words:
                    lines.append(((bx0, by0, bx1, by1), line_words))
                block, line = w.block, w.line
                line_words = [w]
                bx0, by0, bx1, by1 = w.x0, w.y0, w.x1, w.y1
                continue
            line_words.append(w)
            if w.x0 < bx0:
                bx0 = w.x0
            if w.y0 < by0:
                by0 = w.y0
            if w.x1 > bx1:
                bx1 = w.x1
            if w.y1 > by1:
                by1 = w.y1
        if line_words:
            lines.append(((bx0, by0, bx1, by1), line_words))
        return lines

    def lines_reaching(self, y0: float, y1: float) -> list[int]:
        """Indexes in `lines`, in reading order, of the lines that may reach into the band
        y0..y1: at least those whose box overlaps it (a cheap pre-filter by the lines' tops)."""
        tops, order, tallest = self._lines_by_top
        first = bisect.bisect_right(tops, y0 - tallest - 1.0)
        last = bisect.bisect_left(tops, y1)
        return sorted(order[first:last])

    @cached_property
    def _lines_by_top(self) -> tuple[list[float], list[int], float]:
        """The lines' top edges in ascending order, the index of each such line in `lines`,
        and the tallest line's height: a line reaches below y only if its top lies less than
        that height above y."""
        boxes = [box for box, _ in self.lines]
        order = sorted(range(len(boxes)), key=lambda i: boxes[i][1])
        tallest = max((box[3] - box[1] for box in boxes), default=0.0)
        return [boxes[i][1] for i in order], order, tallest

    @cached_property
    def _line_heights(self) -> dict[int, float]:
        """Per line (index in `lines`, filled on first use): the smallest height of its words
        when all of them run left-right, else 0."""
        return {}

    def _least_height(self, index: int, line_words: list[Word]) -> float:
        height = self._line_heights.get(index)
        if height is None:
            height = self._horizontal_height(line_words)
            self._line_heights[index] = height
        return height

    def _horizontal_height(self, line_words: list[Word]) -> float:
        """The smallest height of the words when all run left-right (`_is_horizontal`)."""
        least = float("inf")
        short = False
        for w in line_words:
            height = w.y1 - w.y0
            if len(w.text) < 4:
                short = True
            elif w.x1 - w.x0 < height:
                return 0.0
            if height < least:
                least = height
        if short and not self._mostly_horizontal:
            return 0.0
        return least

    @cached_property
    def _chars(self) -> LineChars | DictChars:
        """Characters per line from MuPDF's text page, or those read with the words (OCR)."""
        return (
            LineChars(self.textpage) if self._read_chars is None else DictChars(self._read_chars())
        )

    @cached_property
    def spans(self) -> list[Span]:
        """Spans with font, size and colour; extracted only for detectors that ask."""
        fields = span_fields(self.textpage) if self._read_spans is None else self._read_spans
        return list(itertools.starmap(Span, fields))

    @cached_property
    def text_colors(self) -> frozenset[int]:
        """The colours (sRGB 0xRRGGBB) the page's text is drawn in: from the spans when they
        are extracted already, else from MuPDF's HTML output, which costs a sixth of the dict
        extraction, so that pages without coloured text never need the spans."""
        if "spans" in self.__dict__:
            return frozenset(s.color for s in self.spans)
        if self._colors is not None:  # read by the read-ahead helper (`read_ahead`)
            return self._colors
        return html_colors(self.textpage)

    @cached_property
    def line_spans(self) -> dict[tuple[int, int], list[Span]]:
        """The spans of each line, keyed like `Word.line_key`."""
        by_line: dict[tuple[int, int], list[Span]] = {}
        for span in self.spans:
            by_line.setdefault((span.block, span.line), []).append(span)
        return by_line

    def runs_of(self, word: Word) -> list[StyledRun]:
        """The word's characters grouped by span (font, size, colour), computed per line on
        first use: a word that changes colour half-way ("colou" + "red") has two runs."""
        return self._word_runs(word, self._runs_of_line(word.block, word.line))

    def runs_of_line(self, line_words: list[Word]) -> list[list[StyledRun]]:
        """`runs_of` of each word of one line (the words of a `lines` entry), the line's
        runs looked up once."""
        first = line_words[0]
        groups = self._runs_of_line(first.block, first.line)
        return [self._word_runs(w, groups) for w in line_words]

    def _word_runs(self, word: Word, groups: list[list[StyledRun]]) -> list[StyledRun]:
        """The word's group of its line's runs, if it spells the word; else by position."""
        runs = groups[word.index] if word.index < len(groups) else []
        if (runs[0].text if len(runs) == 1 else "".join(r.text for r in runs)) == word.text:
            return runs
        return self._runs_by_position(word)

    def _runs_of_line(self, block: int, line: int) -> list[list[StyledRun]]:
        """The runs of each word of the line (block, line), split on first use."""
        key = (block, line)  # `Word.line_key`
        groups = self._line_runs.get(key)
        if groups is None:
            groups = word_runs(self.line_spans.get(key, []))
            self._line_runs[key] = groups
        return groups

    @cached_property
    def _line_runs(self) -> dict[tuple[int, int], list[list[StyledRun]]]:
        return {}

    @staticmethod
    def _run(text: str, span: Span) -> StyledRun:
        return StyledRun(text, span.color, span.size, span.flags, span.alpha)

    def _runs_by_position(self, w: Word) -> list[StyledRun]:
        """Fallback when word and span numbering disagree: the span under the word's centre."""
        for span in self.spans:
            if centre_inside(w.rect, span.rect):
                return [self._run(w.text, span)]
        return []

    def glyphs_of_line(self, block: int, line: int) -> list[Glyph]:
        return self._chars.glyphs(block, line)

    def glyphs_of_word(self, word: Word) -> list[Glyph]:
        """The characters of `word`: the line's glyphs split on white space, as MuPDF does."""
        groups: list[list[Glyph]] = []
        current: list[Glyph] = []
        for g in self.glyphs_of_line(word.block, word.line):
            if g.c.isspace():
                if current:
                    groups.append(current)
                    current = []
            else:
                current.append(g)
        if current:
            groups.append(current)
        if word.index < len(groups):
            return groups[word.index]
        # Numbering disagreed (should not happen with shared flags): fall back to position.
        return [
            g
            for group in groups
            for g in group
            if centre_inside((g.x0, g.y0, g.x1, g.y1), word.rect, 0.5)
        ]

    def order_near(self, rect: Sequence[float]) -> float | None:
        """A reading-order position for something without words of its own (a note icon):
        just after the word nearest to `rect`'s centre, or None on a page without words."""
        if not self.words:
            return None
        cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2

        def distance(r: Rect) -> float:
            dx = max(r[0] - cx, 0.0, cx - r[2])
            dy = max(r[1] - cy, 0.0, cy - r[3])
            return dx * dx + dy * dy

        _, nearest_line = min(self.lines, key=lambda line: distance(line[0]))
        return min(nearest_line, key=lambda w: distance(w.rect)).seq + 0.5

    def words_in(self, rect: Sequence[float]) -> list[Word]:
        """Words whose box touches `rect` (a cheap pre-filter, not the coverage rule): those
        `geometry.overlap` finds a shared box with, compared in place (a scanned page asks
        for each of its tinted runs, over all its words: 8 ms a page through `overlap`)."""
        x0, y0, x1, y1 = rect[0], rect[1], rect[2], rect[3]
        if x1 <= x0 or y1 <= y0:
            return []
        return [
            w
            for w in self.words
            if w.x0 < x1 and x0 < w.x1 and w.y0 < y1 and y0 < w.y1 and w.x0 < w.x1 and w.y0 < w.y1
        ]

    def covered_pieces(
        self, rects: Sequence[Sequence[float]], word_filter: WordFilter | None = None
    ) -> list[CoveredPiece]:
        """The parts of words that the mark made of `rects` covers, in reading order."""
        if not rects:
            return []
        bx0 = min(r[0] for r in rects)
        by0 = min(r[1] for r in rects)
        bx1 = max(r[2] for r in rects)
        by1 = max(r[3] for r in rects)
        pieces: list[CoveredPiece] = []
        # Lines first (a page has ~10x fewer lines than words), then the words of lines hit;
        # only lines whose top lies within reach of the mark are looked at, in reading order.
        lines = self.lines
        for index in self.lines_reaching(by0, by1):
            box, line_words = lines[index]
            if box[2] <= bx0 or box[0] >= bx1 or box[3] <= by0 or box[1] >= by1:
                continue
            line_rects = [
                r
                for r in rects
                if r[0] < box[2] and r[2] > box[0] and r[1] < box[3] and r[3] > box[1]
            ]
            if not line_rects:
                continue
            # A mark that crosses the line's height by less than GRAZE_SHARE of its lowest
            # word only grazes every word of it (`cover_word` would drop each one): a mark
            # reaching a little into the lines above and below it, as most highlights do.
            across = 0.0
            for r in line_rects:
                across += max(0.0, min(box[3], r[3]) - max(box[1], r[1]))
            if across < GRAZE_SHARE * self._least_height(index, line_words) and not any(
                _within_across(r, box) for r in line_rects
            ):
                continue
            if len(line_rects) == 1:
                # Most marks: one rectangle per line, no list of hits to make per word.
                only = line_rects[0]
                r0, r1, r2, r3 = only[0], only[1], only[2], only[3]
                for w in line_words:
                    if not (r0 < w.x1 and r2 > w.x0 and r1 < w.y1 and r3 > w.y0):
                        continue
                    if word_filter is not None and not word_filter(w):
                        continue
                    horizontal = self._is_horizontal(w)
                    if horizontal and r0 <= w.x0 + 0.01 and r2 >= w.x1 - 0.01:
                        # `cover_word`'s most frequent case decided here, with the arithmetic
                        # of `whole_word_share`: across the whole word and over at least
                        # MIN_GLYPH_COVERAGE of its height. Any other case is left to it.
                        y0, y1 = w.y0, w.y1
                        top = r1 if r1 > y0 else y0
                        bottom = r3 if r3 < y1 else y1
                        if y1 > y0 and bottom > top and (bottom - top) / (y1 - y0) >= MIN_SHARE:
                            pieces.append(CoveredPiece(w, w.text, True))
                            continue
                    piece = cover_word(w, line_rects, horizontal, self.glyphs_of_word)
                    if piece is not None:
                        pieces.append(piece)
                continue
            for w in line_words:
                hits = [
                    r
                    for r in line_rects
                    if r[0] < w.x1 and r[2] > w.x0 and r[1] < w.y1 and r[3] > w.y0
                ]
                if not hits or (word_filter is not None and not word_filter(w)):
                    continue
                piece = cover_word(w, hits, self._is_horizontal(w), self.glyphs_of_word)
                if piece is not None:
                    pieces.append(piece)
        return pieces

    @cached_property
    def _mostly_horizontal(self) -> bool:
        """Whether the page's longer words run left-right (rotated text runs up or down)."""
        longer = across = 0
        for w in self.words:
            if len(w.text) >= 4:
                longer += 1
                if (w.x1 - w.x0) >= (w.y1 - w.y0):
                    across += 1
        return across * 2 >= longer

    def _is_horizontal(self, w: Word) -> bool:
        # A short word's box says little about its direction ("of" is taller than wide), so
        # those follow the page's longer words.
        if len(w.text) >= 4:
            return (w.x1 - w.x0) >= (w.y1 - w.y0)
        return self._mostly_horizontal

    def covered_text(
        self, rects: Sequence[Sequence[float]], word_filter: WordFilter | None = None
    ) -> str:
        return join_pieces(self.covered_pieces(rects, word_filter))

"""The coverage rule: which glyphs of a word a mark covers. A glyph counts when at
least half of its box lies inside the mark; when every rectangle of a mark runs across the whole
word, all its glyphs are covered alike and the word box decides (no per-glyph extraction).

A mark much thinner than the glyphs it crosses (a marker band through large type, FORMATS.md
§6.5: 16-45 % of the font box) can never hold half a glyph's box: when it lies within the
word's box across the line, a glyph counts when most of its width lies inside it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from docflags_gui.analysis.geometry import Rect, area, overlap
from docflags_gui.analysis.words import CoveredPiece, Glyph, Word

# A glyph belongs to a mark when at least this share of its box lies inside the mark.
MIN_GLYPH_COVERAGE = 0.5


def whole_word_share(w: Word, hits: Sequence[Sequence[float]], horizontal: bool) -> float | None:
    """The share of each glyph of `w` that `hits` cover when every hit runs across the whole
    word along its writing direction (then all glyphs are covered alike); None when a hit
    starts or ends inside the word, so that glyphs must be looked at one by one."""
    if horizontal:
        # The most frequent test of the engine: plain comparisons instead of min()/max().
        y0, y1 = w.y0, w.y1
        height = y1 - y0
        if height <= 0:
            return None
        covered = 0.0
        for r in hits:
            if r[0] > w.x0 + 0.01 or r[2] < w.x1 - 0.01:
                return None
            top = r[1] if r[1] > y0 else y0
            bottom = r[3] if r[3] < y1 else y1
            if bottom > top:
                covered += bottom - top
        share = covered / height
        return share if share < 1.0 else 1.0
    width = w.x1 - w.x0
    if width <= 0:
        return None
    covered = 0.0
    for r in hits:
        if r[1] > w.y0 + 0.01 or r[3] < w.y1 - 0.01:
            return None
        covered += max(0.0, min(w.x1, r[2]) - max(w.x0, r[0]))
    return min(1.0, covered / width)


# A mark reaching less than this far (points) into a word along its line only touches it: a
# highlight that ends where the next word starts (pdf-lib overlays end each segment on the next
# word's edge, a few thousandths of a point inside it). A glyph lies within its word's box, so
# such a mark covers under EDGE_REACH of any glyph's width: none counts unless it is narrower
# than twice that (no real glyph is).
EDGE_REACH = 0.01


def touches_only(w: Word, hits: Sequence[Sequence[float]], horizontal: bool) -> bool:
    """True when every one of `hits` reaches less than EDGE_REACH into `w` along its line."""
    lo, hi, i, j = (w.x0, w.x1, 0, 2) if horizontal else (w.y0, w.y1, 1, 3)
    return all(min(r[j], hi) - max(r[i], lo) < EDGE_REACH for r in hits)


# Below this share of a word's height (width, for vertical text) a mark only grazes the word.
GRAZE_SHARE = 0.2
# A thin band may stick out of the word's box by this share of its height and still lie in it.
THIN_SLACK = 0.1
# A band is thin up to this share of the word's height (measured: 16-45 %). A quad covering
# half the height of a larger word beside its own line (pdfminer's issue-1082 sample: a 36-pt
# "file" behind 18-pt quads) is not one: that word is not read.
THIN_SHARE = 0.48


def thin_inside(w: Word, hits: Sequence[Sequence[float]], horizontal: bool) -> bool:
    """True when `hits` lie within the word's box across its line yet cover at most THIN_SHARE
    of its height (width, for vertical text) together: a thin band through the glyphs, where
    the width rule applies. A mark on the next or previous line that grazes
    the word reaches out of its box and is not one."""
    lo, hi = (w.y0, w.y1) if horizontal else (w.x0, w.x1)
    extent = hi - lo
    if extent <= 0 or not hits:
        return False
    slack = THIN_SLACK * extent
    across = 0.0
    for r in hits:
        start, end = (r[1], r[3]) if horizontal else (r[0], r[2])
        if start < lo - slack or end > hi + slack:
            return False
        across += min(end, hi) - max(start, lo)
    return 0 < across <= THIN_SHARE * extent


def width_share(glyph: Glyph, hits: Sequence[Sequence[float]], horizontal: bool) -> float:
    """Share of the glyph's extent along the line that `hits` cover."""
    lo, hi = (glyph.x0, glyph.x1) if horizontal else (glyph.y0, glyph.y1)
    if hi <= lo:
        return 0.0
    i, j = (0, 2) if horizontal else (1, 3)
    covered = sum(max(0.0, min(hi, r[j]) - max(lo, r[i])) for r in hits)
    return min(1.0, covered / (hi - lo))


def grazed(w: Word, hits: Sequence[Sequence[float]], horizontal: bool) -> bool:
    """True when `hits` overlap `w` across its lines so thinly that no glyph can count.

    Glyph boxes are as tall as their line (MuPDF takes them from the font's ascender and
    descender), so a glyph's covered share is at most the overlap across the line divided by
    the word's height; the margin to MIN_GLYPH_COVERAGE leaves room for smaller glyphs.
    """
    if horizontal:
        extent = w.y1 - w.y0
        across = sum(max(0.0, min(w.y1, r[3]) - max(w.y0, r[1])) for r in hits)
    else:
        extent = w.x1 - w.x0
        across = sum(max(0.0, min(w.x1, r[2]) - max(w.x0, r[0])) for r in hits)
    return extent > 0 and across < GRAZE_SHARE * extent


def glyph_coverage(box: Rect, rects: Iterable[Sequence[float]]) -> float:
    """Share of `box` covered by `rects` (assumed not to overlap each other much), capped at 1."""
    box_area = area(box)
    if box_area <= 0:
        return 0.0
    covered = 0.0
    for r in rects:
        inter = overlap(box, r)
        if inter is not None:
            covered += area(inter)
    return min(1.0, covered / box_area)


def cover_word(
    w: Word, hits: list[Sequence[float]], horizontal: bool, glyphs_of: Callable[[Word], list[Glyph]]
) -> CoveredPiece | None:
    """The part of `w` that the mark rectangles `hits` (those touching it) cover, or None;
    `horizontal`: the word runs left-right; `glyphs_of` gives its characters when they must
    be looked at one by one."""
    share = whole_word_share(w, hits, horizontal)
    if share is not None:
        # Every glyph is covered to the same share: decide for the whole word at once (a thin
        # band across the whole word has every glyph's whole width inside).
        if share >= MIN_GLYPH_COVERAGE or thin_inside(w, hits, horizontal):
            return CoveredPiece(w, w.text, True)
        return None
    if touches_only(w, hits, horizontal):
        # Spares the per-character extraction (a text page of its own, where the words were
        # read in another process) that would find no glyph covered.
        return None
    thin = thin_inside(w, hits, horizontal)
    if not thin and grazed(w, hits, horizontal):
        # A mark on the next or previous line that only touches this word's box: no glyph
        # can be mostly inside it, and looking at glyphs would cost a per-character
        # extraction of the whole page.
        return None
    glyphs = glyphs_of(w)
    if thin:
        kept = [g for g in glyphs if width_share(g, hits, horizontal) >= MIN_GLYPH_COVERAGE]
    else:
        kept = [
            g
            for g in glyphs
            if glyph_coverage((g.x0, g.y0, g.x1, g.y1), hits) >= MIN_GLYPH_COVERAGE
        ]
    if not kept:
        return None
    return CoveredPiece(w, "".join(g.c for g in kept), len(kept) == len(glyphs))

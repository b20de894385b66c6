"""Source numbers attached to passages: tags, superscripts and margin squares.

A badge is a small number that names the source of a passage. Reports draw it three ways:

- `TAG`: a small box in the source colour holding white digits (Turnitin classic draws it just
  above-left of a match's first rectangle and, in the content stream, right before them; the
  vector profile draws it right after a passage, where a superscript would be);
- `SUPERSCRIPT`: small raised digits right after a passage, without a box;
- `MARGIN`: a numbered square in the left margin on the line where a match starts (new
  Turnitin), drawn after that match's polygons.

`page_badges(ctx)` finds them once per page; `badge_seqs(ctx)` are their digit words, which
never go into a flag's text. Whether a badge starts or ends a passage is decided by position
(`starts_mark`, `ends_mark`), so every detector (drawn marks, raster marks, coloured text) pairs
badges the same way.
"""

from __future__ import annotations

import statistics
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.marks import UNDERLINE, Mark, page_marks
from docflags_gui.analysis.model import Rect
from docflags_gui.analysis.textlayer import Word

TAG = "tag"
SUPERSCRIPT = "superscript"
MARGIN = "margin"

# A badge box is at most this big (points); Turnitin's margin squares are 15.5 pt.
MAX_BOX = 24.0
# Superscript digits are at most this share of the page's usual word height.
MAX_SUPERSCRIPT_SHARE = 0.78
# How far (points) a badge may sit from the end or start of the passage it belongs to.
NEAR = 6.0


@dataclass(frozen=True, slots=True)
class Badge:
    """One source number on a page."""

    number: int
    rect: Rect
    kind: str  # TAG, SUPERSCRIPT or MARGIN
    color: str | None  # the box colour (#rrggbb); None for bare superscript digits
    seqno: int | None  # content-stream position of the box, when there is one
    word_seqs: frozenset[int]  # the digit words (Word.seq); empty when the digits are not text


def _digits(words: Sequence[Word]) -> int | None:
    text = "".join(w.text for w in words)
    if not text or not text.isdigit() or len(text) > 3:
        return None
    number = int(text)
    return number if number > 0 else None


def _center_in(word: Word, rect: Rect, slack: float = 1.0) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
    return rect[0] - slack <= cx <= rect[2] + slack and rect[1] - slack <= cy <= rect[3] + slack


def usual_word_height(words: Sequence[Word]) -> float:
    """The median height of the page's words: the body text size, robust to headings."""
    if not words:
        return 0.0
    sample = words if len(words) <= 400 else words[:: len(words) // 400 + 1]
    return statistics.median(w.y1 - w.y0 for w in sample)


def box_badge(ctx: PageContext, mark: Mark, body_left: float) -> Badge | None:
    """`mark` as a badge when it is a small box whose only text is a number."""
    if mark.shape == UNDERLINE or mark.width > MAX_BOX or mark.height > MAX_BOX:
        return None
    inside = [w for w in _words_near(ctx, mark.rect) if _center_in(w, mark.rect)]
    number = _digits(inside)
    if number is None:
        return None
    kind = MARGIN if mark.rect[2] <= body_left else TAG
    return Badge(number, mark.rect, kind, mark.color, mark.seqno, frozenset(w.seq for w in inside))


def _words_near(ctx: PageContext, rect: Rect) -> list[Word]:
    return [
        w
        for w in ctx.text.words
        if w.x1 >= rect[0] - 2
        and w.x0 <= rect[2] + 2
        and w.y1 >= rect[1] - 2
        and w.y0 <= rect[3] + 2
    ]


_CACHE: weakref.WeakKeyDictionary[PageContext, list[Badge]] = weakref.WeakKeyDictionary()


def page_badges(ctx: PageContext) -> list[Badge]:
    """All badges of the page: boxes with numbers, then bare superscript numbers (cached)."""
    cached = _CACHE.get(ctx)
    if cached is not None:
        return cached
    badges = _find(ctx)
    _CACHE[ctx] = badges
    return badges


def badge_seqs(ctx: PageContext) -> frozenset[int]:
    """The digit words of every badge on the page: never part of a flag's text."""
    return frozenset(s for b in page_badges(ctx) for s in b.word_seqs)


def _find(ctx: PageContext) -> list[Badge]:
    words = ctx.text.words
    marks = [m for m in page_marks(ctx) if m.width <= MAX_BOX and m.height <= MAX_BOX]
    badges: list[Badge] = []
    if marks and words:
        small_boxes = {(m.rect, m.seqno) for m in marks}
        digit_words = [w for w in words if w.text.isdigit()]
        candidates = [
            m
            for m in marks
            if any(_center_in(w, m.rect) for w in digit_words) and (m.rect, m.seqno) in small_boxes
        ]
        if candidates:
            body_left = _body_left(ctx, candidates)
            for m in candidates:
                badge = box_badge(ctx, m, body_left)
                if badge is not None:
                    badges.append(badge)
    taken = {s for b in badges for s in b.word_seqs}
    height = usual_word_height(words)
    for w in words:
        if (
            w.seq not in taken
            and w.text.isdigit()
            and len(w.text) <= 3
            and height > 0
            and (w.y1 - w.y0) <= MAX_SUPERSCRIPT_SHARE * height
        ):
            number = int(w.text)
            if number > 0:
                badges.append(Badge(number, w.rect, SUPERSCRIPT, None, None, frozenset({w.seq})))
    return badges


def _body_left(ctx: PageContext, boxes: Sequence[Mark]) -> float:
    """Left edge of the body text: the smallest x0 of words not inside a badge box."""
    xs = [w.x0 for w in ctx.text.words if not any(_center_in(w, m.rect) for m in boxes)]
    return min(xs) if xs else 0.0


def ends_mark(badge: Badge, rect: Rect) -> bool:
    """True when `badge` sits right after the end of the mark rectangle `rect` (superscript
    position: starting at most NEAR points after its right edge, in the upper part of its line).
    """
    b = badge.rect
    if badge.kind == MARGIN:
        return False
    if not (rect[2] - NEAR <= b[0] <= rect[2] + NEAR):
        return False
    cy = (b[1] + b[3]) / 2
    return rect[1] - 2 <= cy <= (rect[1] + rect[3]) / 2 + 2


def starts_mark(badge: Badge, rect: Rect) -> bool:
    """True when `badge` sits just above-left of the start of `rect` (Turnitin classic tags) or,
    for a margin badge, on the same line."""
    b = badge.rect
    cy = (b[1] + b[3]) / 2
    if badge.kind == MARGIN:
        return rect[1] - 2 <= cy <= rect[3] + 2
    if not (rect[0] - 2 * NEAR <= b[0] <= rect[0] + NEAR):
        return False
    return b[3] >= rect[1] - NEAR and cy <= rect[1] + (rect[3] - rect[1]) * 0.35

"""Source numbers attached to passages: tags, superscripts and margin squares.

A badge is a small number that names the source of a passage. Reports draw it three ways:

- `TAG`: a small box in the source colour holding white digits (Turnitin classic draws it just
  above-left of a match's first rectangle and, in the content stream, right before them; the
  vector profile draws it right after a passage, where a superscript would be);
- `SUPERSCRIPT`: small raised digits right after a passage, without a box, in the source colour
  or black (black ones elsewhere are footnote references and stay text);
- `MARGIN`: a numbered square in the left margin on the line where a match starts (new
  Turnitin), drawn after that match's polygons.

`page_badges(ctx)` finds them once per page; `badge_seqs(ctx)` are their digit words, which
never go into a flag's text. Whether a badge starts or ends a passage is decided by position
(`starts_mark`, `ends_mark`), so every detector (drawn marks, raster marks, coloured text) pairs
badges the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docflags_gui.analysis.colors import hex_color, is_chromatic, srgb_components
from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.furniture import furniture_seqs
from docflags_gui.analysis.geometry import Rect, centre_inside, median, wholly_inside
from docflags_gui.analysis.marks import UNDERLINE, page_marks
from docflags_gui.analysis.words import Word

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
    color: str | None  # the box's or the digits' colour (#rrggbb); None for black digits
    seqno: int | None  # content-stream position of the box, when there is one
    word_seqs: frozenset[int]  # the digit words (Word.seq); empty when the digits are not text


def _digits(words: Sequence[Word]) -> int | None:
    text = "".join(w.text for w in words)
    # isdecimal, not isdigit: "²" is a digit that int() cannot read.
    if not text or not text.isdecimal() or len(text) > 3:
        return None
    number = int(text)
    return number if number > 0 else None


def usual_word_height(words: Sequence[Word]) -> float:
    """The median height of the page's words: the body text size, robust to headings."""
    if not words:
        return 0.0
    sample = words if len(words) <= 400 else words[:: len(words) // 400 + 1]
    return median([w.y1 - w.y0 for w in sample])


def _box_number(words_inside: Sequence[Word]) -> int | None:
    """The number a box holds when its only text is one number (1-3 digits)."""
    return _digits(sorted(words_inside, key=lambda w: w.x0))


@per_page
def page_badges(ctx: PageContext) -> list[Badge]:
    """All badges of the page: boxes with numbers, then bare superscript numbers (cached)."""
    return _find(ctx)


def badge_seqs(ctx: PageContext) -> frozenset[int]:
    """The digit words of every badge on the page: never part of a flag's text."""
    return frozenset(s for b in page_badges(ctx) for s in b.word_seqs)


def _find(ctx: PageContext) -> list[Badge]:
    words = ctx.text.words
    boxes = [
        m
        for m in page_marks(ctx)
        if m.shape != UNDERLINE and m.width <= MAX_BOX and m.height <= MAX_BOX
    ]
    badges: list[Badge] = []
    if boxes and words:
        inside: dict[int, list[Word]] = {}
        for i, m in enumerate(boxes):
            found = _badge_words(ctx, m.rect)
            if found:
                inside[i] = found
        _nearest_box_only(inside, [m.rect for m in boxes])
        numbered = {i: n for i, ws in inside.items() if (n := _box_number(ws)) is not None}
        in_boxes = {w.seq for i in numbered for w in inside[i]}
        body_left = _body_left(ctx, in_boxes) if numbered else 0.0
        for i, number in numbered.items():
            m = boxes[i]
            kind = MARGIN if m.rect[2] <= body_left else TAG
            seqs = frozenset(w.seq for w in inside[i])
            badges.append(Badge(number, m.rect, kind, m.color, m.seqno, seqs))
    # Page numbers and running strings are furniture, never badges. (Asked for on every page
    # even without digits: furniture detection remembers the margin lines of each page.)
    furniture = furniture_seqs(ctx)
    # Digits first (a cheap test that most words fail), then what else a source number needs.
    digit_words = [w for w in words if w.text.isdecimal() and len(w.text) <= 3]
    if not digit_words:
        return badges
    taken = {s for b in badges for s in b.word_seqs} | furniture
    free = [w for w in digit_words if w.seq not in taken]
    height = usual_word_height(words) if free else 0.0
    small_digits = [
        w
        for w in free
        if int(w.text) > 0 and height > 0 and (w.y1 - w.y0) <= MAX_SUPERSCRIPT_SHARE * height
    ]
    for w in small_digits:
        # Digits in a colour (the source's) are a badge wherever they are. Black ones may be
        # footnote references: they are a source only where they end a mark (see `ends_mark`)
        # and stay in the text, so they carry no words here.
        color = _digits_color(ctx, w)
        seqs = frozenset({w.seq}) if color is not None else frozenset()
        badges.append(Badge(int(w.text), w.rect, SUPERSCRIPT, color, None, seqs))
    return badges


def _nearest_box_only(inside: dict[int, list[Word]], rects: Sequence[Rect]) -> None:
    """A word that several boxes hold belongs to the one whose centre is nearest its own: a
    tag's digits reach into a short cell's segment on the line above (rows touch, tags overlap
    the line above), and that segment is no badge."""
    holders: dict[int, list[int]] = {}
    for i, found in inside.items():
        for w in found:
            holders.setdefault(w.seq, []).append(i)
    shared = {seq: boxes for seq, boxes in holders.items() if len(boxes) > 1}
    if not shared:
        return
    for i in list(inside):
        kept = []
        for w in inside[i]:
            boxes = shared.get(w.seq)
            if boxes is None or min(boxes, key=lambda b: _distance(w.rect, rects[b])) == i:
                kept.append(w)
        if kept:
            inside[i] = kept
        else:
            del inside[i]


def _distance(a: Rect, b: Rect) -> float:
    """Squared distance between the centres of two boxes."""
    dx = (a[0] + a[2] - b[0] - b[2]) / 2
    dy = (a[1] + a[3] - b[1] - b[3]) / 2
    return dx * dx + dy * dy


def _badge_words(ctx: PageContext, rect: Rect) -> list[Word]:
    """The words a badge box holds: those centred in it; but when a word of the text beside it
    is centred in it too (a round badge on a line's top-left corner "hides" a short first word
    such as "1.2"), only the words wholly inside, if they make a number."""
    found = _words_centred_in(ctx, rect)
    if len(found) > 1:
        whole = [w for w in found if wholly_inside(w.rect, rect, 1.0)]
        if whole and len(whole) < len(found) and _box_number(whole) is not None:
            return whole
    return found


def _words_centred_in(ctx: PageContext, rect: Rect) -> list[Word]:
    """The words whose centre lies in `rect` (1 pt slack), ordered by the height of their
    centre, then in reading order; only lines whose box reaches the box are looked at (a
    margin square is level with a line of text, but far to its left)."""
    lo, hi = rect[1] - 1, rect[3] + 1
    left, right = rect[0] - 1, rect[2] + 1
    lines = ctx.text.lines
    found = [
        w
        for index in ctx.text.lines_reaching(lo, hi + 1)
        if lines[index][0][1] <= hi
        and lines[index][0][3] >= lo
        and lines[index][0][0] <= right
        and lines[index][0][2] >= left
        for w in lines[index][1]
        if centre_inside(w.rect, rect, 1.0)
    ]
    found.sort(key=lambda w: w.y0 + w.y1)
    return found


def _body_left(ctx: PageContext, in_boxes: set[int]) -> float:
    """The left edge of the page's text outside badge boxes."""
    left = float("inf")
    for box, line_words in ctx.text.lines:
        if box[0] >= left:
            continue
        if any(w.seq in in_boxes for w in line_words):
            left = min([left, *(w.x0 for w in line_words if w.seq not in in_boxes)])
        else:
            left = box[0]
    return left if left != float("inf") else 0.0


def _digits_color(ctx: PageContext, word: Word) -> str | None:
    """The colour of the span holding `word`'s digits as #rrggbb, when it is chromatic."""
    for span in ctx.text.line_spans.get(word.line_key, ()):
        r = span.rect
        touches = r[0] <= word.x1 and r[2] >= word.x0 and r[1] <= word.y1 and r[3] >= word.y0
        if touches and word.text in span.text:
            rgb = srgb_components(span.color)
            if is_chromatic(rgb):
                return hex_color(rgb)
    return None


_GLUED = re.compile(r"(.*[^\d\s])(\d{1,3})")


def glued_superscript(ctx: PageContext, word: Word) -> Badge | None:
    """A source number set as a superscript right after a word, which MuPDF's word extraction
    glues to it ("passage3"): smaller digits at the end of `word`."""
    m = _GLUED.fullmatch(word.text)
    if m is None:
        return None
    digits = m.group(2)
    glyphs = ctx.text.glyphs_of_word(word)
    if len(glyphs) != len(word.text):
        return None
    tail, head = glyphs[-len(digits) :], glyphs[: -len(digits)]
    body = median(g.y1 - g.y0 for g in head)
    if max(g.y1 - g.y0 for g in tail) > MAX_SUPERSCRIPT_SHARE * body:
        return None
    rect = (
        min(g.x0 for g in tail),
        min(g.y0 for g in tail),
        max(g.x1 for g in tail),
        max(g.y1 for g in tail),
    )
    probe = Word(*rect, digits, word.block, word.line, word.index, word.seq)
    return Badge(int(digits), rect, SUPERSCRIPT, _digits_color(ctx, probe), None, frozenset())


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
    # Above the rectangle's top edge, reaching at most a little into it (a superscript box at
    # the end of the previous passage sits lower: it reaches into the line's lower half).
    height = rect[3] - rect[1]
    return rect[1] - NEAR <= b[3] <= rect[1] + 0.5 * height and cy <= rect[1] + 0.2 * height

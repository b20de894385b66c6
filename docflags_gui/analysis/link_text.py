"""Text that is coloured or underlined because it is a link, not because someone flagged it
(FORMATS.md §6.6): words under a /Link annotation (hyperlinks, citation numbers, cross-
references) and link-styled words without one (text underlined by a thin line of its own
colour, as a web page or a word processor prints a hyperlink).

A citation token often mixes colours: in "[4-6]" only the digits are blue and inside their own
link rects, the brackets and the dash are black, so the word's centre lies between two rects.
A word counts as a link when link rects cover LINK_SHARE of its width on its line.
"""

from __future__ import annotations

from docflags_gui.analysis.colors import same_declared_color, srgb_hex
from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.geometry import Rect
from docflags_gui.analysis.marks import UNDERLINE, Mark, link_rects, page_marks
from docflags_gui.analysis.words import Word

# Share of a word's width that link rects must cover for the word to be link text.
LINK_SHARE = 0.4
# A link underline is a hairline: a stroke or fill at most this thick (pt). A marker-pen
# underline someone draws under a passage is thicker, or in another colour than the text.
MAX_LINK_RULE = 1.5
# Slack (pt) for an underline's ends against its words'.
END_SLACK = 1.5
# ... and at its right end, a space's width (this share of the words' height).
SPACE_SHARE = 0.4


def link_share(word: Word, rects: list[Rect]) -> float:
    """The share of `word`'s width that `rects` cover, counting rects that overlap half the
    word's height (or half their own, for a rect lower than the word: some producers shift
    link rects by a few points, or make them as low as the digits)."""
    width = word.x1 - word.x0
    if width <= 0:
        return 0.0
    covered = 0.0
    for r in rects:
        across = min(word.y1, r[3]) - max(word.y0, r[1])
        if across > 0 and across >= 0.5 * min(word.y1 - word.y0, r[3] - r[1]):
            covered += max(0.0, min(word.x1, r[2]) - max(word.x0, r[0]))
    return min(1.0, covered / width)


def in_link(ctx: PageContext, area: Rect) -> bool:
    """True when `area` (an underline's line) lies inside one of the page's link rects."""
    cx = (area[0] + area[2]) / 2
    cy = (area[1] + area[3]) / 2
    return any(
        r[0] - END_SLACK <= area[0]
        and area[2] <= r[2] + END_SLACK
        and r[1] - END_SLACK <= cy <= r[3] + END_SLACK
        and r[0] <= cx <= r[2]
        for r in link_rects(ctx)
    )


@per_page
def link_word_seqs(ctx: PageContext) -> frozenset[int]:
    """`Word.seq`s of the page's link text: words under link rects and link-styled words."""
    seqs: set[int] = set()
    rects = link_rects(ctx)
    if rects:
        for box, line_words in ctx.text.lines:
            # Only rects that reach into the line's box can cover its words (the line's
            # box holds its words' boxes): most lines have none, so their words need no look.
            near = [
                r
                for r in rects
                if r[1] < box[3] and r[3] > box[1] and r[0] <= box[2] and r[2] >= box[0]
            ]
            if near:
                # Only words under a rect's horizontal extent can be covered (link_share 0).
                x0, x1 = min(r[0] for r in near), max(r[2] for r in near)
                seqs.update(
                    w.seq
                    for w in line_words
                    if w.x1 > x0 and w.x0 < x1 and link_share(w, near) >= LINK_SHARE
                )
    for mark in page_marks(ctx):
        if mark.shape == UNDERLINE and mark.height <= MAX_LINK_RULE:
            seqs.update(w.seq for w in _styled_words(ctx, mark))
    return frozenset(seqs)


def _styled_words(ctx: PageContext, rule: Mark) -> list[Word]:
    """The words `rule` underlines when it is drawn in their own colour and runs from the first
    to the last of them (link styling); none otherwise."""
    x0, x1 = rule.rect[0], rule.rect[2]
    y = (rule.rect[1] + rule.rect[3]) / 2
    above = [
        w
        for w in ctx.text.words
        if w.x0 >= x0 - END_SLACK
        and w.x1 <= x1 + END_SLACK
        and w.y0 + 0.5 * (w.y1 - w.y0) <= y <= w.y1 + 2.0
    ]
    if not above:
        return []
    # The rule may run on under a trailing space (a span's extent), not further.
    space = SPACE_SHARE * max(w.y1 - w.y0 for w in above)
    if min(w.x0 for w in above) > x0 + END_SLACK or max(w.x1 for w in above) < x1 - space:
        return []  # the rule runs past its words: not a link's own underline
    for w in above:
        runs = ctx.text.runs_of(w)
        if not runs or not all(same_declared_color(srgb_hex(r.color), rule.color) for r in runs):
            return []
    return above


def underlined_as_link(ctx: PageContext, rule: Mark) -> bool:
    """True when the thin underline `rule` is link styling: inside a link rect, or in the
    colour of the very words it runs under."""
    if rule.height > MAX_LINK_RULE:
        return False
    return in_link(ctx, rule.rect) or bool(_styled_words(ctx, rule))

"""Bar charts: opaque fills standing on a common baseline, much taller than the text lines and
taller than wide, are bars (FORMATS.md §6.6: 22.5 pt wide, 71-400 pt tall, labels rotated
inside them), not highlights, whatever text lies on them.

Only vertical bars are recognised: left-aligned fills of equal height are also what a
highlighted paragraph looks like (one fill per line), so horizontal bar charts are left to
the other tests (`distractors.hugs`).
"""

from __future__ import annotations

from docflags_gui.analysis.badges import usual_word_height
from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.marks import UNDERLINE, page_marks

# At least this many bars share a baseline.
MIN_BARS = 3
# A bar is at least this many body line heights tall.
TALL = 3.0
# Bottoms within this distance (pt) share a baseline.
BASELINE_SLACK = 1.0
# Bars are painted opaque; translucent tall fills are left alone.
OPAQUE = 0.99


@per_page
def chart_bar_seqnos(ctx: PageContext) -> frozenset[int]:
    """`Mark.seqno`s of the page's chart bars."""
    upright = [
        m
        for m in page_marks(ctx)
        if m.shape != UNDERLINE and m.opacity >= OPAQUE and m.height > m.width
    ]
    if len(upright) < MIN_BARS:
        return frozenset()  # most pages: no bars, and no need for the body's line height
    line = usual_word_height(ctx.text.words)
    tall = [m for m in upright if m.height >= TALL * line] if line > 0 else []
    if len(tall) < MIN_BARS:
        return frozenset()
    tall.sort(key=lambda m: m.rect[3])
    bars: set[int] = set()
    group = [tall[0]]
    for mark in tall[1:]:
        if mark.rect[3] - group[-1].rect[3] <= BASELINE_SLACK:
            group.append(mark)
            continue
        if len(group) >= MIN_BARS:
            bars.update(m.seqno for m in group)
        group = [mark]
    if len(group) >= MIN_BARS:
        bars.update(m.seqno for m in group)
    return frozenset(bars)

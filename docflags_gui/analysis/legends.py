"""Chart legends: a label next to a swatch of its own colour is a legend entry, not coloured
text someone flagged (FORMATS.md §6.6: "swatch-matched colours").

A swatch is a small filled shape (a square, a disc, or a short thick line for a line chart)
without text in it, left of the label on the label's line, in the label's colour. Source
badges look alike but hold their number.
"""

from __future__ import annotations

from docflags_gui.analysis.colors import same_declared_color, srgb_hex
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.geometry import centre_inside, overlap
from docflags_gui.analysis.marks import UNDERLINE, Mark, page_marks
from docflags_gui.analysis.words import Word

# A swatch is at most this many label heights tall and wide (a line sample: long).
MAX_SWATCH = 2.0
MAX_LINE_SAMPLE = 5.0
# ... and ends at most this many label heights left of the label.
MAX_GAP = 1.5


def legend_label(ctx: PageContext, first: Word, color: int) -> bool:
    """True when coloured text starting with `first` (in `color`) is a legend entry."""
    height = first.y1 - first.y0
    if height <= 0:
        return False
    cy = (first.y0 + first.y1) / 2
    for mark in page_marks(ctx):
        r = mark.rect
        if not (r[1] <= cy <= r[3] or first.y0 <= (r[1] + r[3]) / 2 <= first.y1):
            continue
        if not -1.0 <= first.x0 - r[2] <= MAX_GAP * height:
            continue
        if _is_swatch(ctx, mark, height) and same_declared_color(mark.color, srgb_hex(color)):
            return True
    return False


def _is_swatch(ctx: PageContext, mark: Mark, height: float) -> bool:
    longest = MAX_LINE_SAMPLE if mark.shape == UNDERLINE else MAX_SWATCH
    if mark.width > longest * height or mark.height > MAX_SWATCH * height:
        return False
    # No word touching the mark with its centre in it; only lines near the mark can hold one.
    box = mark.rect
    lines = ctx.text.lines
    return not any(
        overlap(w.rect, box) is not None and centre_inside(w.rect, box)
        for index in ctx.text.lines_reaching(box[1], box[3])
        for w in lines[index][1]
    )

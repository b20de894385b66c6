"""Marks that highlight whole paragraphs (FORMATS.md §6.4, the AI-writing report): one passage
per paragraph, though nothing but a wider gap lies between two marked paragraphs, and no badge.

In a paragraph colour, a white gap to the next line's mark wider than PARAGRAPH_GAP times the
usual gap between its lines is a paragraph break; a last line shorter than SHORT_LINE of the
widest ends its paragraph (it does not go on over the page break).
"""

from __future__ import annotations

from collections.abc import Sequence

from docflags_gui.analysis.geometry import Rect, median

PARAGRAPH_COLORS = frozenset({"#52c6da"})
PARAGRAPH_GAP = 1.3
SHORT_LINE = 0.75


def line_gaps(marks: Sequence[tuple[str, Rect]]) -> dict[str, float]:
    """Per paragraph colour, the usual white gap between one line's mark and the next line's
    (`marks` in reading order, as (colour, box))."""
    gaps: dict[str, list[float]] = {}
    last: dict[str, Rect] = {}
    for color, rect in marks:
        if color not in PARAGRAPH_COLORS:
            continue
        before = last.get(color)
        if before is not None and rect[1] > before[3]:
            gaps.setdefault(color, []).append(rect[1] - before[3])
        last[color] = rect
    return {color: median(values) for color, values in gaps.items()}


def new_paragraph(color: str, before: Rect, after: Rect, gaps: dict[str, float]) -> bool:
    """True when the mark `after` starts a new paragraph of paragraph colour `color`."""
    gap = gaps.get(color)
    return gap is not None and after[1] - before[3] > PARAGRAPH_GAP * max(gap, 1.0)


def short_last_line(color: str, last: Rect, marks: Sequence[tuple[str, Rect]]) -> bool:
    """True when `last`, a passage's last line in a paragraph colour, is short: its paragraph
    ends there."""
    if color not in PARAGRAPH_COLORS:
        return False
    widest = max(r[2] - r[0] for c, r in marks if c == color)
    return last[2] - last[0] < SHORT_LINE * widest

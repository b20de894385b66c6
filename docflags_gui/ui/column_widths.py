"""How wide the flags table's columns are: the short ones (page, kind, colour, source, place,
score, status) as wide as their header and widest cell, the passage and the comment share the
rest; when the pane is too narrow for all of that, the short columns give way (GIVE_WAY), never
the passage: no horizontal scroll bar.

Pure arithmetic on pixel widths, so it is tested without a window.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from docflags_gui.ui.flags_cells import Column

SHORT_COLUMNS = (
    Column.PAGE,
    Column.KIND,
    Column.COLOR,
    Column.SOURCE,
    Column.WHERE,
    Column.SCORE,
    Column.STATUS,
)
MIN_TEXT_WIDTH = 160
MAX_SHORT_WIDTH = 125
SHORT_FLOOR = 44  # a short column's first letters and its sort arrow
SWATCH_ONLY = 34  # the colour's swatch alone; its name is in the tooltip
# The passage gets most of what the short columns leave; the comment the rest.
TEXT_SHARE = 0.72


# Who gives way first when the pane is narrow: the colour down to its swatch (its name is in
# the tooltip), then the kind (the same words on most rows; the Kind filter lists them), then
# the numbers and the place, the review status last ("Needs fix" and "To review" must read).
GIVE_WAY = (
    (Column.COLOR,),
    (Column.KIND,),
    (Column.PAGE, Column.SOURCE, Column.SCORE, Column.WHERE),
    (Column.STATUS,),
)


def fitted_short_widths(
    wanted: Mapping[Column, int], room: int, text_need: int
) -> dict[Column, int]:
    """The short columns' widths: as `wanted` when they leave `text_need` of `room` to the
    passage (and comment), else narrowed just enough, in GIVE_WAY's order, each group in
    proportion to what its columns have above their floor."""
    widths = dict(wanted)
    over = sum(widths.values()) + text_need - room
    for group in GIVE_WAY:
        if over <= 0:
            break
        spare = {c: widths[c] - _floor(c) for c in group if c in widths and widths[c] > _floor(c)}
        total = sum(spare.values())
        if total <= 0:
            continue
        share = min(1.0, over / total)
        for column, extra in spare.items():
            cut = min(extra, math.ceil(extra * share))
            widths[column] -= cut
            over -= cut
    return widths


def _floor(column: Column) -> int:
    return SWATCH_ONLY if column == Column.COLOR else SHORT_FLOOR


def text_and_comment(free: int, with_comment: bool) -> tuple[int, int]:
    """(passage, comment) widths sharing `free` pixels (comment 0 when it is hidden)."""
    if not with_comment:
        return max(MIN_TEXT_WIDTH, free), 0
    comment_floor = MIN_TEXT_WIDTH // 2
    if free >= MIN_TEXT_WIDTH + comment_floor:
        text = max(MIN_TEXT_WIDTH, round(free * TEXT_SHARE))
        return text, max(comment_floor, free - text)
    # A narrow pane: both shrink together rather than hide behind a scroll bar.
    text = max(MIN_TEXT_WIDTH // 2, round(free * TEXT_SHARE))
    return text, max(MIN_TEXT_WIDTH // 4, free - text)

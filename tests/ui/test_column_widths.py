"""The flags table's column arithmetic: short columns as wanted while there is room, then the
colour, the kind, the numbers and place give way in that order, the status last."""

from __future__ import annotations

from docflags_gui.ui.column_widths import (
    MIN_TEXT_WIDTH,
    SHORT_FLOOR,
    SWATCH_ONLY,
    fitted_short_widths,
    text_and_comment,
)
from docflags_gui.ui.flags_cells import Column

WANTED = {
    Column.PAGE: 60,
    Column.KIND: 115,
    Column.COLOR: 95,
    Column.SOURCE: 70,
    Column.WHERE: 70,
    Column.SCORE: 60,
    Column.STATUS: 100,
}


def test_with_room_every_short_column_is_as_wanted() -> None:
    room = sum(WANTED.values()) + MIN_TEXT_WIDTH
    assert fitted_short_widths(WANTED, room, MIN_TEXT_WIDTH) == WANTED


def test_a_little_short_takes_it_from_the_colour_only() -> None:
    room = sum(WANTED.values()) + MIN_TEXT_WIDTH - 30
    widths = fitted_short_widths(WANTED, room, MIN_TEXT_WIDTH)
    assert widths[Column.COLOR] == WANTED[Column.COLOR] - 30
    assert {c: w for c, w in widths.items() if c != Column.COLOR} == {
        c: w for c, w in WANTED.items() if c != Column.COLOR
    }


def test_narrow_panes_keep_the_status_and_leave_the_passage_its_minimum() -> None:
    room = 580  # a 1024 px window's table
    widths = fitted_short_widths(WANTED, room, MIN_TEXT_WIDTH)
    assert sum(widths.values()) + MIN_TEXT_WIDTH <= room
    assert widths[Column.STATUS] == WANTED[Column.STATUS]
    assert widths[Column.COLOR] == SWATCH_ONLY
    assert all(w >= SHORT_FLOOR for c, w in widths.items() if c != Column.COLOR)


def test_the_passage_gets_most_of_what_is_left_and_the_comment_the_rest() -> None:
    assert text_and_comment(500, with_comment=False) == (500, 0)
    text, comment = text_and_comment(500, with_comment=True)
    assert text + comment == 500 and text > 2 * comment
    assert text_and_comment(100, with_comment=False)[0] == MIN_TEXT_WIDTH

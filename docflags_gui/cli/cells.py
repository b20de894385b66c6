"""Text in terminal cells: how many a string takes, and a string cut and padded to a width.

Apart from the table (`table.py`) so that the progress line, which every `docflags analyze`
shows, does not load the table's matching and review labels (15 ms of start-up).
"""

from __future__ import annotations

import functools
import unicodedata

from docflags_gui.printable import printable


def display_width(text: str) -> int:
    """Terminal cells `text` takes: wide (CJK) characters take two, combining marks none."""
    if text.isascii():  # one cell each: no ASCII character is wide or combining
        return len(text)
    return sum(map(_char_width, text))


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(text: str, width: int, ellipsis: str = "…") -> str:
    """`text` cut to `width` cells (with an ellipsis when cut) and padded to exactly `width`."""
    # Newlines and runs of spaces would break the row; other control characters (ESC, BEL)
    # would act on the terminal: they are shown as escapes.
    text = printable(" ".join(text.split()))
    used = display_width(text)
    if used > width:
        room = max(0, width - display_width(ellipsis))
        text = _cut(text, room).rstrip() + ellipsis
        used = display_width(text)
    return text + " " * max(0, width - used)


def _cut(text: str, room: int) -> str:
    """The longest start of `text` that takes at most `room` cells."""
    if text.isascii():
        return text[:room]
    used = 0
    for end, char in enumerate(text):
        used += _char_width(char)
        if used > room:
            return text[:end]
    return text

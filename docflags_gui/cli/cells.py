"""Text in terminal cells: how many a string takes, and a string cut and padded to a width.

Apart from the table (`table.py`) so that the progress line, which every `docflags analyze`
shows, does not load the table's matching and review labels (15 ms of start-up).
"""

from __future__ import annotations

import unicodedata

from docflags_gui.printable import printable


def display_width(text: str) -> int:
    """Terminal cells `text` takes: wide (CJK) characters take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def fit(text: str, width: int, ellipsis: str = "…") -> str:
    """`text` cut to `width` cells (with an ellipsis when cut) and padded to exactly `width`."""
    # Newlines and runs of spaces would break the row; other control characters (ESC, BEL)
    # would act on the terminal: they are shown as escapes.
    text = printable(" ".join(text.split()))
    if display_width(text) > width:
        room = max(0, width - display_width(ellipsis))
        kept, used = [], 0
        for char in text:
            w = display_width(char)
            if used + w > room:
                break
            kept.append(char)
            used += w
        text = "".join(kept).rstrip() + ellipsis
    return text + " " * max(0, width - display_width(text))

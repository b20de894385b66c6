"""The flags table shows control characters from a file as escapes: a BEL or ESC in a
flagged passage or comment must not reach the screen (or a screen reader) as a control."""

from __future__ import annotations

from PySide6.QtCore import Qt

from docflags_gui.ui.flags_cells import Column
from docflags_gui.ui.flags_model import FlagTableModel


def test_control_characters_in_cells_are_escaped(qapp: object) -> None:
    model = FlagTableModel()
    model.set_flags(
        [
            {
                "id": 1,
                "page": 1,
                "kind": "highlight",
                "color": "#ffff00",
                "text": "ring \x07 the \x1b[2J bell",
                "source": None,
                "comment": "line one\nline \u202etwo",
                "rect": [0, 0, 1, 1],
                "ocr": False,
            }
        ]
    )
    text = model.index(0, Column.TEXT).data(Qt.ItemDataRole.DisplayRole)
    assert "\x07" not in text and "\x1b" not in text
    assert "\\x07" in text and "\\x1b[2J" in text
    tip = model.index(0, Column.COMMENT).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "line one\nline \\u202etwo"

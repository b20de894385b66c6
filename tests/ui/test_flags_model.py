"""FlagTableModel and FlagFilterProxy on synthetic docflags/1 flags, up to 100,000 rows."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from docflags_gui.result import ResultFlag
from docflags_gui.ui.flags_cells import Column, display_text, distinct_cell_texts
from docflags_gui.ui.flags_model import FlagFilterProxy, FlagTableModel
from docflags_gui.ui.flags_view import FlagsTableView, rows_as_tsv

KINDS = ("highlight", "drawn", "note", "underline")


def synthetic_flags(count: int) -> list[ResultFlag]:
    return [
        {
            "id": i + 1,
            "page": i // 50 + 1,
            "kind": KINDS[i % 4],
            "color": None if i % 4 == 2 else ("#ff0000", "#00aa00")[i % 2],
            "text": f"passage {i + 1} of the manuscript",
            "source": None if i % 3 == 0 else i % 3,
            "comment": "needs a citation" if i % 1000 == 0 else None,
            "rect": [72.0, 100.0, 300.0, 112.0],
            "ocr": False,
        }
        for i in range(count)
    ]


def proxy_for(flags: list[ResultFlag]) -> tuple[FlagTableModel, FlagFilterProxy]:
    model = FlagTableModel()
    model.set_flags(flags)
    proxy = FlagFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def shown_view(qtbot: QtBot, proxy: FlagFilterProxy) -> FlagsTableView:
    """A flags table showing `proxy`, on screen at 800x600."""
    view = FlagsTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def column(proxy: FlagFilterProxy, col: int) -> list[str]:
    return [proxy.index(r, col).data() for r in range(proxy.rowCount())]


def test_hundred_thousand_rows_filter_and_sort(qtbot: QtBot) -> None:
    model, proxy = proxy_for(synthetic_flags(100_000))
    assert proxy.rowCount() == 100_000
    proxy.set_search_text("NEEDS A CITATION")  # comments are searched, case-insensitively
    assert proxy.rowCount() == 100
    proxy.set_search_text("passage 99999 ")
    assert column(proxy, Column.TEXT) == ["passage 99999 of the manuscript"]
    proxy.set_search_text("")
    proxy.set_kind_filter("note")
    assert proxy.rowCount() == 25_000
    proxy.set_source_filter(2)
    assert {proxy.flag_at(r)["source"] for r in range(proxy.rowCount())} == {2}
    proxy.clear_filters()
    assert proxy.rowCount() == 100_000 and not proxy.is_filtering()

    proxy.sort(Column.SOURCE, Qt.SortOrder.AscendingOrder)
    sources = [model.flag_at(r)["source"] for r in range(model.rowCount())]
    assert sources[0] == 1 and sources[-1] is None  # empty cells sort last
    proxy.sort(Column.SOURCE, Qt.SortOrder.DescendingOrder)
    sources = [model.flag_at(r)["source"] for r in range(model.rowCount())]
    assert sources[0] is not None and sources[-1] is None  # ... in either order
    proxy.sort(Column.PAGE, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, Column.PAGE).data() == "2000"


def test_colour_filter_and_swatch() -> None:
    _model, proxy = proxy_for(synthetic_flags(8))
    proxy.set_color_filter("#00aa00")
    assert column(proxy, Column.COLOR) == ["Green"] * 4
    tips = [proxy.index(r, Column.COLOR).data(Qt.ItemDataRole.ToolTipRole) for r in range(4)]
    assert tips == ["Green (#00aa00)"] * 4  # the name too: a narrow column shows the swatch
    proxy.set_color_filter("Green")  # the filter's entries are names: every shade of green
    assert column(proxy, Column.COLOR) == ["Green"] * 4
    icon = proxy.index(0, Column.COLOR).data(Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    assert proxy.index(0, Column.TEXT).data(Qt.ItemDataRole.DecorationRole) is None


def test_sort_keeps_the_selection_on_the_same_flag() -> None:
    _model, proxy = proxy_for(synthetic_flags(30))
    kept = QPersistentModelIndex(proxy.index(5, Column.TEXT))
    text = kept.data()
    proxy.sort(Column.TEXT, Qt.SortOrder.DescendingOrder)
    assert kept.isValid() and kept.data() == text and kept.row() != 5


def test_text_sort_is_case_insensitive_with_reading_order_ties() -> None:
    flags = synthetic_flags(3)
    flags[0]["text"], flags[1]["text"], flags[2]["text"] = "beta", "Alpha", "alpha"
    model, proxy = proxy_for(flags)
    proxy.sort(Column.TEXT, Qt.SortOrder.AscendingOrder)
    assert [model.flag_at(r)["id"] for r in range(3)] == [2, 3, 1]


def test_tsv_has_a_header_and_keeps_every_row_on_one_line() -> None:
    flag = synthetic_flags(1)[0] | {"text": "two\nlines\tand a tab", "comment": "a\r\nb"}
    assert rows_as_tsv([flag]).splitlines() == [
        "Page\tKind\tColour\tSource\tText\tComment",
        "1\tHighlight\tRed\t\ttwo lines and a tab\ta b",
    ]


def test_view_has_fixed_row_heights_and_no_index_widgets(qtbot: QtBot) -> None:
    _model, proxy = proxy_for(synthetic_flags(100_000))
    view = shown_view(qtbot, proxy)
    assert view.objectName() == "flagsTable"
    assert view.verticalHeader().sectionResizeMode(0).name == "Fixed"
    view.scrollToBottom()
    assert view.indexWidget(proxy.index(proxy.rowCount() - 1, 0)) is None


def test_filtering_and_painting_never_ask_python_cell_by_cell_and_role_by_role(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each call from Qt into Python takes the interpreter lock anew, and while pool threads
    parse results each can wait: filtering 100,000 rows is one pass in Python (no call per
    row), and a painted cell is one `multiData` call (not one `data` call per role)."""
    calls: Counter[str] = Counter()
    data, multi_data = FlagTableModel.data, FlagTableModel.multiData

    def counted_data(self: FlagTableModel, index: Any, role: int = 0) -> Any:
        calls["data"] += 1
        return data(self, index, role)

    def counted_multi_data(self: FlagTableModel, index: Any, span: Any) -> None:
        calls["multiData"] += 1
        multi_data(self, index, span)

    monkeypatch.setattr(FlagTableModel, "data", counted_data)
    monkeypatch.setattr(FlagTableModel, "multiData", counted_multi_data)
    _model, proxy = proxy_for(synthetic_flags(100_000))
    proxy.set_search_text("needs a citation")
    proxy.set_kind_filter("highlight")
    assert proxy.rowCount() == 100 and calls["data"] == 0
    proxy.clear_filters()
    view = shown_view(qtbot, proxy)
    view.grab()  # paints the visible cells
    assert calls["multiData"] > 0 and calls["data"] == 0


def test_a_filter_keeps_the_selected_flag_while_it_is_shown(qtbot: QtBot) -> None:
    _model, proxy = proxy_for(synthetic_flags(3_000))
    view = FlagsTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.selectRow(2000)  # "passage 2001", which needs a citation
    proxy.set_search_text("citation")
    assert [f["text"] for f in view.selected_flags()] == ["passage 2001 of the manuscript"]
    assert view.currentIndex().row() == 2 and proxy.rowCount() == 3
    proxy.set_kind_filter("drawn")  # passage 2001 is a highlight: filtered out
    assert view.selected_flags() == [] and not view.currentIndex().isValid()
    proxy.clear_filters()
    assert proxy.rowCount() == 3_000


def test_distinct_cell_texts_are_the_texts_of_every_cell(qapp: object) -> None:
    """The short columns are sized from each distinct text once, not from 10,000 cells."""
    flags = synthetic_flags(2_000)
    flags[1].update({"kind": "drawn", "color": "#F86371", "source": None})  # a match group
    flags[2].update({"kind": "drawn", "color": "#f86371", "source": 4})  # a source's match
    flags[3].update({"kind": "drawn", "color": "#123456", "source": None})
    for column in (Column.PAGE, Column.KIND, Column.COLOR, Column.SOURCE, Column.TEXT):
        every_cell = {display_text(flag, column) for flag in flags}
        assert distinct_cell_texts(flags, column) == every_cell

"""The flagged-items table model (one row per docflags/1 flag shown) and its filter facade.

Both stay fast with 100,000 rows and never ask Python once per row from Qt: the model keeps
every flag in the current sort order plus the positions of those its FlagFilter accepts, and
both sorting and filtering are one Python pass over its own lists (see flags_filter). The
`FlagFilterProxy` the view shows is a QIdentityProxyModel (its row mapping is C++) that hands
the filters and `sort` to the model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPixmap

from docflags_gui.printable import printable
from docflags_gui.result import ResultFlag
from docflags_gui.ui.colour_names import color_name
from docflags_gui.ui.flags_cells import (
    FLAG_ROLE,
    HEADERS,
    UNMATCHED_COLUMNS,
    Column,
    display_text,
    header_words,
    is_matched_flags,
    reading_order,
    sort_key,
)
from docflags_gui.ui.flags_filter import FlagFilter, search_texts
from docflags_gui.ui.match_words import where_tip
from docflags_gui.ui.status_words import status_data

ModelIndex = QModelIndex | QPersistentModelIndex

_ROLE = Qt.ItemDataRole
_STATUS_ROLES = (_ROLE.FontRole, _ROLE.ForegroundRole, _ROLE.ToolTipRole)
_RIGHT_ALIGNED = (Column.PAGE, Column.SOURCE, Column.SCORE)


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class FlagTableModel(QAbstractTableModel):
    """Rows are the flags of one docflags/1 result that pass the filter: page, kind, colour,
    source, text, comment (and where, score, status for a matched result)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Every flag, in the current sort order, and (once a search needs them) their
        # lower-cased search texts in the same order.
        self._flags: list[ResultFlag] = []
        self._haystacks: list[str] | None = None
        # The positions in _flags of the rows shown (those the filter accepts), in order.
        self._shown: list[int] = []
        self._filter = FlagFilter()
        # One swatch per distinct colour: a report has a dozen colours, not 100,000.
        self._swatches: dict[str, QIcon] = {}
        self._columns = UNMATCHED_COLUMNS

    # -- content -------------------------------------------------------------------------------
    def set_flags(self, flags: Sequence[ResultFlag], flag_filter: FlagFilter | None = None) -> None:
        """Show `flags` (in reading order until sorted); `flag_filter` replaces the filter."""
        self.beginResetModel()
        self._flags = list(flags)
        self._haystacks = None  # made by the first search, not for every result shown
        if flag_filter is not None:
            self._filter = flag_filter
        self._shown = self._accepted()
        self._columns = len(HEADERS) if is_matched_flags(self._flags) else UNMATCHED_COLUMNS
        self.endResetModel()

    def flag_at(self, row: int) -> ResultFlag:
        """The flag of a row shown."""
        return self._flags[self._shown[row]]

    def haystack(self, row: int) -> str:
        return self._search_texts()[self._shown[row]]

    def _search_texts(self) -> list[str]:
        if self._haystacks is None:
            self._haystacks = search_texts(self._flags)
        return self._haystacks

    def _accepted(self) -> list[int]:
        texts = self._search_texts() if self._filter.needle else []
        return self._filter.rows(self._flags, texts)

    def all_flags(self) -> list[ResultFlag]:
        """Every flag, shown or filtered out, in the current sort order."""
        return list(self._flags)

    def flag_count(self) -> int:
        """How many flags the result has (rowCount is how many are shown)."""
        return len(self._flags)

    def statuses_changed(self) -> None:
        """The flags' review objects changed in place: repaint the Status column."""
        if self._shown and self._columns > Column.STATUS:
            last = len(self._shown) - 1
            self.dataChanged.emit(self.index(0, Column.STATUS), self.index(last, Column.STATUS))

    # -- filtering -----------------------------------------------------------------------------
    @property
    def filter(self) -> FlagFilter:
        return self._filter

    def set_filter(self, flag_filter: FlagFilter) -> None:
        """Show the rows `flag_filter` accepts; selected rows still shown stay selected."""
        if flag_filter == self._filter:
            return
        self._filter = flag_filter
        self._relayout(lambda: None)

    # -- Qt model interface --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Qt's own index() asks rowCount and columnCount, two calls into Python per painted cell.
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < self._columns):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return header_words(section)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self._cell(self._flags[self._shown[index.row()]], index.column(), role)

    def multiData(self, index: ModelIndex, roleDataSpan: Any) -> None:
        """Every role a delegate asks for in one call (painting a cell asks for seven)."""
        if not index.isValid():
            for item in roleDataSpan:
                item.clearData()
            return
        flag = self._flags[self._shown[index.row()]]
        column = index.column()
        for item in roleDataSpan:
            value = self._cell(flag, column, item.role())
            if value is None:
                item.clearData()
            else:
                item.setData(value)

    def _cell(self, flag: ResultFlag, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            # Control characters from the file (BEL, ESC ...) shown as escapes, not sent.
            return printable(display_text(flag, column), keep_newlines=True)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.TEXT, Column.COMMENT):
            tip = flag.get("text") if column == Column.TEXT else flag.get("comment")
            return printable(tip, keep_newlines=True) if isinstance(tip, str) else tip
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.WHERE:
            return where_tip(flag)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.COLOR:
            color = flag.get("color")  # the name too: a narrow column shows the swatch only
            return f"{color_name(str(color))} ({color})" if color else None
        if role == Qt.ItemDataRole.DecorationRole and column == Column.COLOR:
            color = flag.get("color")
            if not color:
                return None
            icon = self._swatches.get(color)
            if icon is None:
                icon = self._swatches[color] = _swatch(color)
            return icon
        if column == Column.STATUS and role in _STATUS_ROLES:
            return status_data(flag, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == FLAG_ROLE:
            return flag
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in one Python pass; ties keep reading order (page, then flag id)."""
        if not self._flags:
            return

        def reorder() -> None:
            texts = self._haystacks if self._haystacks is not None else [""] * len(self._flags)
            paired = list(zip(self._flags, texts, strict=True))
            paired.sort(key=lambda pair: reading_order(pair[0]))
            keyed = [(sort_key(pair[0], column), pair) for pair in paired]
            # Empty cells go last whichever way the column is sorted.
            present = [item for item in keyed if item[0][0] == 0]
            present.sort(key=lambda item: item[0], reverse=order == Qt.SortOrder.DescendingOrder)
            paired = [pair for _key, pair in present] + [p for k, p in keyed if k[0] != 0]
            self._flags = [p[0] for p in paired]
            if self._haystacks is not None:
                self._haystacks = [p[1] for p in paired]

        self._relayout(reorder)

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply `change` to the flags' order, then refilter; persistent indexes (the view's
        selection and current row) follow their flag, or become invalid if it is filtered out."""
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        kept = [(id(self.flag_at(index.row())), index.column()) for index in old_persistent]
        change()
        self._shown = self._accepted()
        if old_persistent:
            row_of = {id(self._flags[position]): row for row, position in enumerate(self._shown)}
            self.changePersistentIndexList(
                old_persistent,
                [
                    self.index(row_of[flag], column) if flag in row_of else QModelIndex()
                    for flag, column in kept
                ],
            )
        self.layoutChanged.emit()


class FlagFilterProxy(QIdentityProxyModel):
    """What the table view shows: its FlagTableModel, with the filters and sorting handed to it
    (search text over text and comments, kind, colour, source)."""

    def _model(self) -> FlagTableModel | None:
        model = self.sourceModel()
        return model if isinstance(model, FlagTableModel) else None

    def _filter(self) -> FlagFilter:
        model = self._model()
        return model.filter if model is not None else FlagFilter()

    def _change(self, **changes: Any) -> None:
        model = self._model()
        if model is not None:
            model.set_filter(dataclasses.replace(model.filter, **changes))

    # -- filters ---------------------------------------------------------------------------------
    @property
    def search_text(self) -> str:
        return self._filter().needle

    @property
    def kind_filter(self) -> str | None:
        return self._filter().kind

    @property
    def color_filter(self) -> str | None:
        return self._filter().color

    @property
    def source_filter(self) -> int | None:
        return self._filter().source

    def set_search_text(self, text: str) -> None:
        self._change(needle=text.strip().lower())

    def set_kind_filter(self, kind: str | None) -> None:
        self._change(kind=kind)

    def set_color_filter(self, color: str | None) -> None:
        self._change(color=color)

    def set_source_filter(self, source: int | None) -> None:
        self._change(source=source)

    def clear_filters(self) -> None:
        model = self._model()
        if model is not None:
            model.set_filter(FlagFilter())

    def is_filtering(self) -> bool:
        return self._filter().active

    # -- sorting and rows ----------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self._model()
        if model is not None:
            model.sort(column, order)

    def flag_at(self, proxy_row: int) -> ResultFlag:
        flag: ResultFlag = self.index(proxy_row, 0).data(FLAG_ROLE)
        return flag

    def multiData(self, index: ModelIndex, roleDataSpan: Any) -> None:
        # QAbstractProxyModel would ask the model role by role; the model answers all at once.
        model = self._model()
        if model is None:
            super().multiData(index, roleDataSpan)
        else:
            model.multiData(self.mapToSource(index), roleDataSpan)

"""The History view's table model: jobs of the history, fetched from the database page by page.

Searching and sorting happen in SQL, and rows arrive PAGE_SIZE at a time through Qt's
canFetchMore/fetchMore as the view scrolls, so a history of 10,000 or 100,000 jobs opens at once.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from docflags_gui.jobs import JobState
from docflags_gui.printable import printable
from docflags_gui.store.history import HistoryStore
from docflags_gui.store.records import JobRecord
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP, translate
from docflags_gui.ui.job_words import state_words

ModelIndex = QModelIndex | QPersistentModelIndex


class HistoryColumn(IntEnum):
    FILE = 0
    DATE = 1
    STATE = 2
    PAGES = 3
    FLAGS = 4
    SIMILARITY = 5


HEADERS = (
    QT_TRANSLATE_NOOP("HistoryModel", "File"),
    QT_TRANSLATE_NOOP("HistoryModel", "Analysed"),
    QT_TRANSLATE_NOOP("HistoryModel", "State"),
    QT_TRANSLATE_NOOP("HistoryModel", "Pages"),
    QT_TRANSLATE_NOOP("HistoryModel", "Flags"),
    QT_TRANSLATE_NOOP("HistoryModel", "Similarity"),
)


def history_state_words(state: str) -> str:
    """A stored state as the job list says it: "Done", "Failed" ..."""
    try:
        return state_words(JobState(state))
    except ValueError:
        return state


def format_date(epoch: float | None) -> str:
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M") if epoch else ""


def _origin_words(origin: str) -> str:
    if origin == "app":
        return translate("HistoryModel", "window")
    if origin == "cli":
        return translate("HistoryModel", "command line")
    return origin


def _number(value: int | None, suffix: str = "") -> str:
    return "" if value is None else f"{value}{suffix}"


# The store's sort key of each column.
_SORT_FIELDS = ("file", "created", "state", "pages", "flags", "similarity")
# Rows fetched at a time: the first screenful opens at once however long the history is.
PAGE_SIZE = 500


class HistoryModel(QAbstractTableModel):
    """Jobs of the history as rows, fetched page by page as the view scrolls (Qt's
    canFetchMore/fetchMore); searching and sorting are done by the database."""

    def __init__(self, store: HistoryStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._records: list[JobRecord] = []
        self._total = 0
        self._search: str | None = None
        self._sort: tuple[int, Qt.SortOrder] = (HistoryColumn.DATE, Qt.SortOrder.DescendingOrder)

    @property
    def total(self) -> int:
        """Jobs matching the search, loaded or not."""
        return self._total

    def reload(self, search: str | None = None, keep_loaded: bool = False) -> None:
        """Query again (a new search, new jobs); `keep_loaded` keeps as many rows as before."""
        self._search = search
        wanted = max(PAGE_SIZE, len(self._records)) if keep_loaded else PAGE_SIZE
        total = self.store.count_jobs(search=search)  # queries first: they may fail
        records = self._query(0, wanted)
        self.beginResetModel()
        self._total, self._records = total, records
        self.endResetModel()

    def _query(self, offset: int, limit: int) -> list[JobRecord]:
        column, order = self._sort
        return self.store.list_jobs(
            search=self._search,
            limit=limit,
            offset=offset,
            order_by=_SORT_FIELDS[column],
            descending=order == Qt.SortOrder.DescendingOrder,
        )

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._records) < self._total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self._query(len(self._records), PAGE_SIZE)
        if not more:
            self._total = len(self._records)  # jobs were deleted meanwhile
            return
        first = len(self._records)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._records.extend(more)
        self.endInsertRows()

    def record_at(self, row: int) -> JobRecord:
        return self._records[row]

    def row_of(self, history_id: int) -> int | None:
        for row, record in enumerate(self._records):
            if record.id == history_id:
                return row
        return None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("HistoryModel", HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                printable(record.file),
                format_date(record.created),
                history_state_words(record.state),
                _number(record.pages),
                _number(record.flags),
                _number(record.similarity, "%"),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                printable(record.path),
                translate("HistoryModel", "{state} · from the {origin} · engine {engine}").format(
                    state=history_state_words(record.state),
                    origin=_origin_words(record.origin),
                    engine=record.engine_version,
                ),
            ]
            if record.error:
                lines.append(record.error)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= HistoryColumn.PAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == self._sort or not 0 <= column < len(_SORT_FIELDS):
            return
        self._sort = (column, order)
        self.reload(self._search)

"""The flagged-items table view (`flagsTable`): fixed row heights, sorting, Ctrl+C as TSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from docflags_gui.result import ResultFlag
from docflags_gui.result_digest import ResultDigest
from docflags_gui.review.statuses import Status
from docflags_gui.ui.column_widths import (
    MAX_SHORT_WIDTH,
    MIN_TEXT_WIDTH,
    SHORT_COLUMNS,
    fitted_short_widths,
    text_and_comment,
)
from docflags_gui.ui.flags_cells import (
    FLAG_ROLE,
    UNMATCHED_COLUMNS,
    Column,
    display_text,
    distinct_cell_texts,
    header_words,
    is_matched_flags,
)
from docflags_gui.ui.i18n import translate
from docflags_gui.ui.status_words import status_words

_SORT_ARROW_ROOM = 26
_SWATCH_ROOM = 24
_CELL_PADDING = 14


def rows_as_tsv(flags: list[ResultFlag]) -> str:
    """Tab-separated text with a header line, one flag per line (pastes into any spreadsheet)."""
    columns = list(Column) if is_matched_flags(flags) else list(Column)[:UNMATCHED_COLUMNS]
    lines = ["\t".join(header_words(c) for c in columns)]
    lines.extend("\t".join(display_text(f, c) for c in columns) for f in flags)
    return "\n".join(lines) + "\n"


class FlagsTableView(QTableView):
    """A plain QTableView tuned for 100,000 rows: no per-row sizing, no item widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagsTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)  # Tab moves on to the next widget, as everywhere else
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights: the view never measures 100,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        # What each short column would have with room enough (fit_short_columns).
        self._wanted: dict[Column, int] = {}
        self._fitting = False
        header.sectionResized.connect(self._remember_width)
        self.setAccessibleName(translate("FlagsTable", "Flagged passages"))

    def apply_default_widths(self) -> None:
        self._wanted = {
            Column.PAGE: 52,
            Column.KIND: 92,
            Column.COLOR: 92,
            Column.SOURCE: 60,
            Column.WHERE: 130,
            Column.SCORE: 52,
            Column.STATUS: 150,
        }
        self.fit_text_columns()

    def fit_short_columns(
        self, flags: Sequence[ResultFlag], digest: ResultDigest | None = None
    ) -> None:
        """Each short column as wide as its header and its widest cell (in this language:
        "Halaman" is wider than "Page"), at most a fifth of a wide table, MAX_SHORT_WIDTH in a
        narrow one (the status: its longest word); fit_text_columns then narrows them if the
        passage would not fit."""
        cells = self.fontMetrics()
        heads = self.horizontalHeader().fontMetrics()
        cap = max(MAX_SHORT_WIDTH, self.viewport().width() // 5)  # a wide table has room
        # A result that was not matched has no place, score or status columns to size.
        matched = digest.matched if digest is not None else is_matched_flags(flags)
        count = len(Column) if matched else UNMATCHED_COLUMNS
        for column in (c for c in SHORT_COLUMNS if c < count):
            header = heads.horizontalAdvance(header_words(column)) + _SORT_ARROW_ROOM
            if column == Column.STATUS:  # decisions change it: room for every status, uncut
                texts = {status_words(status) for status in Status}
            else:
                texts = distinct_cell_texts(flags, column, digest)
            widest = max((cells.horizontalAdvance(text) for text in texts), default=0)
            if column == Column.COLOR and widest:
                widest += _SWATCH_ROOM
            width = max(header, widest + _CELL_PADDING)
            self._wanted[column] = width if column == Column.STATUS else min(width, cap)

    def fit_text_columns(self) -> None:
        """Share the table's width: the short columns as wanted (narrowed when the pane is
        too narrow), the passage about three quarters of the rest, the comment the remainder;
        no horizontal scroll bar."""
        model = self.model()
        count = model.columnCount() if model is not None else UNMATCHED_COLUMNS
        shown = [c for c in SHORT_COLUMNS if c < count and not self.isColumnHidden(c)]
        room = self.viewport().width()
        scroll_bar = self.verticalScrollBar()
        if not scroll_bar.isVisible():  # it appears once rows arrive; leave it room now
            room -= scroll_bar.sizeHint().width()
        with_comment = not self.isColumnHidden(Column.COMMENT)
        text_need = MIN_TEXT_WIDTH + (MIN_TEXT_WIDTH // 2 if with_comment else 0)
        wanted = {c: self._wanted.get(c, self.columnWidth(c)) for c in shown}
        widths = fitted_short_widths(wanted, room, text_need)
        self._fitting = True
        try:
            for column, width in widths.items():
                self.setColumnWidth(column, width)
            text, comment = text_and_comment(max(0, room - sum(widths.values())), with_comment)
            self.setColumnWidth(Column.TEXT, text)
            if with_comment:
                self.setColumnWidth(Column.COMMENT, comment)
        finally:
            self._fitting = False

    def _remember_width(self, column: int, _old: int, new: int) -> None:
        """A short column the user widened or narrowed keeps that width from now on."""
        if not self._fitting and column in SHORT_COLUMNS:
            self._wanted[Column(column)] = new

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_text_columns()

    def selected_flags(self) -> list[ResultFlag]:
        """The selected rows' flags, in the order the table shows them."""
        selection = self.selectionModel()
        if selection is None:
            return []
        rows = sorted(index.row() for index in selection.selectedRows())
        model = self.model()
        return [model.index(row, 0).data(FLAG_ROLE) for row in rows]

    def copy_selection(self) -> int:
        """Put the selected rows on the clipboard; returns how many rows were copied."""
        flags = self.selected_flags()
        if not flags:
            return 0
        QGuiApplication.clipboard().setText(rows_as_tsv(flags))
        return len(flags)

    def select_first_row(self) -> None:
        if self.model() is not None and self.model().rowCount() > 0:
            self.selectionModel().setCurrentIndex(
                self.model().index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

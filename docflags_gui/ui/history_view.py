"""The History view: past analyses (search, open, re-analyse, delete, retention), a widget over
a paged `HistoryModel` (history_model.py); `history_panel.py` puts it into the main window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from docflags_gui.store.errors import HISTORY_ERRORS, describe_history_error
from docflags_gui.store.history import HistoryStore
from docflags_gui.store.records import JobRecord
from docflags_gui.ui.history_model import (
    HistoryColumn,
    HistoryModel,
    history_state_words,
)
from docflags_gui.ui.history_writes import HistoryWrites
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP, plural, translate

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

# Retention choices offered to the user: label -> days (None keeps every job for ever).
RETENTION_CHOICES: tuple[tuple[str, int | None], ...] = (
    (QT_TRANSLATE_NOOP("HistoryView", "Keep for ever"), None),
    (QT_TRANSLATE_NOOP("HistoryView", "7 days"), 7),
    (QT_TRANSLATE_NOOP("HistoryView", "30 days"), 30),
    (QT_TRANSLATE_NOOP("HistoryView", "90 days"), 90),
    (QT_TRANSLATE_NOOP("HistoryView", "1 year"), 365),
)


class HistoryView(QWidget):
    """Search box, table of past analyses, and Open / Re-analyse / Delete / retention."""

    open_requested = Signal(object)  # JobRecord with a result
    reanalyse_requested = Signal(object)  # Path
    message = Signal(str)  # a line for the status bar

    def __init__(self, store: HistoryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.store = store
        # Asked before deleting; tests replace it.
        self.confirm_delete: Callable[[int], bool] = self._confirm_delete

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("historySearch")
        self.search_box.setPlaceholderText(
            translate("HistoryView", "Search file names and flagged text")
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(translate("HistoryView", "Search the history"))
        self.count_label = QLabel(self)
        self.retention_combo = QComboBox(self)
        self.retention_combo.setObjectName("historyRetention")
        self.retention_combo.setAccessibleName(translate("HistoryView", "Keep analyses for"))
        self.retention_combo.setToolTip(
            translate("HistoryView", "How long finished analyses are kept in the history")
        )
        for label, days in RETENTION_CHOICES:
            self.retention_combo.addItem(translate("HistoryView", label), days)

        self.model = HistoryModel(store, self)
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName(translate("HistoryView", "Past analyses"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(HistoryColumn.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(HistoryColumn.FILE, QHeaderView.ResizeMode.Stretch)
        # Widths from the font, not ResizeToContents (which would measure every row).
        metrics = self.fontMetrics()
        for column, sample in (
            (HistoryColumn.DATE, "2026-12-31 23:59"),
            (HistoryColumn.STATE, "INTERRUPTED"),
            (HistoryColumn.PAGES, "Pages"),
            (HistoryColumn.FLAGS, "100000"),
            (HistoryColumn.SIMILARITY, "Similarity"),
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)

        self.open_button = QPushButton(translate("HistoryView", "&Open"), self)
        self.reanalyse_button = QPushButton(translate("HistoryView", "&Re-analyse"), self)
        self.delete_button = QPushButton(translate("HistoryView", "&Delete"), self)
        self.open_button.setObjectName("historyOpen")
        self.reanalyse_button.setObjectName("historyReanalyse")
        self.delete_button.setObjectName("historyDelete")

        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count_label)
        bottom = QHBoxLayout()
        for button in (self.open_button, self.reanalyse_button, self.delete_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(QLabel(translate("HistoryView", "Keep:"), self))
        bottom.addWidget(self.retention_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self.refresh)
        # Enter or double-click (as the platform activates items).
        self.table.activated.connect(lambda _index: self.open_current())
        self.open_button.clicked.connect(self.open_current)
        self.reanalyse_button.clicked.connect(self.reanalyse_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        delete_action = QAction(self)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(delete_action)

        # Deleting, retention and marking interrupted jobs are writes: the writer thread does
        # them (it may be storing a big result), and the list follows when they are done.
        self.writes = HistoryWrites(store, self)
        self._marking = False
        self._show_retention(store.retention_days)
        self.retention_combo.currentIndexChanged.connect(self._on_retention_chosen)
        self.refresh()

    # -- contents --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload from the database (keeps the selection when the same jobs are still there)."""
        self._reload()
        self._mark_interrupted_later()

    def _mark_interrupted_later(self) -> None:
        """Jobs of processes that died since (another window, a CLI run) never stay RUNNING:
        they are marked on the writer thread, and the list reloads if there were any."""
        if self._marking:
            return
        self._marking = True
        try:
            self.writes.later(self.store.mark_interrupted, then=self._on_marked)
        except RuntimeError:  # the history is closing
            self._marking = False

    def _on_marked(self, future: Future[list[int]]) -> None:
        self._marking = False
        exc = future.exception()
        if exc is not None:
            log.warning("cannot mark interrupted jobs: %s", exc)
        elif future.result():
            self._reload()

    def _reload(self) -> None:
        self._search_timer.stop()
        selected = [r.id for r in self.selected_records()]
        search = self.search_box.text().strip() or None
        try:
            self.model.reload(search, keep_loaded=True)
        except HISTORY_ERRORS as exc:
            log.error("cannot list the history: %s", exc)
            self.message.emit(
                translate("HistoryView", "The history cannot be read: {why}").format(
                    why=describe_history_error(exc)
                )
            )
            return
        count = self.model.total
        if search:
            words = plural(
                count, translate("HistoryView", "{n} found"), translate("HistoryView", "{n} found")
            )
        else:
            words = plural(
                count,
                translate("HistoryView", "{n} analysis"),
                translate("HistoryView", "{n} analyses"),
            )
        self.count_label.setText(words)
        self.select_jobs(selected)

    def selected_records(self) -> list[JobRecord]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.record_at(row) for row in rows]

    def current_record(self) -> JobRecord | None:
        index = self.table.currentIndex()
        if index.isValid():
            return self.model.record_at(index.row())
        records = self.selected_records()
        return records[0] if records else None

    def select_jobs(self, history_ids: Iterable[int]) -> None:
        """Select exactly these jobs (those still listed); the first becomes current."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag
        first = True
        for history_id in history_ids:
            row = self.model.row_of(history_id)
            if row is None:
                continue
            index = self.model.index(row, 0)
            selection.select(index, flags.Select | flags.Rows)
            if first:
                selection.setCurrentIndex(index, flags.NoUpdate)
                first = False

    def _update_buttons(self) -> None:
        records = self.selected_records()
        current = self.current_record() if records else None
        self.open_button.setEnabled(current is not None and current.has_result)
        self.reanalyse_button.setEnabled(any(Path(r.path).is_file() for r in records))
        self.delete_button.setEnabled(any(r.state not in ("QUEUED", "RUNNING") for r in records))

    # -- commands --------------------------------------------------------------------------------
    def open_current(self) -> None:
        record = self.current_record()
        if record is None:
            return
        if record.has_result:
            self.open_requested.emit(record)
        else:
            self.message.emit(
                translate("HistoryView", "{name} has no result to show ({state}). {why}").format(
                    name=record.file,
                    state=history_state_words(record.state),
                    why=record.error or "",
                )
            )

    def reanalyse_selected(self) -> None:
        records = self.selected_records()
        missing = [r.file for r in records if not Path(r.path).is_file()]
        for path in dict.fromkeys(Path(r.path) for r in records if Path(r.path).is_file()):
            self.reanalyse_requested.emit(path)
        if missing:
            self.message.emit(
                translate("HistoryView", "Not found any more: {names}").format(
                    names=", ".join(missing)
                )
            )

    def delete_selected(self) -> None:
        records = [r for r in self.selected_records() if r.state not in ("QUEUED", "RUNNING")]
        if not records or not self.confirm_delete(len(records)):
            return
        ids = [r.id for r in records]
        self.writes.later(self.store.delete_jobs, ids, then=self._on_deleted)

    def _on_deleted(self, future: Future[int]) -> None:
        exc = future.exception()
        if exc is not None:
            self.message.emit(
                translate("HistoryView", "Nothing was deleted: {why}").format(why=_words(exc))
            )
            return
        deleted = future.result()
        self.refresh()
        self.message.emit(
            plural(
                deleted,
                translate("HistoryView", "Deleted {n} analysis from history."),
                translate("HistoryView", "Deleted {n} analyses from history."),
            )
        )

    def _confirm_delete(self, count: int) -> bool:
        answer = QMessageBox.question(
            self,
            translate("HistoryView", "Delete from history"),
            plural(
                count,
                translate(
                    "HistoryView",
                    "Delete {n} analysis and its flags from the history? "
                    "The PDF files are not touched.",
                ),
                translate(
                    "HistoryView",
                    "Delete {n} analyses and their flags from the history? "
                    "The PDF files are not touched.",
                ),
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- retention -------------------------------------------------------------------------------
    def _show_retention(self, days: int | None) -> None:
        index = self.retention_combo.findData(days)
        if index < 0:  # a value set elsewhere (the CLI, an older version): show it as it is
            self.retention_combo.addItem(translate("HistoryView", "{n} days").format(n=days), days)
            index = self.retention_combo.count() - 1
        self.retention_combo.setCurrentIndex(index)

    def _on_retention_chosen(self, index: int) -> None:
        days = self.retention_combo.itemData(index)
        self.writes.later(
            self.store.change_retention,
            days,
            then=lambda future: self._on_retention_changed(days, future),
        )

    def _on_retention_changed(self, days: int | None, future: Future[int]) -> None:
        exc = future.exception()
        if exc is not None:
            self.message.emit(
                translate("HistoryView", "The retention setting was not saved: {why}").format(
                    why=_words(exc)
                )
            )
            return
        removed = future.result()
        self.refresh()
        kept = (
            translate("HistoryView", "Analyses are now kept for ever.")
            if days is None
            else translate("HistoryView", "Analyses are now kept for {n} days.").format(n=days)
        )
        if removed:
            kept += " " + translate("HistoryView", "{n} older analyses deleted.").format(n=removed)
        self.message.emit(kept)


def _words(exc: BaseException) -> str:
    if isinstance(exc, HISTORY_ERRORS):
        return describe_history_error(exc)
    log.error("a history write failed", exc_info=exc)
    return str(exc) or type(exc).__name__

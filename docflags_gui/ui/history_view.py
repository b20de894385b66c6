"""The History view: past analyses (search, open, re-analyse, delete, retention) as a dock.

`HistoryView` is the widget over a paged `HistoryModel` (history_model.py). `HistoryPanel` puts
it into the main window (View > History, Ctrl+H), opens stored results in the workspace and, when
a dropped file's content was analysed before by this engine version, shows the stored result at
once with translate("HistoryView", "Re-analyse").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from docflags_gui.store import (
    HISTORY_ERRORS,
    HistoryStore,
    JobRecord,
    StoredResult,
    describe_history_error,
)
from docflags_gui.ui.history_model import (
    HistoryColumn,
    HistoryModel,
    format_date,
    history_state_words,
)
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP, plural, translate

if TYPE_CHECKING:
    from docflags_gui.ui.history_recorder import HistoryRecorder
    from docflags_gui.ui.main_window import MainWindow

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

        self._show_retention(store.retention_days)
        self.retention_combo.currentIndexChanged.connect(self._on_retention_chosen)
        self.refresh()

    # -- contents --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload from the database (keeps the selection when the same jobs are still there)."""
        self._search_timer.stop()
        selected = [r.id for r in self.selected_records()]
        search = self.search_box.text().strip() or None
        try:
            # Jobs of processes that died since (another window, a CLI run) never stay RUNNING.
            self.store.mark_interrupted()
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
        try:
            deleted = self.store.delete_jobs(r.id for r in records)
        except HISTORY_ERRORS as exc:
            self.message.emit(
                translate("HistoryView", "Nothing was deleted: {why}").format(
                    why=describe_history_error(exc)
                )
            )
            return
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
        try:
            self.store.set_retention_days(days)
            removed = self.store.apply_retention()
        except HISTORY_ERRORS as exc:
            self.message.emit(
                translate("HistoryView", "The retention setting was not saved: {why}").format(
                    why=describe_history_error(exc)
                )
            )
            return
        self.refresh()
        kept = (
            translate("HistoryView", "Analyses are now kept for ever.")
            if days is None
            else translate("HistoryView", "Analyses are now kept for {n} days.").format(n=days)
        )
        if removed:
            kept += " " + translate("HistoryView", "{n} older analyses deleted.").format(n=removed)
        self.message.emit(kept)


class StoredResultBar(QToolBar):
    """Shown above the window while a result from the history is displayed: what it is, and
    the translate("HistoryView", "Re-analyse") action that runs the file again."""

    reanalyse = Signal(object)  # Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("HistoryView", "Stored result"), parent)
        self.setObjectName("storedResultBar")
        self.setMovable(False)
        self.label = QLabel(self)
        self.label.setObjectName("storedResultLabel")
        self.label.setContentsMargins(6, 0, 12, 0)
        self.addWidget(self.label)
        self.reanalyse_action = self.addAction(translate("HistoryView", "Re-analyse"))
        self.reanalyse_action.setObjectName("reanalyseAction")
        self.reanalyse_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.reanalyse_action.setToolTip(
            translate("HistoryView", "Analyse this file again (Ctrl+Shift+R)")
        )
        self.reanalyse_action.triggered.connect(self._on_reanalyse)
        button = self.widgetForAction(self.reanalyse_action)
        if isinstance(button, QToolButton):
            button.setAutoRaise(False)  # looks like the button it is, not like the label
        self.addSeparator()
        dismiss = self.addAction(translate("HistoryView", "Dismiss"))
        dismiss.setToolTip(translate("HistoryView", "Hide this bar; the stored result stays shown"))
        dismiss.triggered.connect(lambda _checked=False: self.setVisible(False))
        self.setStyleSheet("QToolBar#storedResultBar { background: palette(alternate-base); }")
        self._path: Path | None = None
        self.setVisible(False)

    def show_for(self, record_path: Path, text: str) -> None:
        self._path = record_path
        self.label.setText(text)
        self.reanalyse_action.setEnabled(record_path.is_file())
        self.setVisible(True)

    def _on_reanalyse(self) -> None:
        if self._path is not None:
            path = self._path
            self.setVisible(False)
            self.reanalyse.emit(path)


class HistoryPanel(QObject):
    """Puts the History view into the main window and shows stored results there."""

    def __init__(
        self, window: MainWindow, store: HistoryStore, recorder: HistoryRecorder | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.view = HistoryView(store)
        self.dock = QDockWidget(translate("HistoryView", "History"), window)
        self.dock.setObjectName("historyDock")
        self.dock.setWidget(self.view)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        toggle = self.dock.toggleViewAction()
        toggle.setText(translate("HistoryView", "&History"))
        toggle.setShortcut(QKeySequence("Ctrl+H"))
        window.view_menu.addAction(toggle)
        self.bar = StoredResultBar(window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)

        self.view.open_requested.connect(self.open_record)
        self.view.reanalyse_requested.connect(self.reanalyse)
        self.view.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
        self.bar.reanalyse.connect(self.reanalyse)
        window.job_list.current_job_changed.connect(self._on_job_chosen)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(500)
        self._refresh_timer.timeout.connect(self._refresh_if_visible)
        self.dock.visibilityChanged.connect(self._on_dock_visibility)
        if recorder is not None:  # coalesced: a batch of jobs refreshes the list once
            recorder.changed.connect(lambda _id: self._refresh_timer.start())

    def show_history(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.view.refresh()
        self.view.search_box.setFocus()

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible:
            self.view.refresh()

    def _refresh_if_visible(self) -> None:
        if self.dock.isVisible():
            self.view.refresh()

    def _on_job_chosen(self, job_id: object) -> None:
        if job_id:  # a live job replaces the stored result in the workspace
            self.bar.setVisible(False)

    # -- stored results --------------------------------------------------------------------------
    def open_record(self, record: JobRecord) -> bool:
        try:
            result = self.store.get_result(record.id)
        except HISTORY_ERRORS as exc:
            self.window.show_notice(
                translate("HistoryView", "Cannot open {name}: {why}").format(
                    name=record.file, why=describe_history_error(exc)
                )
            )
            return False
        if result is None:
            return False
        self._show(
            Path(record.path),
            result,
            translate("HistoryView", "From history: {name}, analysed {date}.").format(
                name=record.file, date=format_date(record.finished or record.created)
            ),
        )
        return True

    def show_stored_results(self, pdfs: list[Path]) -> list[Path]:
        """Files about to be queued: those whose content this engine version analysed before
        are not queued again; the first one's stored result is shown at once with Re-analyse,
        the others are selected in the History view. Returns the files handled so."""
        known: list[tuple[Path, StoredResult]] = []
        for path in pdfs:
            try:
                stored = self.store.find_result_for_file(path)
            except HISTORY_ERRORS as exc:  # the history cannot help: analyse the files
                log.warning("history lookup failed: %s", exc)
                return []
            if stored is not None:
                known.append((path, stored))
        if not known:
            return []
        path, stored = known[0]
        text = translate(
            "HistoryView", "{name} was analysed before ({date}); this is the stored result."
        ).format(name=path.name, date=format_date(stored.finished))
        if len(known) > 1:
            text += " " + plural(
                len(known) - 1,
                translate("HistoryView", "{n} more file was analysed before: see History."),
                translate("HistoryView", "{n} more files were analysed before: see History."),
            )
            self.show_history()
            self.view.search_box.clear()
            self.view.refresh()
            self.view.select_jobs(other.job_id for _path, other in known)
        self._show(path, stored.result, text)
        return [p for p, _stored in known]

    def _show(self, path: Path, result: dict[str, Any], text: str) -> None:
        self.window.workspace.show_stored_result(path, result)
        self.window.stack.setCurrentWidget(self.window.workspace)
        self.bar.show_for(path, text)

    def reanalyse(self, path: Path) -> None:
        self.bar.setVisible(False)
        job_id = self.window.manager.submit(path)
        self.window.job_list.select_job(job_id)
        self.window.statusBar().showMessage(
            translate("HistoryView", "Re-analysing {name}.").format(name=path.name), 4000
        )


def install_history(
    window: MainWindow,
    recorder: HistoryRecorder | None,
    error: str | None = None,
    *,
    show_past: bool = True,
) -> HistoryPanel | None:
    """Give the window its History view and stored-result hook (or say why there is none).

    `show_past`: the window opens with nothing to do (no files given), so a non-empty history
    is shown at once, and the empty state says how many analyses it keeps."""
    if recorder is None:
        unavailable = window.view_menu.addAction(translate("HistoryView", "&History (unavailable)"))
        unavailable.setEnabled(False)
        if error:
            window.show_notice(error)
        return None
    panel = HistoryPanel(window, recorder.store, recorder)
    window.show_stored_results = panel.show_stored_results
    recorder.failed.connect(window.show_notice)
    interrupted = recorder.interrupted_at_start
    window.empty_state.history_requested.connect(panel.show_history)
    try:
        stored = recorder.store.count_jobs()
    except HISTORY_ERRORS as exc:
        log.warning("cannot count the history: %s", exc)
        stored = 0
    window.empty_state.show_stored_count(stored, len(interrupted))
    if stored and show_past and not interrupted:
        panel.dock.show()  # past work in sight at once, not behind View > History
    if interrupted:
        # The last session stopped mid-work: show what it left, ready to be re-analysed.
        panel.show_history()
        panel.view.select_jobs(interrupted)
        count = len(interrupted)
        window.show_notice(
            plural(
                count,
                translate(
                    "HistoryView",
                    "{n} analysis was interrupted when docflags last stopped; selected in "
                    "History: Re-analyse to run it again.",
                ),
                translate(
                    "HistoryView",
                    "{n} analyses were interrupted when docflags last stopped; selected in "
                    "History: Re-analyse to run them again.",
                ),
            )
        )
    return panel

"""The main window: menus, drops anywhere, the empty state, the status bar and closing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from docflags_gui import __version__
from docflags_gui.jobs import JobInfo, JobManager
from docflags_gui.ui import cluster_choice
from docflags_gui.ui.drop_intake import DropIntake
from docflags_gui.ui.empty_state import EmptyState
from docflags_gui.ui.export_dialog import ExportController
from docflags_gui.ui.export_done import ExportDone
from docflags_gui.ui.file_intake import Intake, collect_pdfs
from docflags_gui.ui.i18n import LANGUAGE_SETTING, chosen_language, plural, translate
from docflags_gui.ui.icons import app_icon
from docflags_gui.ui.match_controller import MatchController
from docflags_gui.ui.menus import build_menus
from docflags_gui.ui.notify import BatchNotifier
from docflags_gui.ui.quit_question import QuitChoice, ask_quit_choice
from docflags_gui.ui.settings_dialog import SettingsDialog
from docflags_gui.ui.settings_store import load_job_settings, save_job_settings
from docflags_gui.ui.workspace import Workspace

if TYPE_CHECKING:
    from docflags_gui.ui.history_view import HistoryView

NOTICE_MS = 10000


class MainWindow(QMainWindow):
    def __init__(self, manager: JobManager, settings: QSettings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("docflags")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.manager = manager
        self.settings = settings
        # Asked when the window closes while jobs run; tests replace it.
        self.ask_quit_choice: Callable[[], QuitChoice] = self._ask_quit_choice
        self._quit_when_done = False
        self._shut_down = False
        # Dropped paths becoming jobs over a few loop turns (see open_paths).
        self._intake = DropIntake(self._busy_paths, self._announce, manager.submit, self)
        self._drag_ok = False  # the drag in progress carries local files
        # Set by the history (ui/history_panel.py): given the PDFs about to be queued, shows the
        # stored results of those analysed before by this engine and returns them (not queued).
        self.show_stored_results: Callable[[list[Path]], list[Path]] | None = None
        # The History view, when the history is available (ui/history_panel.py sets it).
        self.history_view: HistoryView | None = None

        self.workspace = Workspace(manager, self)
        self.job_list = self.workspace.job_list
        self.flags_panel = self.workspace.flags_panel
        self.flags_table = self.flags_panel.table
        self.preview = self.workspace.preview
        self.sources_panel = self.workspace.sources_panel
        self.flags_panel.search_box.setAcceptDrops(False)  # a dropped PDF is a job, not text

        self.stack = QStackedWidget(self)
        self.empty_state = EmptyState(self)
        self.empty_state.open_requested.connect(self.open_dialog)
        self.empty_label = self.empty_state.label
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)
        self.matcher = MatchController(self, self)
        self.queue_label = QLabel(self)
        self.queue_label.setObjectName("queueStatus")
        self.statusBar().addPermanentWidget(self.queue_label)
        self.export_done = ExportDone(self)
        self.statusBar().addWidget(self.export_done)
        self.exporter = ExportController(self, self)
        menus = build_menus(self)
        self.file_menu, self.edit_menu, self.jobs_menu = menus.file, menus.edit, menus.jobs
        self.view_menu, self.help_menu = menus.view, menus.help
        self.export_action, self.match_action = menus.export_action, menus.match_action
        self.exporter.export_finished.connect(lambda path: self.export_done.offer(Path(path)))
        self.workspace.shown_changed.connect(self._update_title)

        self.notifier = BatchNotifier(manager, self)
        manager.job_queued.connect(self._on_job_queued)
        manager.queue_changed.connect(self._on_queue_changed)
        self._on_queue_changed(manager.running_count(), manager.waiting_count())
        # The default size, but never larger than the screen it opens on (a 1024x640 laptop
        # would otherwise get a window whose page preview lies off the screen).
        self.resize(QSize(1280, 800).boundedTo(self.screen().availableGeometry().size()))
        self._restore_layout()

    # -- opening files -------------------------------------------------------------------------
    def open_paths(self, paths: Iterable[Path], *, gradually: bool = False) -> list[str]:
        """Queue every PDF among `paths` (folders expanded); explain what was not queued.
        `gradually` (drops) does 8 ms' worth of that per event-loop turn (ui/drop_intake.py),
        so a large drop never holds up the window; the job ids are then not known yet and []
        is returned."""
        if gradually:
            self._intake.add(paths)
            return []
        return [
            self.manager.submit(pdf)
            for pdf in self._announce(collect_pdfs(paths, self._busy_paths()))
        ]

    def _busy_paths(self) -> set[Path]:
        busy = {info.path.resolve() for info in self.manager.jobs() if not info.state.is_final}
        busy.update(path.resolve() for path in self._intake.waiting_pdfs())
        return busy

    def _announce(self, intake: Intake) -> list[Path]:
        """Say what of a drop or an open is queued and what not; the PDFs to queue (those with
        a stored result are shown instead)."""
        pdfs = intake.pdfs
        if self.show_stored_results is not None:
            shown = set(self.show_stored_results(pdfs))
            pdfs = [pdf for pdf in pdfs if pdf not in shown]
        notice = intake.notice()
        if notice:
            self.show_notice(notice)
        elif pdfs:
            count = len(pdfs)
            self.statusBar().showMessage(
                plural(
                    count,
                    translate("MainWindow", "Queued {n} PDF."),
                    translate("MainWindow", "Queued {n} PDFs."),
                ),
                4000,
            )
        return pdfs

    def pending_intake(self) -> int:
        """Dropped paths and PDFs not yet submitted as jobs."""
        return self._intake.pending()

    def open_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            translate("MainWindow", "Open PDFs"),
            self._last_folder(),
            translate("MainWindow", "PDF files (*.pdf *.PDF);;All files (*)"),
        )
        if files:
            self.settings.setValue("files/last_folder", str(Path(files[0]).parent))
            self.open_paths(Path(f) for f in files)

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("MainWindow", "Open a folder of PDFs"), self._last_folder()
        )
        if folder:
            self.settings.setValue("files/last_folder", folder)
            self.open_paths([Path(folder)])

    def _last_folder(self) -> str:
        return str(self.settings.value("files/last_folder", str(Path.home())))

    def show_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, NOTICE_MS)

    # -- drops anywhere on the window ----------------------------------------------------------
    @staticmethod
    def _local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        paths = self._local_paths(event)
        self._drag_ok = bool(paths)
        if paths:
            event.acceptProposedAction()
            what = (
                paths[0].name
                if len(paths) == 1
                else translate("MainWindow", "{n} items").format(n=len(paths))
            )
            self.statusBar().showMessage(
                translate("MainWindow", "Drop to analyse {what}.").format(what=what)
            )
            self.empty_state.show_hint(
                translate("MainWindow", "Release to analyse {what}").format(what=what)
            )
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._end_drag()

    def _end_drag(self) -> None:
        self.statusBar().clearMessage()
        self.empty_state.show_hint(None)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._drag_ok:  # as its enter found (a drag of 2,000 files moves often)
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self._end_drag()
        # A report dropped with its manuscript becomes an analysis, then a match.
        paths = self.matcher.take_pairs(paths)
        if paths:
            self.open_paths(paths, gradually=True)

    # -- commands ------------------------------------------------------------------------------
    def copy(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.copy()
            return
        count = self.flags_table.copy_selection()
        if count:
            self.statusBar().showMessage(
                plural(
                    count,
                    translate("MainWindow", "Copied {n} row."),
                    translate("MainWindow", "Copied {n} rows."),
                ),
                3000,
            )

    def cancel_all(self) -> None:
        """Cancel every waiting and running job (and dropped files not yet queued)."""
        self._intake.clear()
        self.manager.cancel_many(i.job_id for i in self.manager.jobs() if not i.state.is_final)

    def focus_pane(self, widget: QWidget) -> None:
        if self.stack.currentWidget() is self.workspace:
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_settings(self) -> None:
        dialog = SettingsDialog(
            load_job_settings(self.settings),
            self,
            cluster_choice.load_cluster_choice(self.settings),
            ui_language=chosen_language(self.settings),
        )
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_job_settings(dialog)

    def apply_job_settings(self, dialog: SettingsDialog) -> None:
        job_settings = dialog.job_settings()
        save_job_settings(self.settings, job_settings)
        problem = cluster_choice.apply(self.settings, self.manager, dialog)
        language = dialog.language()
        new_language = language != chosen_language(self.settings)
        if new_language:
            self.settings.setValue(LANGUAGE_SETTING, language)
        if problem:
            self.statusBar().showMessage(problem, NOTICE_MS)
        elif new_language:
            self.statusBar().showMessage(
                translate(
                    "MainWindow", "Settings saved. The new language is used from the next start."
                ),
                NOTICE_MS,
            )
        else:
            self.statusBar().showMessage(translate("MainWindow", "Settings saved."), 3000)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            translate("MainWindow", "About docflags"),
            f"<h3>docflags {__version__}</h3>"
            + translate(
                "MainWindow",
                "<p>Turns the flagged passages of PDFs (similarity reports, reviewed drafts) "
                "into a table you can sort, filter, keep and export, so you can quote and cite "
                "them or rewrite them yourself.</p><p>Licence: AGPL-3.0-or-later. Uses PyMuPDF "
                "and Qt.</p>",
            ),
        )

    def selected_jobs(self) -> list[JobInfo]:
        return self.workspace.selected_jobs()

    def shown_pdf_path(self) -> Path | None:
        return self.workspace.shown_pdf_path()

    def shown_history(self) -> HistoryView | None:
        """The History view when it is open."""
        view = self.history_view
        return view if view is not None and view.isVisible() else None

    # -- status --------------------------------------------------------------------------------
    def _update_title(self, name: str) -> None:
        """ "report.pdf — docflags" while a result is shown, so the task bar tells them apart."""
        self.setWindowTitle(f"{name} — docflags" if name else "docflags")

    def _on_job_queued(self, _job_id: str) -> None:
        self.stack.setCurrentWidget(self.workspace)

    def _on_queue_changed(self, running: int, waiting: int) -> None:
        if running or waiting:
            self.queue_label.setText(
                translate("MainWindow", "{running} running · {waiting} waiting").format(
                    running=running, waiting=waiting
                )
            )
        else:
            total = len(self.manager.jobs())
            self.queue_label.setText(
                plural(
                    total,
                    translate("MainWindow", "Idle · {n} job"),
                    translate("MainWindow", "Idle · {n} jobs"),
                )
                if total
                else ""
            )
        if self._quit_when_done and running + waiting == 0 and not self._intake.pending():
            # Not from inside the manager's own signal: closing shuts the manager down.
            QTimer.singleShot(0, self.close)

    # -- closing -------------------------------------------------------------------------------
    def _ask_quit_choice(self) -> QuitChoice:
        return ask_quit_choice(self, self.manager.running_count(), self.manager.waiting_count())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.manager.running_count() + self.manager.waiting_count() + self.pending_intake():
            # A window never shown (scripts, tests) has nobody to ask: it stops its workers.
            choice = self.ask_quit_choice() if self.isVisible() else QuitChoice.QUIT_NOW
            if choice != QuitChoice.QUIT_NOW:
                # Finish first: the last job to end closes the window (see _on_queue_changed).
                self._quit_when_done = choice == QuitChoice.FINISH_FIRST
                if self._quit_when_done:
                    self.show_notice(
                        translate(
                            "MainWindow",
                            "docflags will close when the running and waiting jobs end.",
                        )
                    )
                event.ignore()
                return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Save the layout, stop every worker and drain the pools; safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        self._intake.clear()
        self._save_layout()
        self.workspace.shutdown()
        self.matcher.shutdown()
        self.exporter.wait()  # an export being written is finished, not cut off
        self.manager.shutdown(wait=True)

    def _save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.workspace.save_state(self.settings)
        self.settings.sync()

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.workspace.restore_state(self.settings)

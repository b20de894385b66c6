"""File > Export…: the dialog (what, format, file) and the controller that writes the export on a
worker thread and reports in the status bar or a message box. What can be exported: export_scopes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from docflags_gui.export import (
    EXPORT_FORMATS,
    FORMAT_NAMES,
    ExportError,
    export_results,
    format_for_path,
)
from docflags_gui.ui.export_scopes import (
    ExportHost,
    ExportScope,
    count_passages,
    export_scopes,
    preferred_scope,
)
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

# Formats in the order the dialog offers them: the spreadsheet first, as most users want it.
FORMAT_ORDER = ("xlsx", "csv", "html", "md", "json")
DEFAULT_FORMAT = "xlsx"
SETTING_FOLDER = "export/last_folder"
# The export package's FORMAT_NAMES, in the window's language.
_FORMAT_WORDS = {
    "json": QT_TRANSLATE_NOOP("ExportDialog", "JSON (docflags/1)"),
    "csv": QT_TRANSLATE_NOOP("ExportDialog", "CSV (spreadsheet, UTF-8)"),
    "md": QT_TRANSLATE_NOOP("ExportDialog", "Markdown (reviewer's notes)"),
    "xlsx": QT_TRANSLATE_NOOP("ExportDialog", "Excel workbook"),
    "html": QT_TRANSLATE_NOOP("ExportDialog", "HTML report"),
}


def format_words(fmt: str) -> str:
    return (
        translate("ExportDialog", _FORMAT_WORDS[fmt]) if fmt in _FORMAT_WORDS else FORMAT_NAMES[fmt]
    )


SETTING_FORMAT = "export/format"
STATUS_MS = 8000


class ExportDialog(QDialog):
    """Choose what to export, the format and the file; asks before replacing a file."""

    def __init__(
        self,
        scopes: list[ExportScope],
        settings: QSettings,
        parent: QWidget | None = None,
        preferred: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(translate("ExportDialog", "Export Flagged Passages"))
        self.settings = settings
        self.scopes = scopes
        self._confirmed_path: Path | None = None

        self.scope_group = QButtonGroup(self)
        scope_box = QVBoxLayout()
        for index, scope in enumerate(scopes):
            button = QRadioButton(scope.label, self)
            button.setObjectName(f"exportScope_{scope.scope}")
            self.scope_group.addButton(button, index)
            scope_box.addWidget(button)
        self.scope_group.button(preferred).setChecked(True)
        self.scope_group.idToggled.connect(self._on_scope_changed)

        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("exportFormat")
        for fmt in FORMAT_ORDER:
            self.format_combo.addItem(f"{format_words(fmt)} ({EXPORT_FORMATS[fmt]})", fmt)
        last_format = str(settings.value(SETTING_FORMAT, DEFAULT_FORMAT))
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(last_format)))
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)

        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setMinimumWidth(420)
        self.path_edit.textEdited.connect(self._forget_confirmation)
        browse = QPushButton(translate("ExportDialog", "&Browse…"), self)
        browse.setObjectName("exportBrowse")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(translate("ExportDialog", "&Export"))
        self.export_button.setObjectName("exportButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(translate("ExportDialog", "What:"), _wrap(scope_box, self))
        form.addRow(translate("ExportDialog", "&Format:"), self.format_combo)
        save_label = QLabel(translate("ExportDialog", "&Save to:"), self)
        save_label.setBuddy(self.path_edit)
        form.addRow(save_label, path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.path_edit.setText(str(self._default_path()))
        self._update_hint()

    # -- what the user chose -------------------------------------------------------------------
    def scope(self) -> ExportScope:
        return self.scopes[max(0, self.scope_group.checkedId())]

    def format(self) -> str:
        return str(self.format_combo.currentData())

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    # -- reactions -----------------------------------------------------------------------------
    def browse(self) -> None:
        fmt = self.format()
        filters = [f"{format_words(f)} (*{EXPORT_FORMATS[f]})" for f in FORMAT_ORDER]
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self,
            translate("ExportDialog", "Export to"),
            str(self.path()),
            ";;".join(filters),
            filters[FORMAT_ORDER.index(fmt)],
        )
        if not chosen:
            return
        path = Path(chosen)
        picked = format_for_path(path)
        if picked is None:  # no extension typed: the filter's format, with its extension
            picked = FORMAT_ORDER[filters.index(chosen_filter)] if chosen_filter in filters else fmt
            path = path.with_name(path.name + EXPORT_FORMATS[picked])
        self.format_combo.setCurrentIndex(self.format_combo.findData(picked))
        self.path_edit.setText(str(path))
        # The file dialog already asked about replacing this very file.
        self._confirmed_path = path if chosen == str(path) else None

    def _on_format_changed(self, _index: int) -> None:
        path = self.path()
        if path.name:
            self.path_edit.setText(str(path.with_suffix(EXPORT_FORMATS[self.format()])))
        self._confirmed_path = None
        self._update_hint()

    def _on_scope_changed(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        folder = self.path().parent if self.path_edit.text().strip() else self._last_folder()
        self.path_edit.setText(str(folder / f"{self.scope().suggested_stem}{self._ext()}"))
        self._confirmed_path = None
        self._update_hint()

    def _forget_confirmation(self, _text: str) -> None:
        self._confirmed_path = None

    def _update_hint(self) -> None:
        hints = {
            "xlsx": translate(
                "ExportDialog",
                "A Summary sheet and a Flags sheet, colour cells filled with each colour.",
            ),
            "csv": translate(
                "ExportDialog",
                "One row per passage, UTF-8; opens in Excel, LibreOffice and scripts.",
            ),
            "html": translate(
                "ExportDialog",
                "One file to send: summary, sources and each passage with its image.",
            ),
            "md": translate("ExportDialog", "Reviewer's notes grouped by page."),
            "json": translate("ExportDialog", "The docflags/1 document(s), for scripts."),
        }
        self.hint.setText(hints.get(self.format(), ""))

    def accept(self) -> None:
        path = self.path()
        if not self.path_edit.text().strip():
            self._warn(translate("ExportDialog", "Choose a file to export to."))
            return
        if path.is_dir():
            self._warn(
                translate("ExportDialog", "{path} is a folder; add a file name.").format(path=path)
            )
            return
        if not path.parent.is_dir():
            self._warn(
                translate("ExportDialog", "The folder {folder} does not exist.").format(
                    folder=path.parent
                )
            )
            return
        path = self._agree_format_and_name(path)
        if path.exists() and path != self._confirmed_path and not self._confirm_replace(path):
            return
        self.settings.setValue(SETTING_FOLDER, str(path.parent))
        self.settings.setValue(SETTING_FORMAT, self.format())
        super().accept()

    # -- helpers -------------------------------------------------------------------------------
    def _agree_format_and_name(self, path: Path) -> Path:
        """A typed extension of another format wins (the name is what the user looked at); a
        name without one gets the chosen format's extension."""
        typed = format_for_path(path)
        if typed is None:
            path = path.with_name(path.name + self._ext())
        elif typed != self.format():
            self.format_combo.setCurrentIndex(self.format_combo.findData(typed))
        if str(path) != self.path_edit.text().strip():
            self.path_edit.setText(str(path))
        return path

    def _confirm_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            translate("ExportDialog", "Replace File?"),
            translate(
                "ExportDialog", "{name} already exists in {folder}.\nDo you want to replace it?"
            ).format(name=path.name, folder=path.parent),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self, translate("ExportDialog", "Export"), text)

    def _ext(self) -> str:
        return EXPORT_FORMATS[self.format()]

    def _last_folder(self) -> Path:
        folder = Path(str(self.settings.value(SETTING_FOLDER, str(Path.home()))))
        return folder if folder.is_dir() else Path.home()

    def _default_path(self) -> Path:
        return self._last_folder() / f"{self.scope().suggested_stem}{self._ext()}"


class _ExportSignals(QObject):
    finished = Signal(int, str, int)  # task id, path, flags written
    failed = Signal(int, str)  # task id, message for the user


class _ExportTask(QRunnable):
    """Writes one export off the GUI thread; the export package never touches Qt."""

    def __init__(self, task_id: int, scope: ExportScope, fmt: str, path: Path) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the controller keeps it until its signal arrived
        self.task_id = task_id
        self.scope, self.fmt, self.path = scope, fmt, path
        self.signals = _ExportSignals()

    def run(self) -> None:
        try:
            export_results(self.scope.results, self.fmt, self.path, pdf_paths=self.scope.pdf_paths)
        except ExportError as exc:
            self.signals.failed.emit(self.task_id, str(exc))
        except Exception as exc:  # a bug must still reach the user, not die in a thread
            log.exception("export to %s failed", self.path)
            self.signals.failed.emit(
                self.task_id,
                translate("ExportDialog", "The export failed unexpectedly: {why}").format(why=exc),
            )
        else:
            self.signals.finished.emit(self.task_id, str(self.path), self.scope.flag_count)


class ExportController(QObject):
    """Owns File > Export…: builds the dialog from the window's state and runs the export."""

    export_finished = Signal(str)  # path
    export_failed = Signal(str)  # message

    def __init__(self, host: ExportHost, window: QMainWindow) -> None:
        """`host` says what can be exported; `window` holds the dialog and the status bar."""
        super().__init__(window)
        self.host = host
        self.window = window
        self.dialog: ExportDialog | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        # Running tasks by id: kept alive until their signal arrived on the GUI thread.
        self._running: dict[int, _ExportTask] = {}
        self._next_id = 0

    def export(self) -> None:
        """Open the export dialog (window-modal), or say why there is nothing to export."""
        if self._running:
            self.host.show_notice(translate("ExportDialog", "An export is still being written."))
            return
        available = export_scopes(self.host)
        if not available:
            QMessageBox.information(
                self.window,
                translate("ExportDialog", "Nothing to Export"),
                translate(
                    "ExportDialog",
                    "Select a finished job (or open one from the history) and export again.",
                ),
            )
            return
        preferred = preferred_scope(self.host, available)
        dialog = ExportDialog(available, self.host.settings, self.window, preferred)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self.start(dialog.scope(), dialog.format(), dialog.path()))
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()

    def start(self, scope: ExportScope, fmt: str, path: Path) -> None:
        self._next_id += 1
        task = _ExportTask(self._next_id, scope, fmt, path)
        # Slots of this QObject: Qt queues the calls to the GUI thread, and drops them if the
        # window (and this controller) is gone by the time the export ends.
        task.signals.finished.connect(self._on_finished)
        task.signals.failed.connect(self._on_failed)
        self._running[task.task_id] = task
        self.host.show_notice(
            translate("ExportDialog", "Exporting to {name}…").format(name=path.name)
        )
        self.pool.start(task)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the running export is written (used at shut-down and in tests)."""
        return self.pool.waitForDone(msecs)

    def _forget_dialog(self, dialog: ExportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    @Slot(int, str, int)
    def _on_finished(self, task_id: int, path: str, flags: int) -> None:
        self._running.pop(task_id, None)
        self.window.statusBar().showMessage(
            translate("ExportDialog", "Exported {what} to {path}.").format(
                what=count_passages(flags), path=path
            ),
            STATUS_MS,
        )
        self.export_finished.emit(path)

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        self._running.pop(task_id, None)
        self.window.statusBar().clearMessage()
        self.export_failed.emit(message)
        QMessageBox.warning(self.window, translate("ExportDialog", "Export Failed"), message)


def _wrap(layout: QVBoxLayout, parent: QWidget) -> QWidget:
    holder = QWidget(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder

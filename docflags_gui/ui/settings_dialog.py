"""The Settings dialog: concurrency, time limits, retries, OCR on/off and OCR languages."""

from __future__ import annotations

import glob
import os
import re
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from docflags_gui.jobs import JobSettings
from docflags_gui.jobs.state import MAX_MEMORY_MB, MIN_MEMORY_MB
from docflags_gui.ui.cluster_choice import ClusterChoice
from docflags_gui.ui.cluster_settings import ClusterSettingsBox
from docflags_gui.ui.settings_store import MAX_CONCURRENCY, default_job_settings

_LANGUAGES = re.compile(r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")


def installed_ocr_languages() -> list[str]:
    """Tesseract languages found where MuPDF looks (TESSDATA_PREFIX, then Debian's folders)."""
    folders = [os.environ.get("TESSDATA_PREFIX", "")]
    folders += [*glob.glob("/usr/share/tesseract-ocr/*/tessdata"), "/usr/share/tessdata"]
    names = {
        os.path.basename(path).removesuffix(".traineddata")
        for folder in folders
        if folder
        for path in glob.glob(os.path.join(folder, "*.traineddata"))
    }
    names.discard("osd")
    return sorted(names)


class SettingsDialog(QDialog):
    """Edits a JobSettings; `job_settings()` returns the edited copy after `exec()`."""

    def __init__(
        self,
        current: JobSettings,
        parent: QWidget | None = None,
        cluster: ClusterChoice | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("docflags settings")
        self._current = current
        defaults = default_job_settings()

        self.concurrency = QSpinBox(self)
        self.concurrency.setObjectName("concurrency")
        self.concurrency.setRange(1, MAX_CONCURRENCY)
        self.concurrency.setValue(current.concurrency)
        self.concurrency.setToolTip(f"Documents analysed at once (default {defaults.concurrency}).")
        self.soft_limit = self._seconds_box("softLimit", current.soft_limit_s)
        self.soft_limit.setToolTip("After this long a job is asked to stop (default 540 s).")
        self.hard_limit = self._seconds_box("hardLimit", current.hard_limit_s)
        self.hard_limit.setToolTip("After this long a job is stopped for good (default 600 s).")
        self.retries = QSpinBox(self)
        self.retries.setObjectName("retries")
        self.retries.setRange(0, 10)
        self.retries.setValue(current.retries)
        self.retries.setToolTip("Automatic retries for jobs that crashed or ran out of time.")
        self.memory = QSpinBox(self)
        self.memory.setObjectName("maxMemory")
        self.memory.setRange(MIN_MEMORY_MB, MAX_MEMORY_MB)
        self.memory.setSingleStep(256)
        self.memory.setSuffix(" MB")
        self.memory.setValue(current.max_memory_mb)
        self.memory.setToolTip(
            "Memory one document's analysis may use (default 2048 MB). A page that needs more "
            "is reported as too complex instead of slowing the computer down."
        )
        self.ocr = QCheckBox("Read text from scanned pages (OCR)", self)
        self.ocr.setObjectName("ocrEnabled")
        self.ocr.setChecked(current.ocr)
        self.languages = QLineEdit(self)
        self.languages.setObjectName("ocrLanguages")
        installed = installed_ocr_languages()
        self.languages.setPlaceholderText("eng+ind (those installed)")
        self.languages.setText(current.ocr_languages or "")
        self.languages.setToolTip(
            "Tesseract languages joined with '+'. Installed: " + (", ".join(installed) or "none")
        )
        self.ocr.toggled.connect(self.languages.setEnabled)
        self.languages.setEnabled(current.ocr)
        self.problem = QLabel(self)
        self.problem.setObjectName("settingsProblem")
        self.problem.setStyleSheet("color: #b00020;")

        form = QFormLayout()
        form.addRow("&Concurrent jobs:", self.concurrency)
        form.addRow("&Soft time limit:", self.soft_limit)
        form.addRow("&Hard time limit:", self.hard_limit)
        form.addRow("&Retries:", self.retries)
        form.addRow("&Memory per job:", self.memory)
        form.addRow("", self.ocr)
        form.addRow("OCR &languages:", self.languages)
        form.addRow("", QLabel("Installed: " + (", ".join(installed) or "none"), self))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.cluster_box = ClusterSettingsBox(cluster or ClusterChoice(), self)
        layout.addWidget(self.cluster_box)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _seconds_box(self, name: str, value: float) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setRange(10, 86400)
        box.setSuffix(" s")
        box.setValue(int(value))
        return box

    def restore_defaults(self) -> None:
        defaults = default_job_settings()
        self.concurrency.setValue(defaults.concurrency)
        self.soft_limit.setValue(int(defaults.soft_limit_s))
        self.hard_limit.setValue(int(defaults.hard_limit_s))
        self.retries.setValue(defaults.retries)
        self.memory.setValue(defaults.max_memory_mb)
        self.ocr.setChecked(defaults.ocr)
        self.languages.setText("")

    def validation_problem(self) -> str:
        if problem := self.cluster_box.problem():
            return problem
        languages = self.languages.text().strip()
        if languages and not _LANGUAGES.match(languages):
            return "OCR languages are names joined with '+', for example eng+ind."
        if self.hard_limit.value() < self.soft_limit.value():
            return "The hard time limit cannot be shorter than the soft one."
        return ""

    def accept(self) -> None:
        problem = self.validation_problem()
        self.problem.setText(problem)
        if problem:
            return
        super().accept()

    def cluster_choice(self) -> ClusterChoice:
        return self.cluster_box.choice()

    def job_settings(self) -> JobSettings:
        return replace(
            self._current,
            concurrency=self.concurrency.value(),
            soft_limit_s=float(self.soft_limit.value()),
            hard_limit_s=float(self.hard_limit.value()),
            retries=self.retries.value(),
            max_memory_mb=self.memory.value(),
            ocr=self.ocr.isChecked(),
            ocr_languages=self.languages.text().strip() or None,
        )

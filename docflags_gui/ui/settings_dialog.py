"""The Settings dialog: concurrency, time limits, retries, OCR on/off and OCR languages."""

from __future__ import annotations

import glob
import os
import re
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from docflags_gui.ui.i18n import OCR_LANGUAGE_NAMES, UI_LANGUAGES, translate
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


def _language_names(codes: list[str]) -> str:
    """Tesseract's codes as people say them: "eng" -> "English (eng)"."""
    if not codes:
        return translate("SettingsDialog", "none")
    return ", ".join(
        f"{translate('Language', OCR_LANGUAGE_NAMES[c])} ({c})" if c in OCR_LANGUAGE_NAMES else c
        for c in codes
    )


class SettingsDialog(QDialog):
    """Edits a JobSettings; `job_settings()` returns the edited copy after `exec()`."""

    def __init__(
        self,
        current: JobSettings,
        parent: QWidget | None = None,
        cluster: ClusterChoice | None = None,
        ui_language: str = "system",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(translate("SettingsDialog", "docflags settings"))
        self._current = current
        defaults = default_job_settings()

        self.concurrency = QSpinBox(self)
        self.concurrency.setObjectName("concurrency")
        self.concurrency.setRange(1, MAX_CONCURRENCY)
        self.concurrency.setValue(current.concurrency)
        self.concurrency.setToolTip(
            translate("SettingsDialog", "Documents analysed at once (default {n}).").format(
                n=defaults.concurrency
            )
        )
        self.soft_limit = self._seconds_box("softLimit", current.soft_limit_s)
        self.soft_limit.setToolTip(
            translate("SettingsDialog", "After this long a job is asked to stop (default 540 s).")
        )
        self.hard_limit = self._seconds_box("hardLimit", current.hard_limit_s)
        self.hard_limit.setToolTip(
            translate(
                "SettingsDialog", "After this long a job is stopped for good (default 600 s)."
            )
        )
        self.retries = QSpinBox(self)
        self.retries.setObjectName("retries")
        self.retries.setRange(0, 10)
        self.retries.setValue(current.retries)
        self.retries.setToolTip(
            translate(
                "SettingsDialog", "Automatic retries for jobs that crashed or ran out of time."
            )
        )
        self.memory = QSpinBox(self)
        self.memory.setObjectName("maxMemory")
        self.memory.setRange(MIN_MEMORY_MB, MAX_MEMORY_MB)
        self.memory.setSingleStep(256)
        self.memory.setSuffix(" MB")
        self.memory.setValue(current.max_memory_mb)
        self.memory.setToolTip(
            translate(
                "SettingsDialog",
                "Memory one document's analysis may use (default 2048 MB). A page that needs "
                "more is reported as too complex instead of slowing the computer down.",
            )
        )
        self.ocr = QCheckBox(
            translate("SettingsDialog", "Read text from scanned pages (OCR)"), self
        )
        self.ocr.setObjectName("ocrEnabled")
        self.ocr.setChecked(current.ocr)
        self.languages = QLineEdit(self)
        self.languages.setObjectName("ocrLanguages")
        installed = installed_ocr_languages()
        self.languages.setPlaceholderText(translate("SettingsDialog", "eng+ind (those installed)"))
        self.languages.setText(current.ocr_languages or "")
        self.languages.setToolTip(
            translate("SettingsDialog", "OCR languages joined with '+'. Installed: {names}").format(
                names=_language_names(installed)
            )
        )
        self.ocr.toggled.connect(self.languages.setEnabled)
        self.languages.setEnabled(current.ocr)
        self.problem = QLabel(self)
        self.problem.setObjectName("settingsProblem")
        self.problem.setStyleSheet("color: #b00020;")

        form = QFormLayout()
        form.addRow(translate("SettingsDialog", "&Concurrent jobs:"), self.concurrency)
        form.addRow(translate("SettingsDialog", "&Ask to stop after:"), self.soft_limit)
        form.addRow(translate("SettingsDialog", "&Stop for good after:"), self.hard_limit)
        form.addRow(translate("SettingsDialog", "&Retries:"), self.retries)
        form.addRow(translate("SettingsDialog", "&Memory per job:"), self.memory)
        form.addRow("", self.ocr)
        form.addRow(translate("SettingsDialog", "OCR &languages:"), self.languages)
        form.addRow(
            "",
            QLabel(
                translate("SettingsDialog", "Installed: {names}").format(
                    names=_language_names(installed)
                ),
                self,
            ),
        )
        self.ui_language = QComboBox(self)
        self.ui_language.setObjectName("uiLanguage")
        for code, words in UI_LANGUAGES:
            self.ui_language.addItem(translate("Language", words), code)
        self.ui_language.setCurrentIndex(max(0, self.ui_language.findData(ui_language)))
        self.ui_language.setToolTip(
            translate(
                "SettingsDialog",
                "The language of the window; takes effect when docflags starts again.",
            )
        )
        form.addRow(translate("SettingsDialog", "Lan&guage:"), self.ui_language)
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
        box.setSuffix(translate("SettingsDialog", " s"))
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
        self.ui_language.setCurrentIndex(0)

    def validation_problem(self) -> str:
        if problem := self.cluster_box.problem():
            return problem
        languages = self.languages.text().strip()
        if languages and not _LANGUAGES.match(languages):
            return translate(
                "SettingsDialog", "OCR languages are names joined with '+', for example eng+ind."
            )
        if self.hard_limit.value() < self.soft_limit.value():
            return translate(
                "SettingsDialog", "Stopping for good cannot come before asking to stop."
            )
        return ""

    def accept(self) -> None:
        problem = self.validation_problem()
        self.problem.setText(problem)
        if problem:
            return
        super().accept()

    def language(self) -> str:
        """The chosen window language: "system", "en" or "id"."""
        return str(self.ui_language.currentData())

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

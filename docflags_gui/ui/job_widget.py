"""One job's row in the job list: name, state, progress with the worker's message, elapsed
time, the reason of a failure, and its buttons (Cancel, Move to front, Retry, Open log)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from docflags_gui.jobs import JobInfo, JobState
from docflags_gui.ui.engine_words import engine_words
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP, plural, translate

# Marked for the catalogue here, translated where shown (state_words); the history uses them too.
STATE_WORDS = {
    JobState.QUEUED: QT_TRANSLATE_NOOP("JobState", "Waiting"),
    JobState.RUNNING: QT_TRANSLATE_NOOP("JobState", "Running"),
    JobState.SUCCESS: QT_TRANSLATE_NOOP("JobState", "Done"),
    JobState.FAILURE: QT_TRANSLATE_NOOP("JobState", "Failed"),
    JobState.CANCELLED: QT_TRANSLATE_NOOP("JobState", "Cancelled"),
    JobState.TIMED_OUT: QT_TRANSLATE_NOOP("JobState", "Timed out"),
    JobState.CRASHED: QT_TRANSLATE_NOOP("JobState", "Crashed"),
    JobState.INTERRUPTED: QT_TRANSLATE_NOOP("JobState", "Interrupted"),
}
WARNING_COLOR = "#a16207"
EXIT_BAD_INPUT = 3  # the worker protocol's exit status for a file that cannot be analysed


def state_words(state: JobState) -> str:
    """The state as the job list and the history say it ("Done", "Failed" ...)."""
    return translate("JobState", STATE_WORDS.get(state, state.value.title()))


def result_warnings(info: JobInfo) -> list[str]:
    """The warnings of a finished job's result (a repaired file, empty or unreadable pages)."""
    if info.state != JobState.SUCCESS or info.result is None:
        return []
    return [str(w) for w in info.result.get("warnings") or []]


# Foreground colours that read on light and dark palettes.
STATE_COLORS = {
    JobState.QUEUED: "#6b7280",
    JobState.RUNNING: "#1d6fd8",
    JobState.SUCCESS: "#15803d",
    JobState.FAILURE: "#c2410c",
    JobState.CANCELLED: "#6b7280",
    JobState.TIMED_OUT: "#b91c1c",
    JobState.CRASHED: "#b91c1c",
    JobState.INTERRUPTED: "#a16207",
}
_PROBLEM_STATES = (JobState.FAILURE, JobState.TIMED_OUT, JobState.CRASHED, JobState.INTERRUPTED)


def format_elapsed(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed_seconds(info: JobInfo, now: float | None = None) -> float | None:
    if info.started is None:
        return None
    end = info.finished if info.finished is not None else (now or time.time())
    return end - info.started


def outcome_words(info: JobInfo) -> str:
    """What ended a job, in words: the flags found, or the reason it did not succeed."""
    if info.state == JobState.SUCCESS and info.result is not None:
        count = len(info.result.get("flags") or [])
        words = plural(
            count,
            translate("JobWidget", "{n} flagged passage"),
            translate("JobWidget", "{n} flagged passages"),
        )
        if info.manuscript is not None:  # a match: how many were found, and where
            found = sum(isinstance(f.get("match"), dict) for f in info.result.get("flags") or [])
            words = translate("JobWidget", "{found} of {n} found in {name}").format(
                found=found, n=count, name=info.manuscript.name
            )
        warnings = result_warnings(info)
        if warnings:
            shown = [f"⚠ {engine_words(w)}" for w in warnings[:3]]
            if len(warnings) > 3:
                shown.append(
                    translate("JobWidget", "… and {n} more warnings").format(n=len(warnings) - 3)
                )
            words = "\n".join([words, *shown])
        return words
    if info.state == JobState.CANCELLED:
        return translate("JobWidget", "Cancelled before it finished.")
    if info.state == JobState.INTERRUPTED:
        return error_words(info.error) or translate(
            "JobWidget", "docflags was closed while this job ran. Retry to run it again."
        )
    if info.state == JobState.TIMED_OUT:
        return error_words(info.error) or translate(
            "JobWidget", "The analysis took longer than the time limit and was stopped."
        )
    if info.state == JobState.CRASHED:
        return error_words(info.error) or translate(
            "JobWidget", "The analysis stopped unexpectedly. The log may say why."
        )
    if info.state == JobState.FAILURE:
        return error_words(info.error) or translate("JobWidget", "The analysis failed.")
    return ""


def progress_words(message: str) -> str:
    """A worker's progress message ("Page 2/9: OCR") in the window's language."""
    return engine_words(message) if message else translate("JobWidget", "Working")


def is_bad_input(info: JobInfo) -> bool:
    """The file itself cannot be analysed (not a PDF, encrypted ...): retrying cannot help."""
    return info.exit_code == EXIT_BAD_INPUT


def error_words(error: str | None) -> str:
    """A worker's error as a sentence: capitalised, translated where its wording is known."""
    if not error:
        return ""
    text = engine_words(error)
    return text[:1].upper() + text[1:]


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when its text does not fit (never cut mid-letter)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = text
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self._full
        if width > 0:
            shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width)
        if shown != self.text():
            self.setText(shown)


def _button(text: str, name: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class JobWidget(QFrame):
    """Shows one JobInfo; its buttons emit the job id (the job list passes it to the manager)."""

    cancel_clicked = Signal(str)
    retry_clicked = Signal(str)
    front_clicked = Signal(str)
    log_clicked = Signal(str)

    def __init__(self, info: JobInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job_id = info.job_id
        self.setObjectName(f"job-{info.job_id}")
        name = info.path.name
        if info.manuscript is not None:  # a match: the report and the manuscript searched
            name = f"{name} → {info.manuscript.name}"
        self.name_label = ElidedLabel(name, self)
        self.name_label.setObjectName("jobName")
        self.name_label.setToolTip(str(info.path))
        font = self.name_label.font()
        font.setBold(True)
        self.name_label.setFont(font)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("jobState")
        self.elapsed_label = QLabel(self)
        self.elapsed_label.setObjectName("jobElapsed")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("jobProgress")
        self.progress.setAccessibleName(translate("JobWidget", "Progress"))
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("jobDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.cancel_button = _button(
            translate("JobWidget", "Cancel"),
            "cancelButton",
            translate("JobWidget", "Stop this job"),
            self,
        )
        self.front_button = _button(
            translate("JobWidget", "Move to front"),
            "frontButton",
            translate("JobWidget", "Run this job next"),
            self,
        )
        self.retry_button = _button(
            translate("JobWidget", "Retry"),
            "retryButton",
            translate("JobWidget", "Analyse this file again"),
            self,
        )
        self.log_button = _button(
            translate("JobWidget", "Open log"),
            "logButton",
            translate("JobWidget", "Open the worker's log"),
            self,
        )
        self.cancel_button.clicked.connect(lambda: self.cancel_clicked.emit(self.job_id))
        self.front_button.clicked.connect(lambda: self.front_clicked.emit(self.job_id))
        self.retry_button.clicked.connect(lambda: self.retry_clicked.emit(self.job_id))
        self.log_button.clicked.connect(lambda: self.log_clicked.emit(self.job_id))

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        buttons.addStretch(1)
        for button in (self.front_button, self.cancel_button, self.retry_button, self.log_button):
            buttons.addWidget(button)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.name_label, 0, 0)
        grid.addWidget(self.state_label, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.elapsed_label, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.progress, 1, 0, 1, 3)
        grid.addWidget(self.detail_label, 2, 0, 1, 3)
        grid.addLayout(buttons, 3, 0, 1, 3)
        grid.setColumnStretch(0, 1)
        self.info = info
        self.show_info(info)

    def show_info(self, info: JobInfo) -> None:
        self.info = info
        state = info.state
        warned = bool(result_warnings(info))
        self.state_label.setText(
            translate("JobWidget", "Done, with warnings") if warned else state_words(state)
        )
        state_color = WARNING_COLOR if warned else STATE_COLORS.get(state, "#6b7280")
        self.state_label.setStyleSheet(f"color: {state_color};")
        running = state == JobState.RUNNING
        self.progress.setVisible(state in (JobState.QUEUED, JobState.RUNNING))
        if state == JobState.QUEUED:
            self.progress.setValue(0)
            self.progress.setFormat(translate("JobWidget", "Waiting for a free worker"))
        elif running:
            self.show_progress(info.percent, info.message)
        words = outcome_words(info) if state.is_final else ""
        self.detail_label.setText(words)
        self.detail_label.setVisible(bool(words))
        color = STATE_COLORS[state] if state in _PROBLEM_STATES else ""
        color = WARNING_COLOR if warned else color
        self.detail_label.setStyleSheet(f"color: {color};" if color else "")
        self.detail_label.setToolTip("\n".join(result_warnings(info)) if warned else "")
        self.cancel_button.setVisible(not state.is_final)
        self.front_button.setVisible(state == JobState.QUEUED)
        # A finished analysis is run again ("Re-analyse"), a failed one retried. When the file
        # itself is the problem (not a PDF, encrypted) its log holds nothing more to read.
        bad_input = state == JobState.FAILURE and is_bad_input(info)
        self.retry_button.setVisible(state.is_final)
        self.retry_button.setText(
            translate("JobWidget", "Re-analyse")
            if state == JobState.SUCCESS
            else translate("JobWidget", "Retry")
        )
        self.log_button.setVisible(state.is_final and info.log_path is not None and not bad_input)
        self.update_elapsed()

    def show_progress(self, percent: int, message: str) -> None:
        self.progress.setValue(max(0, min(100, percent)))
        # QProgressBar expands %p, %v and %m in its format; a worker message must not.
        text = progress_words(message).replace("%", "%\u200b")
        self.progress.setFormat(f"{text} · %p%")

    def update_elapsed(self, now: float | None = None) -> None:
        seconds = elapsed_seconds(self.info, now)
        self.elapsed_label.setText("" if seconds is None else format_elapsed(seconds))

"""One job's row in the job list: name, state, progress with the worker's message, elapsed
time, the reason of a failure, and its buttons (Cancel, Move to front, Retry, Open log)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
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

STATE_WORDS = {
    JobState.QUEUED: "Waiting",
    JobState.RUNNING: "Running",
    JobState.SUCCESS: "Done",
    JobState.FAILURE: "Failed",
    JobState.CANCELLED: "Cancelled",
    JobState.TIMED_OUT: "Timed out",
    JobState.CRASHED: "Crashed",
    JobState.INTERRUPTED: "Interrupted",
}
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
        return f"{count} flagged passage{'s' if count != 1 else ''}"
    if info.state == JobState.CANCELLED:
        return "Cancelled before it finished."
    if info.state == JobState.INTERRUPTED:
        return info.error or "docflags was closed while this job ran. Retry to run it again."
    if info.state == JobState.TIMED_OUT:
        return info.error or "The analysis took longer than the time limit and was stopped."
    if info.state == JobState.CRASHED:
        return info.error or "The analysis stopped unexpectedly. The log may say why."
    if info.state == JobState.FAILURE:
        return info.error or "The analysis failed."
    return ""


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
        self.name_label = QLabel(name, self)
        self.name_label.setObjectName("jobName")
        self.name_label.setToolTip(str(info.path))
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.name_label.font()
        font.setBold(True)
        self.name_label.setFont(font)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("jobState")
        self.elapsed_label = QLabel(self)
        self.elapsed_label.setObjectName("jobElapsed")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("jobProgress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("jobDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.cancel_button = _button("Cancel", "cancelButton", "Stop this job", self)
        self.front_button = _button("Move to front", "frontButton", "Run this job next", self)
        self.retry_button = _button("Retry", "retryButton", "Analyse this file again", self)
        self.log_button = _button("Open log", "logButton", "Open the worker's log", self)
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
        self.state_label.setText(STATE_WORDS.get(state, state.value.title()))
        self.state_label.setStyleSheet(f"color: {STATE_COLORS.get(state, '#6b7280')};")
        running = state == JobState.RUNNING
        self.progress.setVisible(state in (JobState.QUEUED, JobState.RUNNING))
        if state == JobState.QUEUED:
            self.progress.setValue(0)
            self.progress.setFormat("Waiting for a free worker")
        elif running:
            self.show_progress(info.percent, info.message)
        words = outcome_words(info) if state.is_final else ""
        self.detail_label.setText(words)
        self.detail_label.setVisible(bool(words))
        color = STATE_COLORS[state] if state in _PROBLEM_STATES else ""
        self.detail_label.setStyleSheet(f"color: {color};" if color else "")
        self.cancel_button.setVisible(not state.is_final)
        self.front_button.setVisible(state == JobState.QUEUED)
        self.retry_button.setVisible(state.is_final)
        self.log_button.setVisible(state.is_final and info.log_path is not None)
        self.update_elapsed()

    def show_progress(self, percent: int, message: str) -> None:
        self.progress.setValue(max(0, min(100, percent)))
        # QProgressBar expands %p, %v and %m in its format; a worker message must not.
        text = (message or "Working").replace("%", "%\u200b")
        self.progress.setFormat(f"{text} · %p%")

    def update_elapsed(self, now: float | None = None) -> None:
        seconds = elapsed_seconds(self.info, now)
        self.elapsed_label.setText("" if seconds is None else format_elapsed(seconds))

"""A flag's review status as the window shows it: its words, a suggestion's look (grey italics)
and its tooltip (the rule's reason, the reviewer's note), and its place in a sort."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from docflags_gui.result import ResultFlag
from docflags_gui.review.statuses import Status, effective_status
from docflags_gui.ui.engine_words import engine_words
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP

# A review status as the table says it (the JSON keeps the slug).
STATUS_WORDS = {
    Status.TO_REVIEW: QT_TRANSLATE_NOOP("FlagsTable", "To review"),
    Status.NEEDS_FIX: QT_TRANSLATE_NOOP("FlagsTable", "Needs fix"),
    Status.QUOTED_CITED: QT_TRANSLATE_NOOP("FlagsTable", "Quoted & cited"),
    Status.COMMON_PHRASE: QT_TRANSLATE_NOOP("FlagsTable", "Common phrase"),
    Status.BIBLIOGRAPHY: QT_TRANSLATE_NOOP("FlagsTable", "Bibliography"),
    Status.OWN_WORK: QT_TRANSLATE_NOOP("FlagsTable", "Own earlier work"),
    Status.FALSE_POSITIVE: QT_TRANSLATE_NOOP("FlagsTable", "False positive"),
    Status.FIXED: QT_TRANSLATE_NOOP("FlagsTable", "Fixed"),
}


SUGGESTION_COLOR = "#6b6b6b"  # a suggestion's status: grey italics; a decision: plain text


def status_words(status: Status) -> str:
    return QCoreApplication.translate("FlagsTable", STATUS_WORDS[status])


def is_suggestion(flag: ResultFlag) -> bool:
    """True when the flag's status is the rules' suggestion, not a decision."""
    review = flag.get("review")
    return (
        isinstance(review, dict)
        and review.get("status") in (None, Status.TO_REVIEW.value)
        and bool(review.get("suggested"))
    )


def flag_status(flag: ResultFlag) -> Status:
    review = flag.get("review")
    return effective_status(review) if isinstance(review, dict) else Status.TO_REVIEW


def status_cell(flag: ResultFlag) -> str:
    """The status's words; a suggestion looks different (italic, grey) and says so in its
    tooltip, so the narrow column keeps room for the words themselves."""
    return status_words(flag_status(flag))


def status_order(flag: ResultFlag) -> int:
    """Sort position: the statuses in their menu order (To review first)."""
    return list(Status).index(flag_status(flag))


def status_data(flag: ResultFlag, role: int) -> Any:
    """The Status cell's font, colour and tooltip (its text is `status_cell`)."""
    if role == Qt.ItemDataRole.FontRole and is_suggestion(flag):
        font = QFont()
        font.setItalic(True)
        return font
    if role == Qt.ItemDataRole.ForegroundRole and is_suggestion(flag):
        return QColor(SUGGESTION_COLOR)
    if role == Qt.ItemDataRole.ToolTipRole:
        return status_tooltip(flag)
    return None


def status_tooltip(flag: ResultFlag) -> str | None:
    """The rule's reason and the reviewer's note, for the Status cell."""
    review = flag.get("review")
    if not isinstance(review, dict):
        return None
    lines = []
    if review.get("suggested"):
        suggested = status_words(Status(review["suggested"]))
        lines.append(
            QCoreApplication.translate(
                "FlagsTable", "Suggested by the rules: {status} ({reason})"
            ).format(status=suggested, reason=engine_words(review.get("reason") or ""))
        )
    if review.get("note"):
        lines.append(
            QCoreApplication.translate("FlagsTable", "Note: {note}").format(note=review["note"])
        )
    return "\n".join(lines) or None

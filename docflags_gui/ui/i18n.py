"""The window's words: `translate` (QCoreApplication.translate with an explicit context, as
pyside6-lupdate reads it) and the Indonesian/English catalogues in resources/translations.

Every visible string goes through `translate(CONTEXT, "English text")` with a literal context
and text (never an f-string: lupdate would record text that is never looked up); arguments are
filled in afterwards with str.format. Plurals are two source strings (English needs them,
Indonesian translates both the same), so no English catalogue is needed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def translate(context: str, text: str, disambiguation: str | None = None) -> str:
    """The translation of `text` in `context` for the installed language (else `text`)."""
    return QCoreApplication.translate(context, text, disambiguation)


def plural(count: int, one: str, many: str) -> str:
    """`one` or `many` (both already translated, holding {n}) with n filled in:
    `plural(n, translate(C, "{n} flag"), translate(C, "{n} flags"))`."""
    return (one if count == 1 else many).format(n=count)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for the catalogue where it is defined; translated later where shown."""
    return text

"""The window's words: `translate` (QCoreApplication.translate with an explicit context, as
pyside6-lupdate reads it) and the Indonesian catalogue in resources/translations.

Every visible string goes through `translate(CONTEXT, "English text")` with a literal context
and text (never an f-string: lupdate would record text that is never looked up); arguments are
filled in afterwards with str.format. Plurals are two source strings (English needs them,
Indonesian translates both the same), so no English catalogue is needed. Qt ships no Indonesian
catalogue of its own, so the standard buttons and the line edits' menu are translated by
resources/translations/qtbase_id.ts, compiled into the same .qm file.
"""

from __future__ import annotations

import logging
import os
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

log = logging.getLogger(__name__)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks `text` for the catalogue where it is defined; translated later where shown."""
    return text


LANGUAGE_SETTING = "ui/language"
# The choices of the Language setting: (code, name); "system" follows the desktop's language.
UI_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("system", QT_TRANSLATE_NOOP("Language", "System")),
    ("en", QT_TRANSLATE_NOOP("Language", "English")),
    ("id", QT_TRANSLATE_NOOP("Language", "Bahasa Indonesia")),
)
# Languages with a catalogue in resources/translations (English is the source language).
CATALOGUES = ("id",)
# Names of the Tesseract language codes shown in the settings.
OCR_LANGUAGE_NAMES = {
    "eng": QT_TRANSLATE_NOOP("Language", "English"),
    "ind": QT_TRANSLATE_NOOP("Language", "Indonesian"),
}


def translate(context: str, text: str, disambiguation: str | None = None) -> str:
    """The translation of `text` in `context` for the installed language (else `text`)."""
    return QCoreApplication.translate(context, text, disambiguation)


def plural(count: int, one: str, many: str) -> str:
    """`one` or `many` (both already translated, holding {n}) with n filled in:
    `plural(n, translate("Ctx", "{n} flag"), translate("Ctx", "{n} flags"))`."""
    return (one if count == 1 else many).format(n=count)


def system_language() -> str:
    """The desktop's language as a code ("id", "en" ...): LANGUAGE, LC_ALL, LC_MESSAGES and
    LANG as gettext reads them, then Qt's idea of the system locale."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].lower()
            if code and code not in ("c", "posix"):
                return code
    languages = QLocale.system().uiLanguages()
    return languages[0].split("-")[0].lower() if languages else "en"


def chosen_language(settings: QSettings | None) -> str:
    """The Language setting ("system", "en", "id"); "system" when unset or unknown."""
    value = settings.value(LANGUAGE_SETTING, "system") if settings is not None else "system"
    known = {code for code, _name in UI_LANGUAGES}
    return str(value) if str(value) in known else "system"


def effective_language(choice: str) -> str:
    """The catalogue to load for a setting: "id", or "en" (the source strings)."""
    code = system_language() if choice == "system" else choice
    return code if code in CATALOGUES else "en"


_installed: list[QTranslator] = []


def install_language(choice: str) -> str:
    """Load the catalogue for `choice` into the running application (replacing any loaded
    before); returns the language now in use. Call before any window is built."""
    app = QCoreApplication.instance()
    if app is None:
        return "en"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    code = effective_language(choice)
    if code == "en":
        return code
    translator = QTranslator(app)
    ref = resources.files("docflags_gui.resources") / "translations" / f"docflags_{code}.qm"
    with resources.as_file(ref) as path:
        if not translator.load(str(path)):
            log.warning("translation %s could not be loaded", path)
            return "en"
    app.installTranslator(translator)
    _installed.append(translator)
    return code

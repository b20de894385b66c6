"""The review rules' reasons ("quoted but not cited", "source 3 excluded"), as patterns with
translatable templates in the EngineWords context; ui.engine_words applies them.

docflags_gui.review stays Qt-free and writes English, as the engine does (the reasons are in the
JSON and the annotated copy); the window shows them in its language.
"""

from __future__ import annotations

from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP

# (pattern the rule's English matches, template with the pattern's named groups).
REVIEW_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"^source (?P<n>\d+) excluded$",
        QT_TRANSLATE_NOOP("EngineWords", "source {n} excluded"),
    ),
    (
        r"^no longer in the manuscript$",
        QT_TRANSLATE_NOOP("EngineWords", "no longer in the manuscript"),
    ),
    (r"^in the bibliography$", QT_TRANSLATE_NOOP("EngineWords", "in the bibliography")),
    (
        r"^in the excluded (?P<section>.+) section$",
        QT_TRANSLATE_NOOP("EngineWords", "in the excluded {section} section"),
    ),
    (r"^quoted and cited$", QT_TRANSLATE_NOOP("EngineWords", "quoted and cited")),
    (r"^quoted but not cited$", QT_TRANSLATE_NOOP("EngineWords", "quoted but not cited")),
    (
        r"^fewer than (?P<n>\d+) words$",
        QT_TRANSLATE_NOOP("EngineWords", "fewer than {n} words"),
    ),
)

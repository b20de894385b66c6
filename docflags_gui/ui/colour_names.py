"""Colours in words: a mark's `#rrggbb` as the nearest common colour name ("Yellow", "Red"),
so the table and the colour filter say what people see instead of ten near-identical codes."""

from __future__ import annotations

from PySide6.QtGui import QColor

from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP, translate

# (name, reference colour): the highlighter and report colours marks are drawn in.
_NAMED: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("ColourNames", "Yellow"), "#ffff00"),
    (QT_TRANSLATE_NOOP("ColourNames", "Pale yellow"), "#f4e4aa"),
    (QT_TRANSLATE_NOOP("ColourNames", "Orange"), "#f68e4a"),
    (QT_TRANSLATE_NOOP("ColourNames", "Red"), "#ff0000"),
    (QT_TRANSLATE_NOOP("ColourNames", "Pink"), "#ff8fd0"),
    (QT_TRANSLATE_NOOP("ColourNames", "Magenta"), "#e80cd7"),
    (QT_TRANSLATE_NOOP("ColourNames", "Purple"), "#8a2be2"),
    (QT_TRANSLATE_NOOP("ColourNames", "Blue"), "#1e66f5"),
    (QT_TRANSLATE_NOOP("ColourNames", "Light blue"), "#7fc8ff"),
    (QT_TRANSLATE_NOOP("ColourNames", "Turquoise"), "#00c8c8"),
    (QT_TRANSLATE_NOOP("ColourNames", "Mint"), "#c1ecdf"),
    (QT_TRANSLATE_NOOP("ColourNames", "Green"), "#22b14c"),
    (QT_TRANSLATE_NOOP("ColourNames", "Light green"), "#a6f28a"),
    (QT_TRANSLATE_NOOP("ColourNames", "Brown"), "#8b5a2b"),
    (QT_TRANSLATE_NOOP("ColourNames", "Grey"), "#808080"),
    (QT_TRANSLATE_NOOP("ColourNames", "Black"), "#000000"),
)
_cache: dict[str, str] = {}


def _distance(a: QColor, b: QColor) -> float:
    """A cheap perceptual distance ("redmean"): good enough to pick the nearest name."""
    mean_red = (a.red() + b.red()) / 2
    dr, dg, db = a.red() - b.red(), a.green() - b.green(), a.blue() - b.blue()
    return (2 + mean_red / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean_red) / 256) * db * db


def color_name_key(color: str) -> str:
    """The untranslated name of the colour nearest to `color` (for grouping and filtering)."""
    known = _cache.get(color)
    if known is None:
        wanted = QColor(color)
        if not wanted.isValid():
            return color
        known = min(_NAMED, key=lambda named: _distance(wanted, QColor(named[1])))[0]
        _cache[color] = known
    return known


def color_name(color: str) -> str:
    """ "Yellow", "Coral" ... in the window's language; unknown values are shown as they are."""
    key = color_name_key(color)
    return translate("ColourNames", key) if key != color else color

"""What a flags-table cell says: the columns, their header words, a flag's words per column
(also used to copy rows as text) and the sort key of a cell. No model and no widget here.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from docflags_gui.matching.where import match_score
from docflags_gui.result import ResultFlag
from docflags_gui.result_digest import ResultDigest, digest_flags
from docflags_gui.ui.colour_names import color_name
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP
from docflags_gui.ui.match_words import where_cell
from docflags_gui.ui.status_words import status_cell, status_order


class Column(IntEnum):
    PAGE = 0
    KIND = 1
    COLOR = 2
    SOURCE = 3
    TEXT = 4
    COMMENT = 5
    # Only for a matched result (docflags match): where the passage is in the manuscript.
    WHERE = 6
    SCORE = 7
    # The review status (decided, or suggested by the rules) of a matched passage.
    STATUS = 8


HEADERS = (
    QT_TRANSLATE_NOOP("FlagsTable", "Page"),
    QT_TRANSLATE_NOOP("FlagsTable", "Kind"),
    QT_TRANSLATE_NOOP("FlagsTable", "Colour"),
    QT_TRANSLATE_NOOP("FlagsTable", "Source"),
    QT_TRANSLATE_NOOP("FlagsTable", "Text"),
    QT_TRANSLATE_NOOP("FlagsTable", "Comment"),
    QT_TRANSLATE_NOOP("FlagsTable", "Where"),
    QT_TRANSLATE_NOOP("FlagsTable", "Score"),
    QT_TRANSLATE_NOOP("FlagsTable", "Status"),
)
# A result that was not matched has no Where and Score columns at all.
UNMATCHED_COLUMNS = 6
# What a `kind` is called in the table (the JSON keeps `kind` itself).
KIND_WORDS = {
    "highlight": QT_TRANSLATE_NOOP("FlagsTable", "Highlight"),
    "underline": QT_TRANSLATE_NOOP("FlagsTable", "Underline"),
    "strikeout": QT_TRANSLATE_NOOP("FlagsTable", "Strike-out"),
    "squiggly": QT_TRANSLATE_NOOP("FlagsTable", "Squiggly underline"),
    "note": QT_TRANSLATE_NOOP("FlagsTable", "Note"),
    "drawn": QT_TRANSLATE_NOOP("FlagsTable", "Marked passage"),
    "colored-text": QT_TRANSLATE_NOOP("FlagsTable", "Coloured text"),
}
# A Turnitin new report's match groups, by the colour it paints them in.
MATCH_GROUPS = {
    "#f86371": QT_TRANSLATE_NOOP("FlagsTable", "Not cited or quoted"),
    "#f68e4a": QT_TRANSLATE_NOOP("FlagsTable", "Missing quotations"),
    "#f4e4aa": QT_TRANSLATE_NOOP("FlagsTable", "Missing citation"),
    "#c1ecdf": QT_TRANSLATE_NOOP("FlagsTable", "Cited and quoted"),
}
SIMILARITY_MATCH = QT_TRANSLATE_NOOP("FlagsTable", "Similarity match")


def header_words(column: int) -> str:
    return QCoreApplication.translate("FlagsTable", HEADERS[column])


def kind_words(kind: str) -> str:
    """A `kind` as the filter lists it ("Highlight", "Marked passage")."""
    return QCoreApplication.translate("FlagsTable", KIND_WORDS.get(kind, kind))


def flag_kind_words(flag: ResultFlag) -> str:
    """What the report calls this mark: a similarity report's marks are matches (of a source,
    or of a match group), a reviewer's are highlights, notes ..."""
    return mark_words(flag.get("kind"), flag.get("color"), flag.get("source") is not None)


def mark_words(kind: object, color: object, has_source: bool) -> str:
    """flag_kind_words of a flag with this kind and colour, with a source or without."""
    kind = str(kind or "")
    if kind == "drawn":
        group = MATCH_GROUPS.get(str(color or "").lower())
        if group is not None and not has_source:
            return QCoreApplication.translate("FlagsTable", group)
        if has_source or group is not None:
            return QCoreApplication.translate("FlagsTable", SIMILARITY_MATCH)
    return kind_words(kind) if kind else ""


def is_matched_flags(flags: Sequence[ResultFlag]) -> bool:
    """True when these flags went through match (each has a `match`, found or null)."""
    return any("match" in flag for flag in flags)


# The whole flag dict of a row, for the preview and for copying.
FLAG_ROLE = Qt.ItemDataRole.UserRole + 1

# Sort keys that never compare None with a value: missing values sort last.
_MISSING_NUMBER = 1 << 30


def _one_line(value: str | None) -> str:
    """Cells show passages on one line; newlines and tabs would break rows and copied text."""
    if not value:
        return ""
    return " ".join(value.split())


def reading_order(flag: ResultFlag) -> tuple[int, int]:
    """Page, then flag id: the order ties keep whichever column is sorted."""
    return (int(flag.get("page") or 0), int(flag.get("id") or 0))


def sort_key(flag: ResultFlag, column: int) -> tuple[int, Any]:
    """Numbers sort as numbers, text case-insensitively; empty cells go last."""
    if column == Column.PAGE:
        return (0, flag.get("page") or 0)
    if column == Column.SOURCE:
        source = flag.get("source")
        return (0, source) if source is not None else (1, _MISSING_NUMBER)
    if column == Column.WHERE:
        match = flag.get("match")
        return (0, match.get("start", 0)) if isinstance(match, dict) else (1, _MISSING_NUMBER)
    if column == Column.SCORE:
        score = match_score(flag)
        return (0, score) if score is not None else (1, _MISSING_NUMBER)
    if column == Column.STATUS:
        return (0, status_order(flag))
    value = display_text(flag, column)
    return (0, value.casefold()) if value else (1, "")


def display_text(flag: ResultFlag, column: int) -> str:
    """The cell text of one flag, also used for copying rows as tab-separated text."""
    if column == Column.PAGE:
        return str(flag.get("page", ""))
    if column == Column.KIND:
        return flag_kind_words(flag)
    if column == Column.COLOR:
        color = flag.get("color")
        return color_name(str(color)) if color else ""
    if column == Column.SOURCE:
        source = flag.get("source")
        return "" if source is None else str(source)
    if column == Column.TEXT:
        return _one_line(flag.get("text"))
    if column == Column.COMMENT:
        return _one_line(flag.get("comment"))
    if column == Column.WHERE:
        return where_cell(flag)
    if column == Column.SCORE:
        score = match_score(flag)
        return "" if score is None else f"{score:.2f}"
    if column == Column.STATUS:
        return status_cell(flag)
    return ""


def distinct_cell_texts(
    flags: Sequence[ResultFlag], column: int, digest: ResultDigest | None = None
) -> set[str]:
    """The different texts of a column's cells, each made once: the page, kind, colour and
    source columns of 10,000 flags hold a few dozen (display_text 40,000 times, translating
    and naming colours, took 60 ms of the GUI thread per result shown). Their values come
    from `digest` (the flags' digest, made if not given)."""
    if column in (Column.PAGE, Column.SOURCE, Column.COLOR, Column.KIND):
        digest = digest if digest is not None else digest_flags(flags)
    if column == Column.PAGE and digest is not None:
        return {str(page) for page in digest.pages}
    if column == Column.SOURCE and digest is not None:
        return {"" if source is None else str(source) for source in digest.sources}
    if column == Column.COLOR and digest is not None:
        return {color_name(str(color)) if color else "" for color in digest.colors}
    if column == Column.KIND and digest is not None:
        return {mark_words(*key) for key in digest.kind_cells}
    return {display_text(flag, column) for flag in flags}

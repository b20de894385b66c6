"""The flagged-items table model (one row per docflags/1 flag) and its filtering proxy.

Both stay fast with 100,000 rows: sorting happens once in Python on the model's own row list
(the proxy hands `sort` down instead of sorting through per-comparison `data()` calls), and the
proxy's row test reads precomputed, lower-cased search text instead of calling `data()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPixmap

from docflags_gui.matching.where import match_score
from docflags_gui.printable import printable
from docflags_gui.result import ResultFlag
from docflags_gui.ui.colour_names import color_name, color_name_key
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP
from docflags_gui.ui.match_words import where_cell, where_tip
from docflags_gui.ui.status_words import status_cell, status_data, status_order

ModelIndex = QModelIndex | QPersistentModelIndex


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
    kind = str(flag.get("kind") or "")
    if kind == "drawn":
        group = MATCH_GROUPS.get(str(flag.get("color") or "").lower())
        if group is not None and flag.get("source") is None:
            return QCoreApplication.translate("FlagsTable", group)
        if flag.get("source") is not None or group is not None:
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


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class FlagTableModel(QAbstractTableModel):
    """Rows are the flags of one docflags/1 result: page, kind, colour, source, text, comment."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flags: list[ResultFlag] = []
        # Per-row lower-cased "text comment", built once per result, read by the filter proxy.
        self._haystacks: list[str] = []
        # One swatch per distinct colour: a report has a dozen colours, not 100,000.
        self._swatches: dict[str, QIcon] = {}
        self._columns = UNMATCHED_COLUMNS

    # -- content -------------------------------------------------------------------------------
    def set_flags(self, flags: list[ResultFlag]) -> None:
        self.beginResetModel()
        self._flags = list(flags)
        self._columns = len(HEADERS) if is_matched_flags(self._flags) else UNMATCHED_COLUMNS
        self._haystacks = [
            f"{f.get('text') or ''}\n{f.get('comment') or ''}".lower() for f in self._flags
        ]
        self.endResetModel()

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def flag_at(self, row: int) -> ResultFlag:
        return self._flags[row]

    def haystack(self, row: int) -> str:
        return self._haystacks[row]

    def all_flags(self) -> list[ResultFlag]:
        return list(self._flags)

    def statuses_changed(self) -> None:
        """The flags' review objects changed in place: repaint the Status column."""
        if self._flags and self._columns > Column.STATUS:
            last = len(self._flags) - 1
            self.dataChanged.emit(self.index(0, Column.STATUS), self.index(last, Column.STATUS))

    # -- Qt model interface --------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._flags)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return header_words(section)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        flag = self._flags[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            # Control characters from the file (BEL, ESC ...) shown as escapes, not sent.
            return printable(display_text(flag, column), keep_newlines=True)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.TEXT, Column.COMMENT):
            tip = flag.get("text") if column == Column.TEXT else flag.get("comment")
            return printable(tip, keep_newlines=True) if isinstance(tip, str) else tip
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.WHERE:
            return where_tip(flag)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.COLOR:
            color = flag.get("color")  # the name too: a narrow column shows the swatch only
            return f"{color_name(str(color))} ({color})" if color else None
        if role == Qt.ItemDataRole.DecorationRole and column == Column.COLOR:
            color = flag.get("color")
            if not color:
                return None
            icon = self._swatches.get(color)
            if icon is None:
                icon = self._swatches[color] = _swatch(color)
            return icon
        if column == Column.STATUS and role in _STATUS_ROLES:
            return status_data(flag, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == FLAG_ROLE:
            return flag
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in one Python pass; ties keep reading order (page, then flag id)."""
        if not self._flags:
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_rows = [index.row() for index in old_persistent]
        ids_before = [id(f) for f in self._flags]
        paired = list(zip(self._flags, self._haystacks, strict=True))
        paired.sort(key=lambda pair: _reading_order(pair[0]))
        keyed = [(sort_key(pair[0], column), pair) for pair in paired]
        # Empty cells go last whichever way the column is sorted.
        present = [item for item in keyed if item[0][0] == 0]
        present.sort(key=lambda item: item[0], reverse=order == Qt.SortOrder.DescendingOrder)
        paired = [pair for _key, pair in present] + [p for k, p in keyed if k[0] != 0]
        self._flags = [p[0] for p in paired]
        self._haystacks = [p[1] for p in paired]
        new_row_of = {id(f): row for row, f in enumerate(self._flags)}
        self.changePersistentIndexList(
            old_persistent,
            [
                self.index(new_row_of[ids_before[row]], index.column())
                for index, row in zip(old_persistent, old_rows, strict=True)
            ],
        )
        self.layoutChanged.emit()


_ROLE = Qt.ItemDataRole
_STATUS_ROLES = (_ROLE.FontRole, _ROLE.ForegroundRole, _ROLE.ToolTipRole)
_RIGHT_ALIGNED = (Column.PAGE, Column.SOURCE, Column.SCORE)


def _reading_order(flag: ResultFlag) -> tuple[int, int]:
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


def _same_colour(color: str, wanted: str) -> bool:
    """`wanted` is a `#rrggbb` code (that colour only) or a colour name (every shade of it)."""
    if wanted.startswith("#"):
        return color == wanted
    return bool(color) and color_name_key(color) == wanted


class FlagFilterProxy(QSortFilterProxyModel):
    """Filters by a search text (over text and comments), by kind, by colour and by source.

    Sorting is delegated to the source model (see the module docstring).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._kind: str | None = None
        self._color: str | None = None
        self._source: int | None = None

    # -- filters ---------------------------------------------------------------------------------
    @property
    def search_text(self) -> str:
        return self._needle

    @property
    def kind_filter(self) -> str | None:
        return self._kind

    @property
    def color_filter(self) -> str | None:
        return self._color

    @property
    def source_filter(self) -> int | None:
        return self._source

    def set_search_text(self, text: str) -> None:
        needle = text.strip().lower()
        if needle != self._needle:
            self._needle = needle
            self._refilter()

    def set_kind_filter(self, kind: str | None) -> None:
        if kind != self._kind:
            self._kind = kind
            self._refilter()

    def set_color_filter(self, color: str | None) -> None:
        if color != self._color:
            self._color = color
            self._refilter()

    def set_source_filter(self, source: int | None) -> None:
        if source != self._source:
            self._source = source
            self._refilter()

    def clear_filters(self) -> None:
        self._needle, self._kind, self._color, self._source = "", None, None, None
        self._refilter()

    def is_filtering(self) -> bool:
        return bool(self._needle) or any(
            value is not None for value in (self._kind, self._color, self._source)
        )

    def _refilter(self) -> None:
        # invalidateRowsFilter is Qt >= 6.0's cheaper, rows-only refresh.
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    # -- Qt proxy interface -------------------------------------------------------------------
    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, FlagTableModel):
            return True
        if self._needle and self._needle not in model.haystack(source_row):
            return False
        if self._kind is None and self._color is None and self._source is None:
            return True
        flag = model.flag_at(source_row)
        if self._kind is not None and flag.get("kind") != self._kind:
            return False
        if self._color is not None and not _same_colour(flag.get("color") or "", self._color):
            return False
        return self._source is None or flag.get("source") == self._source

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, FlagTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def flag_at(self, proxy_row: int) -> ResultFlag:
        flag: ResultFlag = self.index(proxy_row, 0).data(FLAG_ROLE)
        return flag

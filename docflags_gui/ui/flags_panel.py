"""The flags panel: filter bar (search, kind, colour, source), the `flagsTable` and a count."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from docflags_gui.result import ResultDocument, ResultFlag
from docflags_gui.result_digest import ResultDigest, digest_flags
from docflags_gui.ui.colour_names import color_name, color_name_key
from docflags_gui.ui.engine_words import engine_words
from docflags_gui.ui.flags_cells import FLAG_ROLE, Column, kind_words
from docflags_gui.ui.flags_filter import FlagFilter
from docflags_gui.ui.flags_model import FlagFilterProxy, FlagTableModel
from docflags_gui.ui.flags_view import FlagsTableView
from docflags_gui.ui.i18n import plural, translate
from docflags_gui.ui.job_words import WARNING_COLOR

SEARCH_MIN_WIDTH = 150
COMBO_CHARS = 7
TOOLTIP = Qt.ItemDataRole.ToolTipRole

# Typing in the search box refilters once the user pauses, not on every key.
_SEARCH_DEBOUNCE_MS = 150


def _color_icon(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class FlagsPanel(QWidget):
    """Shows one result's flags; emits `current_flag_changed` with the selected flag (or None)."""

    current_flag_changed = Signal(object)
    source_filter_changed = Signal(object)  # the source number filtered by, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FlagTableModel(self)
        self.proxy = FlagFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("flagsFilter")
        self.search_box.setPlaceholderText(
            translate("FlagsPanel", "Filter text and comments (Ctrl+F)")
        )
        self.search_box.setAccessibleName(translate("FlagsPanel", "Filter passages"))
        self.search_box.setToolTip(
            translate(
                "FlagsPanel",
                "Shows the passages whose text or comment holds these words (Esc clears)",
            )
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.kind_combo = self._make_combo(
            "kindFilter",
            translate("FlagsPanel", "Filter by kind"),
            translate("FlagsPanel", "Show one kind of mark"),
        )
        self.color_combo = self._make_combo(
            "colorFilter",
            translate("FlagsPanel", "Filter by colour"),
            translate("FlagsPanel", "Show one colour"),
        )
        self.source_combo = self._make_combo(
            "sourceFilter",
            translate("FlagsPanel", "Filter by source"),
            translate("FlagsPanel", "Show the passages matched to one source"),
        )
        self.count_label = QLabel(self)
        self.count_label.setObjectName("flagsCount")
        self.count_label.setAccessibleName(translate("FlagsPanel", "Number of passages"))
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000 / 00000"))
        self.warnings_label = QLabel(self)
        self.warnings_label.setObjectName("flagsWarnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings_label.setStyleSheet(
            f"QLabel#flagsWarnings {{ color: {WARNING_COLOR}; font-weight: bold; }}"
        )
        self.warnings_label.setVisible(False)
        self.no_match_label = QLabel(
            translate("FlagsPanel", "No passage matches the filters."), self
        )
        self.no_match_label.setObjectName("flagsNoMatch")
        self.no_match_label.setEnabled(False)
        self.no_match_label.setVisible(False)

        self.table = FlagsTableView(self)
        self.table.setModel(self.proxy)
        self.table.apply_default_widths()

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search_box, 2)
        bar.addWidget(self.kind_combo, 1)
        bar.addWidget(self.color_combo, 1)
        bar.addWidget(self.source_combo, 1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.no_match_label)
        layout.addWidget(self.table, 1)
        clear = QAction(self)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        clear.triggered.connect(self.clear_filters)
        self.search_box.addAction(clear)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(_SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self._apply_search)
        self.kind_combo.currentIndexChanged.connect(self._apply_combos)
        self.color_combo.currentIndexChanged.connect(self._apply_combos)
        self.source_combo.currentIndexChanged.connect(self._apply_combos)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self._result: ResultDocument | None = None
        self.set_result(None)

    def _make_combo(self, name: str, accessible: str, tip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setToolTip(tip)
        # Never wider than a short word: long source names must not squeeze the search box.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARS)
        return combo

    # -- content -------------------------------------------------------------------------------
    @property
    def result(self) -> ResultDocument | None:
        return self._result

    def set_result(self, result: ResultDocument | None, digest: ResultDigest | None = None) -> None:
        """Show a docflags/1 result (None: empty). Filters reset; the search text is kept.
        `digest`: its flags' digest if already made (a job's, on its pool thread)."""
        self._result = result
        flags: list[ResultFlag] = list(result["flags"]) if result else []
        if digest is None or digest.flag_count != len(flags):
            digest = digest_flags(flags)
        for combo in (self.kind_combo, self.color_combo, self.source_combo):
            combo.blockSignals(True)
            combo.clear()
        self.kind_combo.addItem(translate("FlagsPanel", "All kinds"), None)
        for kind in digest.shown_kinds():
            self.kind_combo.addItem(kind_words(kind), kind)
        self.color_combo.addItem(translate("FlagsPanel", "All colours"), None)
        # One entry per colour name: a report's ten shades of yellow are one "Yellow".
        shades: dict[str, list[str]] = {}
        for color in digest.shown_colors():
            shades.setdefault(color_name_key(color), []).append(color)
        for key, codes in sorted(shades.items(), key=lambda item: color_name(item[1][0])):
            self.color_combo.addItem(_color_icon(codes[0]), color_name(codes[0]), key)
            self.color_combo.setItemData(self.color_combo.count() - 1, ", ".join(codes), TOOLTIP)
        self.source_combo.addItem(translate("FlagsPanel", "All sources"), None)
        sources = digest.shown_sources()
        for source in sources:
            self.source_combo.addItem(
                translate("FlagsPanel", "Source {n}").format(n=source), source
            )
        for combo in (self.kind_combo, self.color_combo, self.source_combo):
            combo.setEnabled(combo.count() > 1)
            combo.blockSignals(False)
        self.model.set_flags(flags, flag_filter=FlagFilter(needle=self.proxy.search_text))
        # A reviewed draft has no source numbers, a report no comments: no empty columns.
        self.table.setColumnHidden(Column.SOURCE, not sources)
        self.table.setColumnHidden(Column.COMMENT, not digest.has_comment)
        self.table.fit_short_columns(flags, digest)
        self.table.fit_text_columns()
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        warnings = [engine_words(str(w)) for w in result.get("warnings") or []] if result else []
        self.warnings_label.setVisible(bool(warnings))
        if warnings:
            shown = "; ".join(warnings[:3]) + (" …" if len(warnings) > 3 else "")
            template = (
                translate("FlagsPanel", "⚠ {n} warning: {text}")
                if len(warnings) == 1
                else translate("FlagsPanel", "⚠ {n} warnings: {text}")
            )
            self.warnings_label.setText(template.format(n=len(warnings), text=shown))
            self.warnings_label.setToolTip("\n".join(warnings))
        self._update_count()
        self.current_flag_changed.emit(None)

    def set_source_filter(self, source: int | None) -> None:
        """Filter by a source number (the sources panel calls this); None shows all sources."""
        position = self.source_combo.findData(source)
        if position < 0:
            position = 0
        self.source_combo.setCurrentIndex(position)
        self.proxy.set_source_filter(self.source_combo.itemData(position))

    def clear_filters(self) -> None:
        """Escape: every filter off, the search text gone, all passages shown again."""
        self.search_box.clear()
        self._apply_search()
        self.set_source_filter(None)
        for combo in (self.kind_combo, self.color_combo):
            combo.setCurrentIndex(0)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # -- reactions -----------------------------------------------------------------------------
    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.proxy.set_search_text(self.search_box.text())

    def _apply_combos(self) -> None:
        self.proxy.set_kind_filter(self.kind_combo.currentData())
        self.proxy.set_color_filter(self.color_combo.currentData())
        self.proxy.set_source_filter(self.source_combo.currentData())
        self.source_filter_changed.emit(self.source_combo.currentData())

    def _update_count(self, *_: object) -> None:
        total = self.model.flag_count()
        shown = self.proxy.rowCount()
        if self._result is None:
            self.count_label.setText("")
        elif total == shown:
            self.count_label.setText(
                plural(
                    total, translate("FlagsPanel", "{n} flag"), translate("FlagsPanel", "{n} flags")
                )
            )
        else:
            self.count_label.setText(
                translate("FlagsPanel", "{shown} of {total} flags").format(shown=shown, total=total)
            )
        self.no_match_label.setVisible(total > 0 and shown == 0)
        if total and not shown:  # nothing selected any more: the preview outlines nothing
            self.current_flag_changed.emit(None)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        flag = current.data(FLAG_ROLE) if current.isValid() else None
        self.current_flag_changed.emit(flag)

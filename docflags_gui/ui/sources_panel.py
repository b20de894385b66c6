"""A similarity report's index and sources list; choosing a source filters the flags table."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from docflags_gui.result import ResultDocument, ResultSource
from docflags_gui.ui.i18n import translate

_SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1


class SourcesPanel(QWidget):
    """Emits `source_chosen(n)` when a source is clicked or activated, `None` for all sources."""

    source_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesPanel")
        self.similarity_label = QLabel(self)
        self.similarity_label.setObjectName("similarityIndex")
        self.similarity_label.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("sourcesList")
        self.tree.setAccessibleName(translate("SourcesPanel", "Sources"))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderLabels(
            [
                translate("SourcesPanel", "#"),
                translate("SourcesPanel", "Source"),
                translate("SourcesPanel", "Type"),
                translate("SourcesPanel", "Match"),
            ]
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.show_all_button = QPushButton(translate("SourcesPanel", "Show all sources"), self)
        self.show_all_button.setObjectName("showAllSources")
        self.show_all_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.similarity_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.show_all_button)
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        self.show_all_button.clicked.connect(self.clear_choice)
        self.set_result(None)

    def has_sources(self) -> bool:
        return self.tree.topLevelItemCount() > 0

    def set_result(self, result: ResultDocument | None) -> None:
        self.tree.clear()
        self.show_all_button.setEnabled(False)
        similarity = result.get("similarity") if result else None
        sources: list[ResultSource] = list(result["sources"]) if result else []
        if similarity is not None:
            self.similarity_label.setText(
                translate("SourcesPanel", "Similarity index <b>{percent}%</b>").format(
                    percent=similarity
                )
            )
        elif sources:
            self.similarity_label.setText(translate("SourcesPanel", "Similarity index not found"))
        else:
            self.similarity_label.setText("")
        for source in sources:
            label = source.get("label")
            if label is None and source.get("percent") is not None:
                label = f"{source['percent']}%"
            item = QTreeWidgetItem(
                [
                    str(source.get("n", "")),
                    source.get("name") or "",
                    source.get("type") or "",
                    label or "",
                ]
            )
            item.setData(0, _SOURCE_ROLE, source.get("n"))
            item.setToolTip(1, source.get("name") or "")
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)

    def choose_source(self, n: int) -> None:
        """Select source `n` as a click would (and filter the table by it)."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(0, _SOURCE_ROLE) == n:
                self.tree.setCurrentItem(item)
                self._on_item(item)
                return

    def show_chosen(self, n: int | None) -> None:
        """Select source `n` (None: none) without filtering again: the filter was set elsewhere."""
        self.tree.clearSelection()
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and n is not None and item.data(0, _SOURCE_ROLE) == n:
                self.tree.setCurrentItem(item)
        self.show_all_button.setEnabled(n is not None)

    def clear_choice(self) -> None:
        self.tree.clearSelection()
        self.show_all_button.setEnabled(False)
        self.source_chosen.emit(None)

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.show_all_button.setEnabled(True)
        self.source_chosen.emit(item.data(0, _SOURCE_ROLE))

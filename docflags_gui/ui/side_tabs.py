"""The tabs above the page: a report's Sources, and the Review of a matched result.

Only the tabs a result has are shown (none: the whole column is the page's). The review's page
scrolls when the column is short, so its progress line and its exclude-sources list are never
clipped; the first time a result has a review, its tab comes to the front.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget

from docflags_gui.ui.i18n import translate
from docflags_gui.ui.review_panel import ReviewPanel
from docflags_gui.ui.sources_panel import SourcesPanel

SOURCES_TAB = 0
REVIEW_TAB = 1
SOURCES_WANTED_HEIGHT = 220  # the index, about eight sources, and Show all sources


class SideTabs(QTabWidget):
    def __init__(self, sources: SourcesPanel, review: ReviewPanel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("sideTabs")
        self.setDocumentMode(True)
        self.setAccessibleName(translate("Workspace", "Sources and review"))
        self.sources_page = sources
        self.review = review
        self.review_page = QScrollArea(self)
        self.review_page.setObjectName("reviewScroll")
        self.review_page.setWidgetResizable(True)
        self.review_page.setFrameShape(QFrame.Shape.NoFrame)
        self.review_page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.review_page.setWidget(review)
        self.addTab(sources, translate("Workspace", "&Sources"))
        self.addTab(self.review_page, translate("Workspace", "&Review"))
        self._had_review = False

    def show_pages(self, sources: bool, review: bool) -> bool:
        """Show the tabs a result has; True when what is shown changed (then the column's
        sizes are worth fitting again)."""
        before = (not self.isHidden(), self.currentIndex(), self._had_review)
        self.setTabVisible(SOURCES_TAB, sources)
        self.setTabVisible(REVIEW_TAB, review)
        if review and not self._had_review:
            self.setCurrentIndex(REVIEW_TAB)
        elif not self.isTabVisible(self.currentIndex()):
            self.setCurrentIndex(SOURCES_TAB if sources else REVIEW_TAB)
        self._had_review = review
        self.setVisible(sources or review)
        after = (not self.isHidden(), self.currentIndex(), self._had_review)
        return after != before and (sources or review)

    def wanted_height(self) -> int:
        """The height that shows the current tab's page whole (the review's wrapped progress
        line at the column's width included)."""
        bar = self.tabBar().sizeHint().height()
        if self.currentIndex() != REVIEW_TAB:
            return bar + SOURCES_WANTED_HEIGHT
        width = max(1, self.width() - 2)
        layout = self.review.layout()
        needed = (
            layout.totalHeightForWidth(width)
            if layout is not None and layout.hasHeightForWidth()
            else self.review.sizeHint().height()
        )
        return bar + needed + 4

"""The review panel: the review's progress and the checkers' exclusion rules for the shown match.

Rules only suggest statuses (shown in italics in the table); applying them matches the
manuscript again with the rules, in a job like any other. The progress line is docflags'
estimate, never the checker's score.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from docflags_gui.review.labels import is_reviewed
from docflags_gui.review.progress import review_progress
from docflags_gui.review.rules import ReviewRules
from docflags_gui.ui.i18n import translate

_SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1
DEFAULT_SMALL_WORDS = 8
SOURCE_ROWS = 5
MIN_SOURCE_ROWS = 3


def progress_words(result: Mapping[str, Any]) -> str:
    """'42 of 57 reviewed · 11 need a fix · flagged words after exclusions ≈ 6.1% …'"""
    progress = review_progress(result)
    parts = [
        translate("ReviewPanel", "{done} of {total} reviewed").format(
            done=progress.reviewed, total=progress.flags
        ),
        translate("ReviewPanel", "{n} need a fix").format(n=progress.needs_fix),
    ]
    if progress.flagged_share is not None:
        parts.append(
            translate(
                "ReviewPanel",
                "flagged words after exclusions ≈ {share}% of the manuscript (docflags' estimate)",
            ).format(share=f"{progress.flagged_share * 100:.1f}")
        )
    return " · ".join(parts)


class ReviewPanel(QWidget):
    """Emits `rules_applied(ReviewRules)` when the user applies the rules to the shown match."""

    rules_applied = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("reviewProgress")
        self.progress_label.setWordWrap(True)
        self.progress_label.setAccessibleName(translate("ReviewPanel", "Review progress"))
        self.quotes = QCheckBox(translate("ReviewPanel", "Exclude quotes"), self)
        self.quotes.setObjectName("excludeQuotes")
        self.quotes.setToolTip(
            translate(
                "ReviewPanel",
                "Inside quotation marks: Quoted & cited when a citation follows, else Needs fix",
            )
        )
        self.bibliography = QCheckBox(translate("ReviewPanel", "Exclude bibliography"), self)
        self.bibliography.setObjectName("excludeBibliography")
        self.bibliography.setToolTip(
            translate(
                "ReviewPanel", "Passages after a References, Bibliography or Daftar Pustaka heading"
            )
        )
        self.small = QCheckBox(translate("ReviewPanel", "Exclude matches under"), self)
        self.small.setObjectName("excludeSmall")
        self.small_words = QSpinBox(self)
        self.small_words.setObjectName("excludeSmallWords")
        self.small_words.setRange(1, 200)
        self.small_words.setValue(DEFAULT_SMALL_WORDS)
        self.small_words.setSuffix(translate("ReviewPanel", " words"))
        self.small_words.setAccessibleName(translate("ReviewPanel", "Fewest words a match needs"))
        self.sources = QListWidget(self)
        self.sources.setObjectName("excludeSources")
        # A few rows, scrolled: the page preview below keeps the room; never fewer than three.
        row = self.fontMetrics().height() + 2
        self.sources.setMaximumHeight(SOURCE_ROWS * row + 8)
        self.sources.setMinimumHeight(MIN_SOURCE_ROWS * row + 8)
        self.sources.setAccessibleName(translate("ReviewPanel", "Sources to exclude"))
        self.sources.setToolTip(
            translate("ReviewPanel", "Tick a source to exclude all its passages")
        )
        self.sources_label = QLabel(translate("ReviewPanel", "Exclude sources:"), self)
        self.sources_label.setBuddy(self.sources)
        self.apply_button = QPushButton(translate("ReviewPanel", "Apply rules"), self)
        self.apply_button.setObjectName("applyRules")
        self.apply_button.setToolTip(
            translate(
                "ReviewPanel", "Match the manuscript again with these rules; decisions are kept"
            )
        )
        # The two checks side by side: the panel shares its column with the page.
        checks_row = QHBoxLayout()
        checks_row.setContentsMargins(0, 0, 0, 0)
        checks_row.addWidget(self.quotes)
        checks_row.addWidget(self.bibliography)
        checks_row.addStretch(1)
        small_row = QHBoxLayout()
        small_row.setContentsMargins(0, 0, 0, 0)
        small_row.addWidget(self.small)
        small_row.addWidget(self.small_words)
        small_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress_label)
        layout.addLayout(checks_row)
        layout.addLayout(small_row)
        layout.addWidget(self.sources_label)
        layout.addWidget(self.sources)
        layout.addWidget(self.apply_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.apply_button.clicked.connect(lambda: self.rules_applied.emit(self.rules()))
        self.set_result(None)

    def focus_chain(self) -> list[QWidget]:
        """The panel's controls in Tab order."""
        return [
            self.quotes,
            self.bibliography,
            self.small,
            self.small_words,
            self.sources,
            self.apply_button,
        ]

    def rules(self) -> ReviewRules:
        excluded = frozenset(
            int(self.sources.item(row).data(_SOURCE_ROLE))
            for row in range(self.sources.count())
            if self.sources.item(row).checkState() == Qt.CheckState.Checked
        )
        return ReviewRules(
            exclude_quotes=self.quotes.isChecked(),
            exclude_bibliography=self.bibliography.isChecked(),
            exclude_small=self.small_words.value() if self.small.isChecked() else 0,
            exclude_sources=excluded,
        )

    def set_result(
        self, result: Mapping[str, Any] | None, rules: ReviewRules | None = None
    ) -> None:
        """Show a result's review (None, or a result that was never matched: nothing to do)."""
        matched = result is not None and isinstance(result.get("manuscript"), Mapping)
        for widget in (self.quotes, self.bibliography, self.small, self.small_words, self.sources):
            widget.setEnabled(matched)
        self.apply_button.setEnabled(matched)
        if result is None or not matched:
            self.progress_label.setText(
                translate(
                    "ReviewPanel", "Match the report with your manuscript (Ctrl+M) to review it."
                )
            )
            self.sources.clear()
            self._show_sources(False)
            return
        if rules is None:
            stored = result.get("review")
            rules = ReviewRules.from_json(
                stored.get("rules") if isinstance(stored, Mapping) else None
            )
        self.quotes.setChecked(rules.exclude_quotes)
        self.bibliography.setChecked(rules.exclude_bibliography)
        self.small.setChecked(bool(rules.exclude_small))
        if rules.exclude_small:
            self.small_words.setValue(rules.exclude_small)
        self.sources.clear()
        numbers = sorted(
            {int(f["source"]) for f in result.get("flags") or [] if f.get("source") is not None}
        )
        names = {s.get("n"): s.get("name") for s in result.get("sources") or []}
        for number in numbers:
            name = names.get(number)
            text = translate("ReviewPanel", "Source {n}").format(n=number) + (
                f": {name}" if name else ""
            )
            item = QListWidgetItem(text, self.sources)
            item.setData(_SOURCE_ROLE, number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = number in rules.exclude_sources
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._show_sources(bool(numbers))
        self.show_progress(result)

    def _show_sources(self, shown: bool) -> None:
        self.sources_label.setVisible(shown)
        self.sources.setVisible(shown)

    def show_progress(self, result: Mapping[str, Any]) -> None:
        if is_reviewed(result) or isinstance(result.get("manuscript"), Mapping):
            self.progress_label.setText(progress_words(result))

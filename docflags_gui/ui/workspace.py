"""The working area: job list over the flags panel | the sources and the review (tabs) over
the page preview and the manuscript, in remembered splitters.

Selecting a job shows its result; selecting a flag shows its page; choosing a source filters.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from docflags_gui.jobs import JobInfo, JobManager, JobState
from docflags_gui.result import ResultDocument, ResultFlag
from docflags_gui.result_digest import ResultDigest
from docflags_gui.ui.flags_panel import FlagsPanel
from docflags_gui.ui.i18n import translate
from docflags_gui.ui.job_list import JobList
from docflags_gui.ui.job_words import is_bad_input, outcome_words
from docflags_gui.ui.manuscript_pane import ManuscriptPane
from docflags_gui.ui.passage_actions import PassageActions
from docflags_gui.ui.preview import PagePreview
from docflags_gui.ui.review_panel import ReviewPanel
from docflags_gui.ui.side_tabs import SideTabs
from docflags_gui.ui.sources_panel import SourcesPanel

JOBS_MIN_HEIGHT = 90
MANUSCRIPT_MIN_HEIGHT = 80
PAGE_MIN_HEIGHT = 140
SIDE_TABS_MIN_HEIGHT = 120
# Of the page column: the most the sources or the review take, the least the page keeps.
SIDE_TABS_SHARE = 0.35
PAGE_SHARE = 0.4


def _titled(
    title: str, content: QWidget, buddy: QWidget, parent: QWidget
) -> tuple[QWidget, QLabel]:
    """A bold title above `content`; its mnemonic (Alt+letter) moves the focus to `buddy`."""
    box = QWidget(parent)
    label = QLabel(title, box)
    label.setBuddy(buddy)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(label)
    layout.addWidget(content, 1)
    return box, label


def _no_result_words(info: JobInfo) -> str:
    """What the page pane says for a job without a result: waiting, running, or why not."""
    if info.state == JobState.QUEUED:
        return translate("Workspace", "This file is waiting for a free worker.")
    if info.state == JobState.RUNNING:
        return translate("Workspace", "This file is being analysed…")
    if is_bad_input(info):  # the file is the problem: running it again cannot help
        return translate("Workspace", "{name} was not analysed.\n\n{why}").format(
            name=info.path.name, why=outcome_words(info)
        )
    return translate(
        "Workspace",
        "{name} was not analysed.\n\n{why}\n\nRetry it with Ctrl+R, or read its log with Ctrl+L.",
    ).format(name=info.path.name, why=outcome_words(info))


class Workspace(QWidget):
    shown_changed = Signal(str)  # the file name whose result is shown ("" for none)

    def __init__(self, manager: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        self.job_list = JobList(manager, self)
        self.flags_panel = FlagsPanel(self)
        self.sources_panel = SourcesPanel(self)
        self.preview = PagePreview(self)
        self._shown_job: str | None = None
        # Results of jobs that just ended, waiting for the next loop turn to be shown.
        self._pending_shows = 0
        # True while a result is shown because its job ended (not because it was chosen).
        self._showing_by_itself = False
        # The PDF of a result opened from the history (no job behind it), for the preview.
        self._stored_path: Path | None = None
        # Puts the history's review decisions on a result about to be shown (set by review).
        self.before_show: Callable[[ResultDocument | None], None] = lambda _result: None
        self.review_panel = ReviewPanel(self)

        jobs_box, self.jobs_title = _titled(
            translate("Workspace", "&Jobs"), self.job_list, self.job_list, self
        )
        flags_box, self.flags_title = _titled(
            translate("Workspace", "Flagged &passages"),
            self.flags_panel,
            self.flags_panel.table,
            self,
        )
        # The sources and the review share one place above the page, as tabs: stacked, the
        # review squeezed the page (and itself) in a window of ordinary height.
        self.side_tabs = SideTabs(self.sources_panel, self.review_panel, self)
        self.sources_box = self.side_tabs.sources_page
        self.review_box = self.side_tabs.review_page
        self.side_tabs.currentChanged.connect(lambda _index: self._fit_side_column())
        preview_box, _ = _titled(translate("Workspace", "Page"), self.preview, self.preview, self)
        # A matched result: the selected passage in its manuscript paragraph, below the page.
        self.manuscript_pane = ManuscriptPane(self)
        self.manuscript_box, _ = _titled(
            translate("Workspace", "Manuscript"), self.manuscript_pane, self.manuscript_pane, self
        )
        self.manuscript_box.setVisible(False)
        jobs_box.setMinimumHeight(JOBS_MIN_HEIGHT)

        # Two columns that share every extra pixel: the jobs above the passages (the list is
        # short; the passages need the width), and the sources above the page. At 1024 px the
        # passages' Text column and a readable page both fit; on a big screen both grow.
        self.left_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.left_splitter.setObjectName("leftSplitter")
        self.left_splitter.addWidget(jobs_box)
        self.left_splitter.addWidget(flags_box)
        self.left_splitter.setStretchFactor(0, 0)
        self.left_splitter.setStretchFactor(1, 1)
        self.side_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.side_splitter.setObjectName("sideSplitter")
        self.side_splitter.addWidget(self.side_tabs)
        self.side_splitter.addWidget(preview_box)
        self.side_splitter.addWidget(self.manuscript_box)
        self.side_splitter.setStretchFactor(0, 0)
        self.side_splitter.setStretchFactor(1, 1)
        self.side_splitter.setStretchFactor(2, 0)
        preview_box.setMinimumHeight(PAGE_MIN_HEIGHT)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.left_splitter)
        self.main_splitter.addWidget(self.side_splitter)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([560, 440])
        self.left_splitter.setSizes([170, 630])
        self.side_splitter.setSizes([200, 600, 0])
        for splitter in (self.main_splitter, self.left_splitter, self.side_splitter):
            splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.main_splitter)
        self.side_tabs.setVisible(False)

        self.job_list.current_job_changed.connect(self.show_job)
        self.flags_panel.current_flag_changed.connect(self._show_flag)
        self.sources_panel.source_chosen.connect(self.flags_panel.set_source_filter)
        # The source filter, however set (list, combo, menu), selects that source in the list.
        self.flags_panel.source_filter_changed.connect(self.sources_panel.show_chosen)
        self.passage_actions = PassageActions(self.flags_panel, self.shown_pdf_path)
        self._set_tab_order()
        manager.job_finished.connect(self._on_job_finished)
        manager.jobs_finished.connect(self._on_jobs_finished)

    # -- what is shown -------------------------------------------------------------------------
    def shown_job(self) -> JobInfo | None:
        return self.manager.job(self._shown_job) if self._shown_job else None

    def show_job(self, job_id: str | None) -> None:
        info = self.manager.job(job_id) if job_id else None
        self._shown_job = job_id
        self._stored_path = None
        result: ResultDocument | None = (
            info.result if info and info.state == JobState.SUCCESS else None
        )
        if self._showing_by_itself and result is not None:
            self._paint_table_later()
        self._show_result(result, info.digest if info else None)
        self.shown_changed.emit(info.path.name if info else "")
        if info is None:
            self.flags_title.setText(translate("Workspace", "Flagged &passages"))
            self.preview.clear()
            return
        self.flags_title.setText(
            translate("Workspace", "Flagged &passages in {name}").format(name=info.path.name)
        )
        if result is None:
            self.preview.show_message(_no_result_words(info))
        elif not result.get("flags"):
            self.preview.show_message(
                translate("Workspace", "No flagged passages were found in this file.")
            )
        elif self._showing_by_itself:
            # Shown because its job ended: its first passage (and page) on the next loop turn.
            self._pending_shows += 1
            QTimer.singleShot(0, self, lambda: self._select_first_row_of(job_id))
        else:
            self.flags_panel.table.select_first_row()

    def _select_first_row_of(self, job_id: str | None) -> None:
        self._pending_shows -= 1
        if job_id == self._shown_job and not self.flags_panel.table.currentIndex().isValid():
            self.flags_panel.table.select_first_row()

    def show_stored_result(self, path: Path, result: ResultDocument) -> None:
        """A result from the history (no job in the manager), shown like a job's result."""
        # No job stays selected: choosing any job afterwards shows it again, and Export acts on
        # the result shown, not on a job picked earlier.
        self.job_list.clearSelection()
        self.job_list.clear_current()
        self._shown_job = None
        self._stored_path = path
        self.shown_changed.emit(path.name)
        self._show_result(result)
        self.flags_title.setText(
            translate("Workspace", "Flagged &passages in {name} (from history)").format(
                name=path.name
            )
        )
        if result.get("flags"):
            self.flags_panel.table.select_first_row()
        else:
            self.preview.show_message(
                translate("Workspace", "No flagged passages were found in this file.")
            )

    def _paint_table_later(self) -> None:
        """The table paints a result that showed by itself on a loop turn of its own: painted
        in the turn that showed it, a 10,000-row table stalled the window 40-60 ms."""
        table = self.flags_panel.table
        if table.updatesEnabled():
            table.setUpdatesEnabled(False)
            self._pending_shows += 1
            QTimer.singleShot(0, self, self._paint_table_now)

    def _paint_table_now(self) -> None:
        self._pending_shows -= 1
        self.flags_panel.table.setUpdatesEnabled(True)

    def _show_result(
        self, result: ResultDocument | None, digest: ResultDigest | None = None
    ) -> None:
        self.before_show(result)
        self.flags_panel.set_result(result, digest)
        self.sources_panel.set_result(result)
        self.review_panel.set_result(result)
        matched = result is not None and isinstance(result.get("manuscript"), dict)
        if self.side_tabs.show_pages(self.sources_panel.has_sources(), matched):
            self._fit_side_column()

    def shown_pdf_path(self) -> Path | None:
        """The PDF whose passages are shown (a job's, or a stored result's)."""
        info = self.shown_job()
        return info.path if info else self._stored_path

    def _set_tab_order(self) -> None:
        """Tab goes left to right, top to bottom: jobs, the filters, the passages, the sources,
        the page."""
        panel = self.flags_panel
        chain = [
            self.job_list,
            panel.search_box,
            panel.kind_combo,
            panel.color_combo,
            panel.source_combo,
            panel.table,
            self.side_tabs.tabBar(),
            self.sources_panel.tree,
            self.sources_panel.show_all_button,
            *self.review_panel.focus_chain(),
            self.preview,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _show_flag(self, flag: ResultFlag | None) -> None:
        info = self.shown_job()
        path = self.shown_pdf_path()
        self.preview.show_flag(path if flag else None, flag)
        manuscript = info.manuscript if info else None
        matched = manuscript is not None and flag is not None and "match" in flag
        if not matched:
            self.manuscript_box.setVisible(False)
        elif manuscript is not None and flag is not None:
            self._reveal_manuscript()
            self.manuscript_pane.show_match(manuscript, flag.get("match"))

    def _reveal_manuscript(self) -> None:
        """Show the manuscript pane below the page (it starts folded away)."""
        if self.manuscript_box.isVisibleTo(self):
            return
        self.manuscript_box.setVisible(True)
        self._fit_side_column()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            # Once the splitter has its new height: a shorter window takes its share from
            # every pane, not all from the page (the splitter's own way).
            QTimer.singleShot(0, self, self._fit_side_column)

    def _fit_side_column(self) -> None:
        """Share the page column: the tabs as tall as their page needs (at most
        SIDE_TABS_SHARE; the review scrolls), the manuscript a quarter, the page the rest and
        never less than PAGE_SHARE (the others give way, the tabs first)."""
        sizes = self.side_splitter.sizes()
        column = sum(sizes)
        if column <= 0:  # not laid out yet: the splitter's defaults stand
            return
        tabs = 0
        if not self.side_tabs.isHidden():
            tabs = min(self.side_tabs.wanted_height(), round(column * SIDE_TABS_SHARE))
        manuscript = 0
        if not self.manuscript_box.isHidden():
            manuscript = max(MANUSCRIPT_MIN_HEIGHT, column // 4)
        short = round(column * PAGE_SHARE) - (column - tabs - manuscript)
        if short > 0:
            cut = min(short, max(0, tabs - SIDE_TABS_MIN_HEIGHT))
            tabs -= cut
            manuscript -= min(short - cut, max(0, manuscript - MANUSCRIPT_MIN_HEIGHT))
        self.side_splitter.setSizes([tabs, column - tabs - manuscript, manuscript])

    def _on_job_finished(self, job_id: str, state: object, _summary: object) -> None:
        # The first result is shown by itself (failures say so in their row); later ones wait
        # to be chosen. Either way on the next loop turn: the history's write of this result
        # and the other listeners of job_finished come first, so the event loop gets a breath
        # between (showing a 10,000-flag result is the longest step the window takes).
        nothing_shown = self.job_list.current_job_id() is None and self._stored_path is None
        if nothing_shown and state == JobState.SUCCESS:
            self._pending_shows += 1
            QTimer.singleShot(0, self, lambda: self._show_if_nothing_is(job_id))
        elif job_id == self._shown_job:
            self._pending_shows += 1
            QTimer.singleShot(0, self, lambda: self._show_again_if_shown(job_id))

    def _on_jobs_finished(self, ended: list[tuple[str, JobState, object]]) -> None:
        """Jobs cancelled together: none has a result to show; the shown one says it ended."""
        for job_id, state, summary in ended:
            if job_id == self._shown_job:
                self._on_job_finished(job_id, state, summary)

    def has_pending_show(self) -> bool:
        """A job ended and its result is about to be shown (on the event loop's next turn)."""
        return self._pending_shows > 0

    def _show_if_nothing_is(self, job_id: str) -> None:
        self._pending_shows -= 1
        # A stored result the user is looking at (a re-dropped file) is something: it stays.
        if self.job_list.current_job_id() is None and self._stored_path is None:
            self._showing_by_itself = True
            try:
                self.job_list.select_job(job_id)
            finally:
                self._showing_by_itself = False

    def _show_again_if_shown(self, job_id: str) -> None:
        self._pending_shows -= 1
        if job_id == self._shown_job:
            self._showing_by_itself = True
            try:
                self.show_job(job_id)
            finally:
                self._showing_by_itself = False

    def selected_jobs(self) -> list[JobInfo]:
        """The selected jobs that have a result (for export), else the shown one."""
        infos = [self.manager.job(j) for j in self.job_list.selected_job_ids()]
        done = [i for i in infos if i.state == JobState.SUCCESS and i.result is not None]
        if done:
            return done
        shown = self.shown_job()
        return [shown] if shown and shown.result is not None else []

    # -- remembered layout ---------------------------------------------------------------------
    def _splitters(self) -> tuple[tuple[str, QSplitter], ...]:
        # Keys of the two-column layout (the three-column one's sizes do not fit it).
        return (
            ("window/columns_splitter", self.main_splitter),
            ("window/left_splitter", self.left_splitter),
            # Tabs, page, manuscript (a new key: the stacked layout's four sizes do not fit).
            ("window/side_column", self.side_splitter),
        )

    def save_state(self, settings: QSettings) -> None:
        for key, splitter in self._splitters():
            settings.setValue(key, splitter.saveState())
        header = self.flags_panel.table.horizontalHeader()
        settings.setValue("window/flags_header", header.saveState())

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in self._splitters():
            value = settings.value(key)
            if isinstance(value, QByteArray):
                splitter.restoreState(value)
        header_state = settings.value("window/flags_header")
        if isinstance(header_state, QByteArray):
            self.flags_panel.table.horizontalHeader().restoreState(header_state)

    def shutdown(self) -> None:
        self.preview.shutdown()
        self.manuscript_pane.shutdown()

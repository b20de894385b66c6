"""Review in the window: a status for each flag (number keys 1-8, the Review menu), a note, the
rules panel, and File > Save annotated manuscript….

Decisions are written to the history by its writer thread (the window never waits) and put on
the shown result at once; they are kept by the passage's identity in its report, so they come
back after a restart and on a re-analysis. Applying rules matches the manuscript again (a job);
the annotated copy is written by the worker (a job of kind annotate).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from docflags_gui import paths
from docflags_gui.jobs import JobInfo, JobManager, JobState
from docflags_gui.result import ResultDocument
from docflags_gui.review.annotate import copy_suffix
from docflags_gui.review.entries import Decision, passage_key, set_decisions
from docflags_gui.review.rules import ReviewRules
from docflags_gui.review.statuses import Status
from docflags_gui.runner.spec import ANNOTATE, JobSpec, OptionValue
from docflags_gui.ui.flags_panel import FlagsPanel
from docflags_gui.ui.flags_view import FlagsTableView
from docflags_gui.ui.i18n import translate
from docflags_gui.ui.match_controller import MatchController
from docflags_gui.ui.status_words import flag_status, status_words
from docflags_gui.ui.workspace import Workspace

if TYPE_CHECKING:
    from docflags_gui.store.history import HistoryStore

log = logging.getLogger(__name__)


class ReviewHost(Protocol):
    """What the review needs from the window it is in."""

    manager: JobManager
    workspace: Workspace
    flags_panel: FlagsPanel
    flags_table: FlagsTableView
    matcher: MatchController
    file_menu: QMenu
    view_menu: QMenu

    def show_notice(self, text: str) -> None: ...


def install_review(
    host: ReviewHost, window: QMainWindow, store: HistoryStore | None
) -> ReviewController:
    """Give the window its review: the Review menu (before View), File > Save Annotated
    Manuscript… (before the file menu's last separator), and the history for decisions."""
    controller = ReviewController(host, window)
    menu = QMenu(translate("ReviewController", "Re&view"), window)
    window.menuBar().insertMenu(host.view_menu.menuAction(), menu)
    controller.build_menu(menu)
    separators = [action for action in host.file_menu.actions() if action.isSeparator()]
    controller.add_save_action(host.file_menu, separators[-1] if separators else None)
    if store is not None:
        controller.attach_store(store)
    return controller


class ReviewController(QObject):
    def __init__(self, host: ReviewHost, window: QWidget) -> None:
        """`host` has the jobs and what is shown; `window` holds the dialogs."""
        super().__init__(window)
        self.host = host
        self.window = window
        self.manager = host.manager
        self.store: HistoryStore | None = None
        # Replaced by tests: the note to write, and where to save the annotated copy.
        self.ask_note: Any = self._ask_note
        self.ask_copy_path: Any = self._ask_copy_path
        self._handover: dict[str, Path] = {}  # annotate job -> its reviewed-result file
        self.status_actions: dict[Status, QAction] = {}
        self.manager.job_finished.connect(self._on_job_finished)
        self.manager.jobs_finished.connect(self._on_jobs_finished)
        self.manager.stopped.connect(self.shutdown)
        self.host.workspace.review_panel.rules_applied.connect(self.apply_rules)
        self.host.workspace.before_show = self.decorate

    def attach_store(self, store: HistoryStore) -> None:
        """The history the decisions are kept in (none: they last as long as the window)."""
        self.store = store

    # -- menus ---------------------------------------------------------------------------------
    def build_menu(self, menu: QMenu) -> None:
        """The Review menu: one action per status (number keys while the passages have the
        focus), a note, and the annotated copy."""
        table = self.host.flags_table
        for status in Status:
            action = menu.addAction(status_words(status))
            action.setShortcut(QKeySequence(str(status.key)))
            # Only while the passages table has the focus: digits typed elsewhere stay digits.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, s=status: self.set_status(s))
            table.addAction(action)
            self.status_actions[status] = action
        menu.addSeparator()
        note = menu.addAction(translate("ReviewController", "&Note…"))
        note.setShortcut(QKeySequence("N"))
        note.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        note.triggered.connect(lambda _checked=False: self.edit_note())
        table.addAction(note)
        self.note_action = note

    def add_save_action(self, file_menu: QMenu, before: QAction | None) -> QAction:
        action = QAction(translate("ReviewController", "Save &Annotated Manuscript…"), file_menu)
        action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        action.triggered.connect(lambda _checked=False: self.save_annotated())
        if before is not None:
            file_menu.insertAction(before, action)
        else:
            file_menu.addAction(action)
        self.save_action = action
        return action

    # -- decisions -----------------------------------------------------------------------------
    def decorate(self, result: ResultDocument | None) -> None:
        """Put the history's decisions on a result about to be shown (in place)."""
        if result is None or self.store is None or not isinstance(result.get("sha256"), str):
            return
        try:
            decisions = self.store.review_decisions(result["sha256"])
        except Exception as exc:  # a read failing must not stop the result being shown
            log.warning("review decisions not read: %s", exc)
            return
        if decisions:
            set_decisions(result, decisions)

    def set_status(self, status: Status) -> None:
        self._decide(lambda flag: Decision(status, _note_of(flag)))

    def edit_note(self) -> None:
        flags = self.host.flags_table.selected_flags()
        if not flags:
            return
        note = self.ask_note(_note_of(flags[0]))
        if note is None:
            return
        self._decide(lambda flag: Decision(flag_status(flag), note.strip()))

    def _decide(self, decide: Any) -> None:
        panel = self.host.flags_panel
        result = panel.result
        flags = self.host.flags_table.selected_flags()
        if result is None or not flags:
            self.host.show_notice(
                translate("ReviewController", "Select the passages to review first.")
            )
            return
        decisions = {passage_key(flag): decide(flag) for flag in flags}
        set_decisions(result, decisions)
        panel.model.statuses_changed()
        self.host.workspace.review_panel.show_progress(result)
        sha256 = result.get("sha256")
        if self.store is not None and isinstance(sha256, str):
            future = self.store.later(self.store.record_review_decisions, sha256, decisions)
            future.add_done_callback(_log_failure)
        count = len(decisions)
        status = decisions[next(iter(decisions))].status
        self.host.show_notice(
            translate("ReviewController", "{n} passage(s): {status}").format(
                n=count, status=status_words(status)
            )
        )

    # -- rules ---------------------------------------------------------------------------------
    def apply_rules(self, rules: ReviewRules) -> None:
        info = self._shown_match()
        if info is None or info.manuscript is None:
            self.host.show_notice(
                translate("ReviewController", "Match the report with your manuscript first.")
            )
            return
        report_job = info.report_job or info.job_id
        extra: dict[str, OptionValue] = {"review_rules": json.dumps(rules.to_json())}
        self.host.matcher.match_job(report_job, info.manuscript, extra)

    # -- annotated copy ------------------------------------------------------------------------
    def save_annotated(self) -> None:
        info = self._shown_match()
        result = self.host.flags_panel.result
        if info is None or info.manuscript is None or result is None:
            self.host.show_notice(
                translate(
                    "ReviewController",
                    "Match the report with your manuscript first (Ctrl+M), then save its copy.",
                )
            )
            return
        manuscript = info.manuscript
        suggested = manuscript.with_name(f"{manuscript.stem}-annotated{copy_suffix(manuscript)}")
        target = self.ask_copy_path(suggested)
        if target is None:
            return
        handover = paths.cache_dir() / f"annotate-{uuid.uuid4().hex}.json"
        try:
            handover.parent.mkdir(parents=True, exist_ok=True)
            handover.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            self.host.show_notice(
                translate("ReviewController", "The copy could not be started: {why}").format(
                    why=exc.strerror or exc
                )
            )
            return
        options: dict[str, OptionValue] = {"report_result": str(handover), "output": str(target)}
        job_id = self.manager.submit(
            info.path, JobSpec(ANNOTATE, manuscript, options), report_job=info.report_job
        )
        self._handover[job_id] = handover

    def _on_jobs_finished(self, ended: list[tuple[str, JobState, object]]) -> None:
        for job_id, state, summary in ended:
            if job_id in self._handover:
                self._on_job_finished(job_id, state, summary)

    def _on_job_finished(self, job_id: str, state: object, _summary: object) -> None:
        handover = self._handover.pop(job_id, None)
        if handover is None:
            return
        handover.unlink(missing_ok=True)
        info = self.manager.job(job_id)
        if state != JobState.SUCCESS or info.result is None:
            self.host.show_notice(
                translate("ReviewController", "The annotated copy was not written: {why}").format(
                    why=info.error or state
                )
            )
            return
        annotated: Mapping[str, Any] = info.result.get("annotated") or {}
        self._offer_copy(Path(str(annotated.get("file"))), int(annotated.get("passages") or 0))

    def _offer_copy(self, copy: Path, passages: int) -> None:
        self.host.show_notice(
            translate("ReviewController", "Saved {name}: {n} passage(s) annotated.").format(
                name=copy.name, n=passages
            )
        )
        if not self.window.isVisible():
            return
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(translate("ReviewController", "Annotated copy saved"))
        box.setText(
            translate("ReviewController", "{name} holds {n} annotated passage(s).").format(
                name=copy.name, n=passages
            )
        )
        open_button = box.addButton(
            translate("ReviewController", "Open"), QMessageBox.ButtonRole.AcceptRole
        )
        folder_button = box.addButton(
            translate("ReviewController", "Show in Folder"), QMessageBox.ButtonRole.ActionRole
        )
        box.addButton(translate("ReviewController", "Close"), QMessageBox.ButtonRole.RejectRole)
        box.setModal(False)

        def clicked(button: object) -> None:
            if button is open_button:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
            elif button is folder_button:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy.parent)))

        box.buttonClicked.connect(clicked)
        box.show()

    def shutdown(self) -> None:
        for handover in self._handover.values():
            handover.unlink(missing_ok=True)
        self._handover.clear()

    # -- helpers -------------------------------------------------------------------------------
    def _shown_match(self) -> JobInfo | None:
        info = self.host.workspace.shown_job()
        if info is None or info.kind not in ("match", "annotate"):
            return None
        return info

    def _ask_note(self, current: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(
            self.window,
            translate("ReviewController", "Note"),
            translate("ReviewController", "A note on the selected passages:"),
            current,
        )
        return text if ok else None

    def _ask_copy_path(self, suggested: Path) -> Path | None:
        suffix = suggested.suffix
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            translate("ReviewController", "Save Annotated Manuscript"),
            str(suggested),
            f"*{suffix}",
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_suffix(suffix)


def _note_of(flag: Mapping[str, Any]) -> str:
    review = flag.get("review")
    return str(review.get("note") or "") if isinstance(review, Mapping) else ""


def _log_failure(future: Any) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("a review decision was not saved: %s", exc)

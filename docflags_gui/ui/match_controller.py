"""Match in the window: a report dropped with its manuscript, or Match with Manuscript… (Ctrl+M).

A match is a job like an analysis (own row, progress "Matching 120/340", cancel), run by the
same manager and worker; its input is the report's result, handed over in a file in the cache
folder that is removed when the window closes. A report dropped with its manuscript is analysed
first (or its finished analysis in this window is used), then matched.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox, QWidget

from docflags_gui import paths
from docflags_gui.hashing import file_sha256
from docflags_gui.jobs import JobState
from docflags_gui.matching import DEFAULT_MIN_SCORE
from docflags_gui.matching.readers import FORMATS
from docflags_gui.matching.report_guess import pick_report
from docflags_gui.runner.spec import MATCH, JobSpec, OptionValue
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from docflags_gui.jobs import JobManager
    from docflags_gui.ui.job_list import JobList
    from docflags_gui.ui.workspace import Workspace


class MatchHost(Protocol):
    """What matching needs from the window it is in."""

    manager: JobManager
    workspace: Workspace
    job_list: JobList

    def show_notice(self, text: str) -> None: ...


log = logging.getLogger(__name__)

MANUSCRIPT_FILTER = QT_TRANSLATE_NOOP(
    "MatchController", "Manuscripts (*.docx *.odt *.pdf *.txt *.md *.markdown);;All files (*)"
)
_TEXT_FORMATS = {suffix for suffix, kind in FORMATS.items() if kind != "pdf"}


class MatchController(QObject):
    def __init__(self, host: MatchHost, window: QWidget) -> None:
        """`host` has the jobs and what is shown; `window` holds the dialogs."""
        super().__init__(window)
        self.host = host
        self.window = window
        self.manager = host.manager
        # Replaced by tests: which file the user picks, and which of two PDFs is the report.
        self.ask_manuscript: Callable[[], Path | None] = self._ask_manuscript
        self.ask_which_report: Callable[[Path, Path], Path | None] = self._ask_which_report
        self._waiting: dict[str, Path] = {}  # analysis job -> manuscript to match once it ends
        # The report results handed to match jobs; kept until the window closes, as a retry
        # (Re-analyse, or an automatic one) runs the same spec again.
        self._handover: list[Path] = []
        self.manager.job_finished.connect(self._on_job_finished)
        self.manager.jobs_finished.connect(self._on_jobs_finished)

    # -- what a drop holds -----------------------------------------------------------------------
    def take_pairs(self, dropped: Sequence[Path]) -> list[Path]:
        """Start the match of a report dropped with its manuscript; returns the paths left
        for the usual intake (all of them when the drop is not such a pair)."""
        files = list(dropped)
        if len(files) != 2 or not all(f.is_file() for f in files):
            return files
        texts = [f for f in files if f.suffix.lower() in _TEXT_FORMATS]
        pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
        if len(texts) == 1 and len(pdfs) == 1:
            self.start_pair(pdfs[0], texts[0])
            return []
        if len(pdfs) == 2:
            pair = pick_report(pdfs[0], pdfs[1])
            if pair is None and self.window.isVisible():
                report = self.ask_which_report(pdfs[0], pdfs[1])
                if report is not None:
                    pair = (report, pdfs[1] if report == pdfs[0] else pdfs[0])
            if pair is not None:
                self.start_pair(*pair)
                return []
        return files

    def start_pair(self, report: Path, manuscript: Path) -> None:
        """Match `manuscript` against `report`: at once when this window has its analysis."""
        analysed = [
            info
            for info in self.manager.jobs()
            if info.kind == "analyze"
            and info.path.resolve() == report.resolve()
            and info.state is JobState.SUCCESS
        ]
        if analysed:
            self.match_job(analysed[-1].job_id, manuscript)
            return
        job_id = self.manager.submit(report)
        self._waiting[job_id] = manuscript
        self.host.show_notice(
            translate(
                "MatchController", "{report} is analysed first, then matched with {manuscript}."
            ).format(report=report.name, manuscript=manuscript.name)
        )

    # -- Match with Manuscript… ----------------------------------------------------------------
    def match_current(self) -> None:
        info = self.host.workspace.shown_job()
        if info is None or info.state is not JobState.SUCCESS or info.result is None:
            self.host.show_notice(
                translate("MatchController", "Choose a finished analysis first, then match it.")
            )
            return
        manuscript = self.ask_manuscript()
        if manuscript is not None:
            self.match_job(info.report_job or info.job_id, manuscript)

    def match_job(
        self, job_id: str, manuscript: Path, extra: Mapping[str, OptionValue] | None = None
    ) -> str | None:
        """Queue the match of finished job `job_id`'s result with `manuscript` (`extra`: more
        options of the match kind, e.g. the review's rules)."""
        info = self.manager.job(job_id)
        if info.result is None:
            return None
        handover = paths.cache_dir() / f"match-{uuid.uuid4().hex}.json"
        try:
            handover.parent.mkdir(parents=True, exist_ok=True)
            handover.write_text(json.dumps(info.result, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            self.host.show_notice(
                translate("MatchController", "The match could not start: {why}").format(
                    why=exc.strerror or exc
                )
            )
            return None
        options: dict[str, OptionValue] = {
            "report_result": str(handover),
            "min_score": DEFAULT_MIN_SCORE,
            **self._review_of_last_match(job_id, manuscript),
            **(extra or {}),
        }
        match_id = self.manager.submit(
            info.path, JobSpec(MATCH, manuscript, options), report_job=job_id
        )
        self._handover.append(handover)
        return match_id

    def _review_of_last_match(self, job_id: str, manuscript: Path) -> dict[str, OptionValue]:
        """Matching again: the last match's review rules go on, and a manuscript other than
        the one it was made with is a revision (passages gone are suggested Fixed)."""
        done = [
            info.result
            for info in self.manager.jobs()
            if info.kind == "match" and info.report_job == job_id and info.result is not None
        ]
        if not done:
            return {}
        last = done[-1]
        review = last.get("review")
        options: dict[str, OptionValue] = {}
        if isinstance(review, dict) and isinstance(review.get("rules"), dict):
            options["review_rules"] = json.dumps(review["rules"])
        before = last.get("manuscript")
        try:
            changed = isinstance(before, dict) and before.get("sha256") != file_sha256(manuscript)
        except OSError:
            changed = False  # the match job says why the file cannot be read
        if changed:
            options["revision"] = True
        return options

    # -- jobs ending -------------------------------------------------------------------------------
    def _on_job_finished(self, job_id: str, state: object, _summary: object) -> None:
        if self.manager.job(job_id).kind == "match" and state == JobState.SUCCESS:
            self._show_match(job_id)
        manuscript = self._waiting.pop(job_id, None)
        if manuscript is None:
            return
        if state == JobState.SUCCESS:
            self.match_job(job_id, manuscript)
        else:
            self.host.show_notice(
                translate(
                    "MatchController", "{name} was not matched: its report could not be analysed."
                ).format(name=manuscript.name)
            )

    def _on_jobs_finished(self, ended: list[tuple[str, JobState, object]]) -> None:
        """Jobs cancelled together (none a success): only the reports a match waited for."""
        for job_id, state, summary in ended:
            if job_id in self._waiting:
                self._on_job_finished(job_id, state, summary)

    def _show_match(self, job_id: str) -> None:
        """A finished match replaces its report's analysis, or an earlier match of the same
        report (rules applied), on screen; and shows when nothing else is."""
        shown = self.host.workspace.shown_job()
        report_job = self.manager.job(job_id).report_job
        if shown is None or report_job in (shown.job_id, shown.report_job):
            self.host.job_list.select_job(job_id)

    def shutdown(self) -> None:
        for handover in self._handover:
            handover.unlink(missing_ok=True)
        self._handover.clear()

    # -- asking ------------------------------------------------------------------------------------
    def _ask_manuscript(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            translate("MatchController", "Match with Manuscript"),
            str(Path.home()),
            translate("MatchController", MANUSCRIPT_FILTER),
        )
        return Path(name) if name else None

    def _ask_which_report(self, first: Path, second: Path) -> Path | None:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(translate("MatchController", "Which file is the report?"))
        box.setText(
            translate(
                "MatchController",
                "Two PDFs were dropped. Which one is the report with the flagged passages?",
            )
        )
        box.setInformativeText(
            translate("MatchController", "The other one is matched against it as your manuscript.")
        )
        choices: list[tuple[QAbstractButton, Path]] = [
            (box.addButton(path.name, QMessageBox.ButtonRole.AcceptRole), path)
            for path in (first, second)
        ]
        box.addButton(
            translate("MatchController", "Analyse Both"), QMessageBox.ButtonRole.RejectRole
        )
        box.exec()
        clicked = box.clickedButton()
        return next((path for button, path in choices if button is clicked), None)

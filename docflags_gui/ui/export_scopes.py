"""What File > Export… can export: the selected jobs, the analyses selected in the History, or the
rows the flags table shows (its filters and order), each as docflags/1 results plus their PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from docflags_gui.result import ResultDocument
from docflags_gui.ui.i18n import plural, translate

if TYPE_CHECKING:
    from docflags_gui.jobs import JobInfo
    from docflags_gui.ui.flags_panel import FlagsPanel
    from docflags_gui.ui.history_view import HistoryView


class ExportHost(Protocol):
    """What File > Export… needs from the window it is in."""

    settings: QSettings
    flags_panel: FlagsPanel

    def selected_jobs(self) -> list[JobInfo]:
        """The selected finished jobs, else the job shown."""
        ...

    def shown_pdf_path(self) -> Path | None:
        """The PDF of the result the flags table shows."""
        ...

    def shown_history(self) -> HistoryView | None:
        """The History view when it is open."""
        ...

    def show_notice(self, text: str) -> None: ...


@dataclass(frozen=True)
class ExportScope:
    """One thing the user can export: docflags/1 results plus the PDFs they came from."""

    scope: str  # "jobs", "history" or "view"
    label: str
    results: list[ResultDocument]
    pdf_paths: dict[str, Path] = field(default_factory=dict)
    suggested_stem: str = "docflags-export"
    filtered: bool = False

    @property
    def flag_count(self) -> int:
        return sum(len(r.get("flags") or []) for r in self.results)


def selected_jobs_scope(window: ExportHost) -> ExportScope | None:
    """Every flag of the selected finished jobs (or of the job shown when none is selected)."""
    jobs = [job for job in window.selected_jobs() if job.result is not None]
    if not jobs:
        return None
    results = [job.result for job in jobs if job.result is not None]
    pdf_paths = {r["sha256"]: job.path for job, r in zip(jobs, results, strict=True)}
    names = [job.path.name for job in jobs]
    wording = (
        translate("ExportSources", "All {flags} of {name}"),
        translate("ExportSources", "All {flags} of the {count} selected files"),
        "files",
    )
    return _all_flags_of("jobs", results, names, pdf_paths, wording)


def table_view_scope(window: ExportHost) -> ExportScope | None:
    """The rows the flags table shows now: its filters applied, in its sort order."""
    panel = window.flags_panel
    result = panel.result
    if result is None:
        return None
    proxy = panel.proxy
    visible = [proxy.flag_at(row) for row in range(proxy.rowCount())]
    total = len(result["flags"])
    shown = result.copy()
    shown["flags"] = visible
    name = result["file"] or "document"
    if proxy.is_filtering():
        # Said in the export itself, so whoever reads it knows passages were left out.
        note = f"exported from a filtered table: {len(visible)} of {total} flagged passages"
        shown["warnings"] = [*result["warnings"], f"{note} ({_describe(proxy)})"]
        label = translate(
            "ExportScopes",
            "The {shown} of {total} passages of {name} that the filtered table shows",
        ).format(shown=len(visible), total=total, name=name)
    else:
        label = translate("ExportSources", "The {flags} of {name} in the table's order").format(
            flags=count_passages(len(visible)), name=name
        )
    pdf_paths: dict[str, Path] = {}
    path = window.shown_pdf_path()
    if path is not None:
        pdf_paths[result["sha256"]] = path
    stem = Path(name).stem + ("-filtered" if proxy.is_filtering() else "-flags")
    return ExportScope("view", label, [shown], pdf_paths, stem, proxy.is_filtering())


def _describe(proxy: Any) -> str:
    """The table's filters in words: text "dog", kind highlight, colour #ff0000, source 3."""
    parts = []
    if proxy.search_text:
        parts.append(f'text "{proxy.search_text}"')
    if proxy.kind_filter is not None:
        parts.append(f"kind {proxy.kind_filter}")
    if proxy.color_filter is not None:
        parts.append(f"colour {proxy.color_filter}")
    if proxy.source_filter is not None:
        parts.append(f"source {proxy.source_filter}")
    return ", ".join(parts)


def export_scopes(window: ExportHost) -> list[ExportScope]:
    """What File > Export… offers: the selected jobs, the analyses selected in the History, and
    the table's view when it differs from the selected job."""
    jobs = selected_jobs_scope(window)
    history = history_selection_scope(window)
    view = table_view_scope(window)
    if (
        jobs is not None
        and view is not None
        and not view.filtered
        and len(jobs.results) == 1
        and jobs.results[0].get("sha256") == view.results[0].get("sha256")
    ):
        view = None  # the same passages twice
    return [s for s in (jobs, history, view) if s is not None]


def history_selection_scope(window: ExportHost) -> ExportScope | None:
    """Every flag of the analyses selected in the History view, when it is open."""
    view = window.shown_history()
    if view is None:
        return None
    records = [r for r in view.selected_records() if r.has_result]
    store = view.store
    results: list[ResultDocument] = []
    pdf_paths: dict[str, Path] = {}
    names: list[str] = []
    for record in records:
        result = store.get_result(record.id)
        if result is None:
            continue
        results.append(result)
        names.append(record.file)
        if record.path and Path(record.path).is_file():
            pdf_paths[str(result.get("sha256"))] = Path(record.path)
    if not results:
        return None
    wording = (
        translate("ExportSources", "All {flags} of {name}, selected in the History"),
        translate("ExportSources", "All {flags} of the {count} analyses selected in the History"),
        "analyses",
    )
    return _all_flags_of("history", results, names, pdf_paths, wording)


def _all_flags_of(
    scope: str,
    results: list[ResultDocument],
    names: list[str],
    pdf_paths: dict[str, Path],
    wording: tuple[str, str, str],
) -> ExportScope:
    """Whole results; `wording`: the label for one file and for several (translated, with
    {flags}, {name}, {count}), and the word in a suggested file name."""
    one, many, stem_many = wording
    flags = count_passages(sum(len(r.get("flags") or []) for r in results))
    count = len(results)
    if count == 1:
        label, stem = one.format(flags=flags, name=names[0]), f"{Path(names[0]).stem}-flags"
    else:
        label = many.format(flags=flags, count=count)
        stem = f"docflags-{count}-{stem_many}"
    return ExportScope(scope, label, results, pdf_paths, stem)


def count_passages(flags: int) -> str:
    return plural(
        flags,
        translate("ExportSources", "{n} flagged passage"),
        translate("ExportSources", "{n} flagged passages"),
    )


def preferred_scope(window: ExportHost, sources: list[ExportScope]) -> int:
    """The choice the user most likely means: the History's selection when the History has the
    keyboard focus, the filtered table when it is filtered, else the first (selected jobs)."""
    focus = QApplication.focusWidget()
    history = window.shown_history()
    history_has_focus = (
        history is not None
        and focus is not None
        and (focus is history or history.isAncestorOf(focus))
    )
    for index, source in enumerate(sources):
        if source.scope == "history" and history_has_focus:
            return index
    return next((i for i, s in enumerate(sources) if s.scope == "view" and s.filtered), 0)

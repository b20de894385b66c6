"""What File > Export… can export: the selected jobs, the analyses selected in the History, or the
rows the flags table shows (its filters and order), each as docflags/1 results plus their PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QWidget

from docflags_gui.ui.i18n import plural, translate

if TYPE_CHECKING:
    from docflags_gui.ui.main_window import MainWindow


@dataclass(frozen=True)
class ExportSource:
    """One thing the user can export: docflags/1 results plus the PDFs they came from."""

    scope: str  # "jobs", "history" or "view"
    label: str
    results: list[dict[str, Any]]
    pdf_paths: dict[str, Path] = field(default_factory=dict)
    suggested_stem: str = "docflags-export"
    filtered: bool = False

    @property
    def flag_count(self) -> int:
        return sum(len(r.get("flags") or []) for r in self.results)


def selected_jobs_source(window: MainWindow) -> ExportSource | None:
    """Every flag of the selected finished jobs (or of the job shown when none is selected)."""
    jobs = [job for job in window.selected_jobs() if job.result is not None]
    if not jobs:
        return None
    results = [job.result for job in jobs if job.result is not None]
    pdf_paths = {str(r.get("sha256")): job.path for job, r in zip(jobs, results, strict=True)}
    names = [job.path.name for job in jobs]
    wording = (
        translate("ExportSources", "All {flags} of {name}"),
        translate("ExportSources", "All {flags} of the {count} selected files"),
        "files",
    )
    return _all_flags_of("jobs", results, names, pdf_paths, wording)


def table_view_source(window: MainWindow) -> ExportSource | None:
    """The rows the flags table shows now: its filters applied, in its sort order."""
    panel = window.flags_panel
    result = panel.result
    if result is None:
        return None
    proxy = panel.proxy
    visible = [proxy.flag_at(row) for row in range(proxy.rowCount())]
    total = len(result.get("flags") or [])
    shown = dict(result, flags=visible)
    name = str(result.get("file") or "document")
    if proxy.is_filtering():
        # Said in the export itself, so whoever reads it knows passages were left out.
        note = f"exported from a filtered table: {len(visible)} of {total} flagged passages"
        shown["warnings"] = [*(result.get("warnings") or []), f"{note} ({_describe(proxy)})"]
        label = translate(
            "ExportSources",
            "The {shown} of {total} passages of {name} that the filtered table shows",
        ).format(shown=len(visible), total=total, name=name)
    else:
        label = translate("ExportSources", "The {flags} of {name} in the table's order").format(
            flags=count_passages(len(visible)), name=name
        )
    pdf_paths: dict[str, Path] = {}
    path = _shown_pdf_path(window)
    if path is not None:
        pdf_paths[str(result.get("sha256"))] = path
    stem = Path(name).stem + ("-filtered" if proxy.is_filtering() else "-flags")
    return ExportSource("view", label, [shown], pdf_paths, stem, proxy.is_filtering())


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


def export_sources(window: MainWindow) -> list[ExportSource]:
    """What File > Export… offers: the selected jobs, the analyses selected in the History, and
    the table's view when it differs from the selected job."""
    jobs = selected_jobs_source(window)
    history = history_selection_source(window)
    view = table_view_source(window)
    if (
        jobs is not None
        and view is not None
        and not view.filtered
        and len(jobs.results) == 1
        and jobs.results[0].get("sha256") == view.results[0].get("sha256")
    ):
        view = None  # the same passages twice
    return [s for s in (jobs, history, view) if s is not None]


def history_selection_source(window: MainWindow) -> ExportSource | None:
    """Every flag of the analyses selected in the History view, when it is open."""
    view = window.findChild(QWidget, "historyView")
    if view is None or not view.isVisible():
        return None
    records = [r for r in view.selected_records() if r.has_result]  # type: ignore[attr-defined]
    store = view.store  # type: ignore[attr-defined]
    results: list[dict[str, Any]] = []
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
    results: list[dict[str, Any]],
    names: list[str],
    pdf_paths: dict[str, Path],
    wording: tuple[str, str, str],
) -> ExportSource:
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
    return ExportSource(scope, label, results, pdf_paths, stem)


def count_passages(flags: int) -> str:
    return plural(
        flags,
        translate("ExportSources", "{n} flagged passage"),
        translate("ExportSources", "{n} flagged passages"),
    )


def _shown_pdf_path(window: MainWindow) -> Path | None:
    workspace = window.workspace
    job = workspace.shown_job()
    if job is not None:
        return job.path
    # A result reopened from the history has no job; the workspace keeps its file's path.
    stored = getattr(workspace, "_stored_path", None)
    return stored if isinstance(stored, Path) else None


def preferred_source(window: MainWindow, sources: list[ExportSource]) -> int:
    """The choice the user most likely means: the History's selection when the History has the
    keyboard focus, the filtered table when it is filtered, else the first (selected jobs)."""
    focus = QApplication.focusWidget()
    history = window.findChild(QWidget, "historyView")
    history_has_focus = (
        history is not None
        and focus is not None
        and (focus is history or history.isAncestorOf(focus))
    )
    for index, source in enumerate(sources):
        if source.scope == "history" and history_has_focus:
            return index
    return next((i for i, s in enumerate(sources) if s.scope == "view" and s.filtered), 0)

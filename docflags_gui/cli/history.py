"""`docflags history`: list the analyses kept in the history (the app's and the CLI's)."""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from docflags_gui import paths
from docflags_gui.cli.table import GAP, display_width, fit
from docflags_gui.store import (
    ALL_STATES,
    HISTORY_ERRORS,
    HistoryStore,
    JobRecord,
    describe_history_error,
)


def open_history() -> HistoryStore | None:
    """The user's history for a CLI command, or None (after saying why) when it cannot be read.

    Unfinished jobs of processes that are gone are marked INTERRUPTED first, so the listing
    never shows a job RUNNING that nothing runs; a running app's jobs are left as they are.
    """
    try:
        store = HistoryStore.open_default(origin="cli")
    except HISTORY_ERRORS as exc:
        print(
            f"docflags: cannot open the history {paths.history_db_path()}: "
            f"{describe_history_error(exc)}",
            file=sys.stderr,
        )
        return None
    try:
        store.mark_interrupted()
    except HISTORY_ERRORS as exc:  # e.g. a read-only copy: list it as it is
        print(f"docflags: warning: {describe_history_error(exc)}", file=sys.stderr)
    return store


def format_rows(headers: Sequence[str], rows: Sequence[Sequence[str]], wide: int) -> str:
    """A plain text table; column `wide` is cut to keep lines within the terminal's width."""
    widths = [max([len(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    room = shutil.get_terminal_size((120, 24)).columns - (sum(widths) - widths[wide])
    room -= len(GAP) * (len(headers) - 1)
    widths[wide] = max(12, min(widths[wide], room))

    def line(cells: Sequence[str]) -> str:
        return GAP.join(fit(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), GAP.join("-" * w for w in widths), *map(line, rows)])


def _local_time(epoch: float | None) -> str:
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M") if epoch else ""


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _job_row(job: JobRecord) -> list[str]:
    similarity = "" if job.similarity is None else f"{job.similarity}%"
    return [
        str(job.id),
        _local_time(job.created),
        job.state,
        _count(job.pages),
        _count(job.flags),
        similarity,
        job.file,
    ]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "history",
        help="list past analyses (newest first)",
        description=(
            "List the analyses kept in the history, from the window and from `docflags analyze`, "
            "newest first. `docflags show ID` prints one job's result."
        ),
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--search", metavar="TEXT", help="only jobs whose file name or flagged text contains TEXT"
    )
    parser.add_argument("--state", choices=ALL_STATES, help="only jobs in this state")
    parser.add_argument(
        "--limit", type=int, metavar="N", help="at most N jobs (default: all of them)"
    )
    parser.add_argument("--offset", type=int, default=0, metavar="N", help="skip the newest N")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if (args.limit is not None and args.limit < 0) or args.offset < 0:
        print(
            "docflags history: --limit and --offset take a number of jobs, 0 or more",
            file=sys.stderr,
        )
        return 2
    store = open_history()
    if store is None:
        return 1
    try:
        jobs = store.list_jobs(
            search=args.search, state=args.state, limit=args.limit, offset=args.offset
        )
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps([job.to_json() for job in jobs], indent=2, ensure_ascii=False))
    elif jobs:
        headers = ("ID", "CREATED", "STATE", "PAGES", "FLAGS", "SIM", "FILE")
        print(format_rows(headers, [_job_row(job) for job in jobs], wide=6))
    elif args.search or args.state:
        print("No analyses match.")
    else:
        print("No analyses in the history yet. Run `docflags analyze FILE.pdf` or open the app.")
    return 0


class AnalyzeRecorder:
    """Records the jobs of one `docflags analyze` run in the history (its own jobs only).

    Every file is recorded QUEUED before the run, RUNNING when its worker reports, and with its
    outcome when it ends; a run that is killed leaves jobs that the next reader marks
    INTERRUPTED. A history that cannot be written never stops the analysis: one warning, then
    the run goes on without it.
    """

    def __init__(self, files: Sequence[Path], settings: Mapping[str, Any]) -> None:
        self._ids: dict[int, int] = {}
        self._started: set[int] = set()
        self._store: HistoryStore | None = None
        try:
            self._store = HistoryStore.open_default(origin="cli")
            for index, path in enumerate(files):
                self._ids[index] = self._store.record_queued(path.resolve(), settings=settings)
        except HISTORY_ERRORS as exc:
            self._give_up(exc)

    def _give_up(self, exc: Exception) -> None:
        why = describe_history_error(exc)
        print(f"docflags: not recording this run in the history: {why}", file=sys.stderr)
        store, self._store = self._store, None
        if store is not None:
            with contextlib.suppress(*HISTORY_ERRORS):
                store.close()

    def started(self, index: int) -> None:
        if self._store is None or index in self._started or index not in self._ids:
            return
        self._started.add(index)
        try:
            self._store.record_started(self._ids[index])
        except HISTORY_ERRORS as exc:
            self._give_up(exc)

    def finished(
        self,
        index: int,
        result: Mapping[str, Any] | None,
        error: str | None,
        log_path: Path | None = None,
        state: str | None = None,
    ) -> None:
        if self._store is None or index not in self._ids:
            return
        final = state or ("SUCCESS" if result is not None else "FAILURE")
        try:
            self._store.record_finished(
                self._ids[index],
                final,
                result=result if final == "SUCCESS" else None,
                error=error,
                log_path=log_path,
            )
        except HISTORY_ERRORS as exc:
            self._give_up(exc)

    def close(self) -> None:
        """Jobs still unfinished (an interrupted run) end INTERRUPTED."""
        if self._store is not None:
            try:
                self._store.close()
            except HISTORY_ERRORS as exc:
                self._give_up(exc)
            self._store = None

"""`docflags history`: list the analyses kept in the history (the app's and the CLI's)."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from docflags_gui import paths
from docflags_gui.cli.cells import display_width, fit
from docflags_gui.cli.table import GAP
from docflags_gui.printable import terminal_json
from docflags_gui.runner.states import ALL_STATES

if TYPE_CHECKING:
    from docflags_gui.store.history import HistoryStore
    from docflags_gui.store.records import JobRecord


def open_history() -> HistoryStore | None:
    """The user's history for a CLI command, or None (after saying why) when it cannot be read.

    Unfinished jobs of processes that are gone are marked INTERRUPTED first, so the listing
    never shows a job RUNNING that nothing runs; a running app's jobs are left as they are.
    SQLAlchemy is imported here, by the commands that read the history, and by no other.
    """
    from docflags_gui.store.errors import HISTORY_ERRORS, describe_history_error
    from docflags_gui.store.history import HistoryStore

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
        str(job.state),
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
        print(terminal_json([job.to_json() for job in jobs]))
    elif jobs:
        headers = ("ID", "CREATED", "STATE", "PAGES", "FLAGS", "SIM", "FILE")
        print(format_rows(headers, [_job_row(job) for job in jobs], wide=6))
    elif args.search or args.state:
        print("No analyses match.")
    else:
        print("No analyses in the history yet. Run `docflags analyze FILE.pdf` or open the app.")
    return 0

"""`docflags show JOB_ID`: print one stored job's docflags/1 result (as `docflags history` ids)."""

from __future__ import annotations

import argparse
import shutil
import sys

from docflags_gui.cli.history import open_history
from docflags_gui.cli.table import render_table
from docflags_gui.export import TEXT_FORMATS, ExportError, render_text
from docflags_gui.printable import printable, terminal_json


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "show",
        help="print a past analysis's result",
        description="Print the stored result of one job; `docflags history` lists the ids.",
    )
    parser.add_argument(
        "job_id", type=int, metavar="JOB_ID", help="the id `docflags history` shows"
    )
    formats = ["json", "table", *[f for f in TEXT_FORMATS if f != "json"]]
    parser.add_argument(
        "--format", choices=formats, default="json", help="json (docflags/1, the default), ..."
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_history()
    if store is None:
        return 1
    try:
        job = store.get_job(args.job_id)
        result = store.get_result(args.job_id) if job is not None else None
    finally:
        store.close()
    if job is None:
        print(
            f"docflags show: there is no job {args.job_id} in the history "
            "(`docflags history` lists the jobs and their ids)",
            file=sys.stderr,
        )
        return 1
    if result is None:
        why = (
            f"it is {job.state}" if job.state in ("QUEUED", "RUNNING") else f"it ended {job.state}"
        )
        detail = f": {job.error}" if job.error else ""
        print(
            f"docflags show: job {job.id} ({printable(job.file)}) has no result, "
            f"{why}{printable(detail)}",
            file=sys.stderr,
        )
        return 1
    if args.format == "json":
        print(terminal_json(result))
    elif args.format == "table":
        width = shutil.get_terminal_size((120, 24)).columns
        sys.stdout.write(render_table(result, width))
    else:
        try:
            text = render_text([result], args.format)
            # Exports keep the text as it is; a terminal gets control characters escaped.
            sys.stdout.write(printable(text, keep_newlines=True) if sys.stdout.isatty() else text)
        except ExportError as exc:
            print(f"docflags show: {exc}", file=sys.stderr)
            return 1
    return 0

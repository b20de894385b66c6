"""`docflags show JOB_ID`: print one stored job's docflags/1 result (as `docflags history` ids)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from docflags_gui.cli.history import open_history, format_rows
from docflags_gui.export import TEXT_FORMATS, ExportError, render_text


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


def _flags_table(result: dict[str, Any]) -> str:
    rows = [
        [
            str(flag.get("id", "")),
            str(flag.get("page", "")),
            str(flag.get("kind") or ""),
            str(flag.get("color") or ""),
            "" if flag.get("source") is None else str(flag["source"]),
            " ".join(str(flag.get("text") or "").split()),
            " ".join(str(flag.get("comment") or "").split()),
        ]
        for flag in result.get("flags") or []
    ]
    similarity = result.get("similarity")
    title = f"{result.get('file')}: {len(rows)} flagged item(s), {result.get('pages')} page(s)"
    if similarity is not None:
        title += f", similarity {similarity}%"
    if not rows:
        return title
    headers = ("#", "PAGE", "KIND", "COLOUR", "SRC", "TEXT", "COMMENT")
    return title + "\n" + format_rows(headers, rows, wide=5)


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
            f"docflags show: job {job.id} ({job.file}) has no result, {why}{detail}",
            file=sys.stderr,
        )
        return 1
    if args.format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    elif args.format == "table":
        print(_flags_table(result))
    else:
        try:
            sys.stdout.write(render_text([result], args.format))
        except ExportError as exc:
            print(f"docflags show: {exc}", file=sys.stderr)
            return 1
    return 0

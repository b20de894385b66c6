"""`docflags review JOB_ID --set FLAG_ID=STATUS [--note TEXT]`: record review decisions.

Decisions are kept in the history apart from the analysis, by the passage's identity (page,
text, source) in its report, so they hold for every job of the same report: a re-analysis or a
new match keeps them. `docflags show JOB_ID` shows them; exports carry them.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from docflags_gui.cli.history import open_history
from docflags_gui.review.entries import Decision, passage_key
from docflags_gui.review.progress import review_progress
from docflags_gui.review.statuses import Status


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "review",
        help="record review decisions (status, note) for flags of a stored job",
        description=(
            "Set the review status of flags of a job in the history (`docflags history` lists "
            "the jobs, `docflags show JOB_ID` the flags and their ids). Statuses: "
            + ", ".join(status.value for status in Status)
            + "."
        ),
        epilog="Exit status: 0 recorded, 1 no such job or flag, 2 wrong usage.",
    )
    parser.add_argument("job_id", type=int, metavar="JOB_ID")
    parser.add_argument(
        "--set",
        dest="decisions",
        type=_decision,
        action="append",
        required=True,
        metavar="FLAG_ID=STATUS",
        help="the status of one flag (repeat for more flags)",
    )
    parser.add_argument("--note", default="", metavar="TEXT", help="a note for these flags")
    parser.set_defaults(func=run)


def _decision(value: str) -> tuple[int, Status]:
    flag, separator, status = value.partition("=")
    if not separator or not flag.strip().isdecimal():
        raise argparse.ArgumentTypeError(f"expected FLAG_ID=STATUS, got {value!r}")
    try:
        return int(flag), Status.from_slug(status)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    store = open_history()
    if store is None:
        return 1
    try:
        result = store.get_result(args.job_id)
        if result is None:
            print(
                f"docflags review: job {args.job_id} has no result in the history "
                "(`docflags history` lists the jobs and their ids)",
                file=sys.stderr,
            )
            return 1
        flags = {flag.get("id"): flag for flag in result.get("flags") or []}
        missing = [str(flag_id) for flag_id, _ in args.decisions if flag_id not in flags]
        if missing:
            print(
                f"docflags review: job {args.job_id} has no flag {', '.join(missing)} "
                f"(its flags are 1-{len(flags)}; `docflags show {args.job_id}` lists them)",
                file=sys.stderr,
            )
            return 1
        decisions = {
            passage_key(flags[flag_id]): Decision(status, args.note.strip())
            for flag_id, status in args.decisions
        }
        store.record_review_decisions(str(result.get("sha256") or ""), decisions)
        reviewed = store.get_result(args.job_id) or result
    finally:
        store.close()
    for flag_id, status in args.decisions:
        print(f"flag {flag_id}: {status.label}")
    print(review_progress(reviewed).summary())
    return 0

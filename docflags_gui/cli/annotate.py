"""`docflags annotate`: an annotated copy of the manuscript, each matched passage highlighted in
its flag's colour with a comment (report page, source, status, note, what to do).

    docflags annotate REPORT MANUSCRIPT -o OUT [rule options]   match, then annotate
    docflags annotate JOB_ID -o OUT                              a stored match, its decisions

The copy is in the manuscript's own format (DOCX with Word comments, PDF with highlight
annotations, ODT with office annotations); a TXT or Markdown manuscript gets an HTML copy. Its
text is the original's: docflags only adds highlights and comments. With `--broker` the steps
run on a docflags cluster and the node's copy comes back to OUT.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docflags_gui.cli import cluster_args
from docflags_gui.cli.analyze import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    _one_line_error,
)
from docflags_gui.cli.arguments import time_limit as _time_limit
from docflags_gui.cli.match import (
    MatchFailed,
    match_report,
    open_store,
    run_on_result,
)
from docflags_gui.cli.progress import ProgressLine
from docflags_gui.cli.review_options import add_rule_options
from docflags_gui.matching import DEFAULT_MIN_SCORE
from docflags_gui.matching.manuscript import ManuscriptError
from docflags_gui.printable import printable, printable_path
from docflags_gui.result import ResultDocument
from docflags_gui.runner.executor import Executor
from docflags_gui.runner.spec import ANNOTATE
from docflags_gui.worker.main import score_argument

if TYPE_CHECKING:
    from docflags_gui.store.history import HistoryStore


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "annotate",
        help="write a copy of your manuscript with each flagged passage highlighted and commented",
        description=(
            "Write a copy of the manuscript with each matched passage highlighted in its flag's "
            "colour and commented: report page, source, status, note and what to do. Give a "
            "report and a manuscript (matched first, as `docflags match` does), or the id of a "
            "job already matched (its decisions from `docflags review` included)."
        ),
        epilog="Exit status: 0 written, 1 something could not be read or written, 2 wrong usage.",
    )
    parser.add_argument("report", metavar="REPORT|JOB_ID", help="the report PDF, or a job id")
    parser.add_argument("manuscript", type=Path, nargs="?", metavar="MANUSCRIPT")
    parser.add_argument(
        "-o", "--out", type=Path, required=True, metavar="OUT",
        help="the copy to write: .docx, .pdf or .odt as the manuscript, .html for TXT/Markdown",
    )  # fmt: skip
    parser.add_argument("--min-score", type=score_argument, default=DEFAULT_MIN_SCORE, metavar="S")
    parser.add_argument("--timeout", type=_time_limit, default=600.0, metavar="SECONDS")
    parser.add_argument("--no-history", dest="history", action="store_false")
    add_rule_options(parser)
    cluster_args.add_cluster_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from docflags_gui.review.annotate import copy_suffix

    store = open_store() if args.history else None
    progress = ProgressLine(sys.stderr, 2)
    timeout = None if math.isinf(args.timeout) else args.timeout
    executor = cluster_args.executor_or_exit(args, timeout, "docflags annotate", EXIT_USAGE)
    try:
        manuscript = args.manuscript
        stored = None
        if manuscript is None:
            stored, manuscript = _stored(args.report, store)
        suffix = copy_suffix(manuscript)
        if args.out.suffix.lower() != suffix:
            return _wrong_suffix(manuscript, args.out, suffix)
        if stored is not None:
            document = stored
        else:
            document, _ = match_report(args, store, timeout, progress, executor)
        written = _annotate(document, manuscript, args.out, timeout, progress, executor)
    except (MatchFailed, ManuscriptError) as exc:
        progress.close()
        print(f"docflags: {printable(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        progress.close()
        print(
            f"docflags: cannot write {printable_path(args.out)}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    finally:
        if store is not None:
            store.close()
    progress.close()
    flags = len(document.get("flags") or [])
    print(
        f"{printable_path(args.out)}: {written} of {flags} flagged passages annotated",
        file=sys.stderr,
    )
    return EXIT_OK


def _wrong_suffix(manuscript: Path, out: Path, suffix: str) -> int:
    print(
        f"docflags annotate: the copy of {manuscript.name} is a {suffix} file: "
        f"use -o {out.with_suffix(suffix)}",
        file=sys.stderr,
    )
    return EXIT_USAGE


def _annotate(
    document: ResultDocument,
    manuscript: Path,
    out: Path,
    timeout: float | None,
    progress: ProgressLine,
    executor: Executor | None,
) -> int:
    """Write the copy in the worker (job kind annotate); returns the passages annotated."""
    options = {"output": str(out.resolve())}
    outcome = run_on_result(ANNOTATE, document, manuscript, options, timeout, progress, executor)
    if outcome.result is None:
        raise MatchFailed(f"{out}: {_one_line_error(outcome)}")
    annotated = outcome.result.get("annotated") or {}
    return int(annotated.get("passages") or 0)


def _stored(report: str, store: HistoryStore | None) -> tuple[ResultDocument, Path]:
    """A stored, matched result (decisions applied) and its manuscript, for a job id."""
    from docflags_gui.hashing import file_sha256

    if not report.isdecimal():
        raise MatchFailed(f"{report}: give a job id alone, or a report with its manuscript")
    if store is None:
        raise MatchFailed(f"{report}: a job id needs the history (drop --no-history)")
    job_id = int(report)
    result = store.get_result(job_id)
    known = store.review_job(job_id)
    matched = isinstance(result, dict) and isinstance(result.get("manuscript"), dict)
    if result is None or not matched or known is None or known.manuscript is None:
        raise MatchFailed(
            f"job {job_id} has no match to annotate: run `docflags match {job_id} MANUSCRIPT`"
        )
    manuscript = known.manuscript
    try:
        same = file_sha256(manuscript) == result["manuscript"].get("sha256")
    except OSError:
        raise MatchFailed(f"{manuscript}: the matched manuscript is no longer there") from None
    if not same:
        raise MatchFailed(
            f"{manuscript} changed since it was matched: match it again "
            f"(`docflags match {job_id} {manuscript}`)"
        )
    return result, manuscript

"""`docflags match REPORT MANUSCRIPT`: where each flagged passage of a report is in a manuscript.

REPORT is a PDF (analysed first, or its stored result reused when the history has this file) or
the id of a job in the history. The match runs in the same worker subprocess as `analyze` (job
kind "match") and is kept with the report's analysis in the history, so `docflags show` prints
it. With `--broker` the analysis and the match run on a docflags cluster instead (the
manuscript's bytes and the report's result travel with the task). Output formats and exit
statuses are those of `analyze`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docflags_gui.cli import cluster_args
from docflags_gui.cli.analyze import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_USAGE,
    FORMATS,
    FormatUnavailable,
    Run,
    Terminated,
    _check_format,
    _one_line_error,
    _print_results,
    _sigterm_raises,
    on_result,
)
from docflags_gui.cli.arguments import time_limit as _time_limit
from docflags_gui.cli.progress import ProgressLine
from docflags_gui.cli.review_options import add_rule_options, rules_from_args
from docflags_gui.matching import DEFAULT_MIN_SCORE
from docflags_gui.printable import printable, printable_path
from docflags_gui.result import ResultDocument
from docflags_gui.review.entries import apply_decisions, without_review
from docflags_gui.review.rules import ReviewRules
from docflags_gui.runner.batch import Batch, BatchOptions, Outcome, Progress
from docflags_gui.runner.executor import Executor
from docflags_gui.runner.spec import MATCH, OptionValue
from docflags_gui.worker.main import score_argument

if TYPE_CHECKING:
    from docflags_gui.cli.recorder import AnalyzeRecorder
    from docflags_gui.store.history import HistoryStore


class MatchFailed(Exception):
    """A step failed; the message is the one line to print."""


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "match",
        help="find a report's flagged passages in your manuscript",
        description=(
            "Find where each flagged passage of a report is in your manuscript (DOCX, ODT, PDF, "
            "TXT or Markdown): paragraph, page and the matched text, or 'not in the "
            "manuscript'. REPORT is a PDF (analysed first, or taken from the history when "
            "this file was analysed before) or a job id from `docflags history`."
        ),
        epilog=(
            "Exit status: 0 matched, 1 the report or the manuscript could not be read, "
            "2 wrong usage, 130 interrupted."
        ),
    )
    parser.add_argument("report", metavar="REPORT", help="the report PDF, or a history job id")
    parser.add_argument("manuscript", type=Path, metavar="MANUSCRIPT")
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: table on standard output, json with --out)",
    )
    parser.add_argument("-o", "--out", type=Path, metavar="DIR", help="write the result into DIR")
    parser.add_argument(
        "--min-score",
        type=score_argument,
        default=DEFAULT_MIN_SCORE,
        metavar="S",
        help="the least similarity (0-1) a place needs to count as found (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=_time_limit,
        default=600.0,
        metavar="SECONDS",
        help="stop each step (analysis, match) after this many seconds (default: %(default)g)",
    )
    parser.add_argument(
        "--no-history",
        dest="history",
        action="store_false",
        help="neither look the report up in the history nor record the analysis and match",
    )
    add_rule_options(parser)
    cluster_args.add_cluster_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    fmt: str = args.format or ("json" if args.out else "table")
    try:
        _check_format(fmt, to_file=args.out is not None)
    except FormatUnavailable as exc:
        print(f"docflags match: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    if args.out is not None:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(
                f"docflags match: cannot create {printable_path(args.out)}: {exc.strerror}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    timeout = None if math.isinf(args.timeout) else args.timeout
    executor = cluster_args.executor_or_exit(args, timeout, "docflags match", EXIT_USAGE)
    progress = ProgressLine(sys.stderr, 2)
    store = open_store() if args.history else None
    try:
        with _sigterm_raises():
            matched, report_path = match_report(args, store, timeout, progress, executor)
    except MatchFailed as exc:
        progress.close()
        print(f"docflags: {printable(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except (KeyboardInterrupt, Terminated) as stop:
        progress.close()
        by = "SIGTERM" if isinstance(stop, Terminated) else "Ctrl+C"
        print(f"docflags: interrupted ({by}); nothing was matched", file=sys.stderr)
        return EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED
    finally:
        if store is not None:
            store.close()
    progress.close()
    state = Run([report_path], fmt, args.out)
    error = on_result(state, 0, report_path, matched)
    if error is not None:
        print(f"docflags: {printable(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    if args.out is None:
        _print_results(state)
    return EXIT_OK


def match_report(
    args: argparse.Namespace,
    store: HistoryStore | None,
    timeout: float | None,
    progress: ProgressLine,
    executor: Executor | None = None,
) -> tuple[ResultDocument, Path]:
    """Match `args.report` in `args.manuscript` with the review rules the options (or, for a
    report matched before, the history) give; kept in the history when `store` is given; on
    `executor`'s cluster when given. Returns (the matched, reviewed result with the history's
    decisions, the report's path)."""
    report_path, document, job_id = _report(args.report, store, timeout, progress, executor)
    rules = rules_from_args(args)
    known = store.review_job(job_id) if store is not None and job_id is not None else None
    if rules is None and known is not None:
        rules = known.rules
    before = document.get("manuscript")
    revision = isinstance(before, dict) and before.get("sha256") not in (
        None,
        _sha256_or_none(args.manuscript),
    )
    matched = _match(
        without_review(document), args.manuscript, args.min_score, timeout, progress,
        rules=rules, revision=revision, executor=executor,
    )  # fmt: skip
    if store is not None:
        decisions = store.review_decisions(str(matched.get("sha256") or ""))
        matched = apply_decisions(matched, decisions)
        if job_id is not None:
            _remember(store, job_id, matched, rules, args.manuscript)
    return matched, report_path


def _sha256_or_none(path: Path) -> str | None:
    from docflags_gui.hashing import file_sha256

    try:
        return file_sha256(path)
    except OSError:
        return None  # the worker says why the manuscript cannot be read


def open_store() -> HistoryStore | None:
    from docflags_gui.cli.history import open_history

    return open_history()


def _report(
    report: str,
    store: HistoryStore | None,
    timeout: float | None,
    progress: ProgressLine,
    executor: Executor | None,
) -> tuple[Path, ResultDocument, int | None]:
    """(report path, its docflags/1 result, its history job id) from a PDF or a job id."""
    path = Path(report)
    if report.isdigit() and not path.exists():
        return _stored_job(int(report), store)
    if not path.is_file():
        raise MatchFailed(f"{report}: no such file (nor a job id of the history)")
    if store is not None:
        stored = store.find_result_for_file(path)
        if stored is not None:
            return path, stored.result, stored.job_id
    recorder = _recorder(path) if store is not None else None
    try:
        options = step_options(timeout, executor)
        outcome = run_one(Batch([path], options), path.name, progress, recorder)
        job_id = recorder.job_id(0) if recorder is not None else None
    finally:
        if recorder is not None:
            recorder.close()
    if outcome.result is None:
        raise MatchFailed(f"{path}: {_one_line_error(outcome)}")
    return path, outcome.result, job_id


def _stored_job(job_id: int, store: HistoryStore | None) -> tuple[Path, ResultDocument, int]:
    if store is None:
        raise MatchFailed(f"{job_id}: a job id needs the history (drop --no-history)")
    job = store.get_job(job_id)
    result = store.get_result(job_id) if job is not None else None
    if job is None or result is None:
        raise MatchFailed(
            f"job {job_id} has no analysis to match (`docflags history` lists the jobs)"
        )
    return Path(job.file), result, job_id


def _recorder(path: Path) -> AnalyzeRecorder:
    from docflags_gui.cli.recorder import AnalyzeRecorder

    return AnalyzeRecorder([path], {"jobs": 1, "ocr": True})


def run_one(
    batch: Batch, name: str, progress: ProgressLine, recorder: AnalyzeRecorder | None = None
) -> Outcome:
    """Run a one-file batch to its end, showing its progress; returns its outcome."""
    with contextlib.closing(batch.events()) as events:
        for event in events:
            if isinstance(event, Progress):
                progress.update(0, name, event.message)
                if recorder is not None:
                    recorder.started(0)
                continue
            progress.file_finished(0)
            if recorder is not None:
                recorder.finished(0, event.state, event.result, event.error, event.log_path)
            return event
    raise MatchFailed(f"{name}: the job ended without an outcome")


def _match(
    document: ResultDocument,
    manuscript: Path,
    min_score: float,
    timeout: float | None,
    progress: ProgressLine,
    *,
    rules: ReviewRules | None = None,
    revision: bool = False,
    executor: Executor | None = None,
) -> ResultDocument:
    options: dict[str, OptionValue] = {
        "min_score": min_score,
        "review_rules": None if rules is None else json.dumps(rules.to_json()),
        "revision": revision,
    }
    outcome = run_on_result(MATCH, document, manuscript, options, timeout, progress, executor)
    if outcome.result is None:
        raise MatchFailed(f"{manuscript}: {_one_line_error(outcome)}")
    return outcome.result


def run_on_result(
    kind: str,
    document: ResultDocument,
    manuscript: Path,
    options: Mapping[str, OptionValue],
    timeout: float | None,
    progress: ProgressLine,
    executor: Executor | None = None,
) -> Outcome:
    """Run a job of `kind` (match, annotate) on `manuscript` with a report's result, handed
    to the worker in a temporary file (to a cluster node: in the task); returns its outcome."""
    with tempfile.TemporaryDirectory(prefix=f"docflags-{kind}-") as folder:
        report_result = Path(folder) / "report.json"
        report_result.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        extra = {"report_result": str(report_result), **options}
        batch_options = step_options(timeout, executor, kind=kind, extra_options=extra)
        return run_one(Batch([manuscript], batch_options), manuscript.name, progress)


def step_options(timeout: float | None, executor: Executor | None, **more: Any) -> BatchOptions:
    """One step's batch options: here with its time limit, or on `executor`'s cluster, whose
    nodes enforce the limit (time waiting in its queue does not count)."""
    limit = None if executor is not None else timeout
    return BatchOptions(jobs=1, timeout_s=limit, executor=executor, **more)


def _remember(
    store: HistoryStore,
    job_id: int,
    matched: ResultDocument,
    rules: ReviewRules | None,
    manuscript: Path,
) -> None:
    """Keep the match with its analysis, and the review's rules and manuscript with the job; a
    history that cannot be written only warns."""
    from docflags_gui.store.errors import HISTORY_ERRORS, describe_history_error

    try:
        store.record_match(job_id, matched)
        store.record_review_job(job_id, rules or ReviewRules(), manuscript.resolve())
    except HISTORY_ERRORS as exc:
        why = describe_history_error(exc)
        print(f"docflags: the match was not kept in the history: {why}", file=sys.stderr)

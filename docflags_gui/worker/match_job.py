"""The worker's match job: place a report's flags in the author's manuscript.

    python -m docflags_gui --worker --job match --input MANUSCRIPT --report-result RESULT.json
                                    [--min-score S] [--review-rules JSON [--revision]]
                                    [--stop-file PATH]

RESULT.json is the report's docflags/1 document (as `analyze` gives it); the terminal `result`
is that document with `manuscript` and each flag's `match` (docflags_gui.matching.result), and
with --review-rules each flag's `review` holding the rules' suggestion (docflags_gui.review).
Progress says "Matching 120/340" (flags done of all). A manuscript docflags cannot read, or a
result file that is not a docflags/1 document, is bad input (exit 3) with a message saying why.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from docflags_gui.result import ResultDocument, ResultError, parse_result
from docflags_gui.worker import protocol
from docflags_gui.worker.output import ProtocolWriter


class MatchCancelled(Exception):
    """A stop was requested between two passages."""


def load_report_result(path: Path) -> ResultDocument:
    """The report's docflags/1 document, or ValueError saying what is wrong with the file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"the report's result cannot be read: {exc}") from None
    try:
        return parse_result(document)
    except ResultError as exc:
        raise ValueError(f"the report's result is not a docflags/1 document: {exc}") from None


def run_match(
    args: argparse.Namespace,
    writer: ProtocolWriter,
    update: Callable[[int, int, str], None],
    should_stop: Callable[[], bool],
) -> tuple[int, protocol.Message]:
    """(exit code, terminal message) of one match; the caller sends the message."""
    manuscript_path = Path(args.input)
    writer.send(protocol.progress(0, 0, "opening", f"Reading {manuscript_path.name}"))
    from docflags_gui.matching.manuscript import ManuscriptError
    from docflags_gui.matching.readers import read_manuscript
    from docflags_gui.matching.result import match_document

    if args.report_result is None:
        return protocol.EXIT_USAGE, protocol.error("usage", "--report-result is required")
    try:
        document = load_report_result(args.report_result)
        manuscript = read_manuscript(manuscript_path)
    except (ValueError, ManuscriptError) as exc:
        return protocol.EXIT_BAD_INPUT, protocol.error("bad-input", str(exc))

    def progress(done: int, total: int) -> None:
        if should_stop():
            raise MatchCancelled
        update(done, total, f"Matching {done}/{total}")

    try:
        matched = match_document(
            document, manuscript_path, manuscript, min_score=args.min_score, progress=progress
        )
    except MatchCancelled:
        return protocol.EXIT_CANCELLED, protocol.error("cancelled", "stopped on request")
    if args.review_rules is not None:
        from docflags_gui.review.entries import review_document
        from docflags_gui.review.rules import ManuscriptContext, ReviewRules

        context = ManuscriptContext.of(manuscript.text, manuscript.spans)
        rules = ReviewRules.from_json(args.review_rules)
        matched = review_document(matched, rules, {}, context, revision=args.revision)
    return protocol.EXIT_OK, protocol.result(matched)

"""The review's rule options of `docflags match` and `docflags annotate`, as the checkers name
their exclusions (Turnitin: quotes, bibliography, small matches, sources; iThenticate: sections)."""

from __future__ import annotations

import argparse
from typing import Any

from docflags_gui.review.rules import ReviewRules
from docflags_gui.review.sections import SECTION_NAMES


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    rules = parser.add_argument_group(
        "review rules",
        "Each rule suggests a status for the flags it applies to (a decision made with "
        "`docflags review` always wins); each flag gains a review object.",
    )
    rules.add_argument(
        "--exclude-quotes",
        action="store_true",
        help="passages inside quotation marks: Quoted & cited when a citation follows in the "
        "same sentence, else Needs fix (quoted but not cited)",
    )
    rules.add_argument(
        "--exclude-bibliography",
        action="store_true",
        help="passages after a References / Bibliography / Works cited / Daftar Pustaka heading",
    )
    rules.add_argument(
        "--exclude-small",
        type=_word_count,
        default=0,
        metavar="N",
        help="passages of fewer than N words: Common phrase",
    )
    rules.add_argument(
        "--exclude-source",
        type=_source_number,
        action="append",
        default=[],
        metavar="N",
        help="every flag of source N (repeat for more sources)",
    )
    rules.add_argument(
        "--exclude-section",
        choices=[name for name in SECTION_NAMES if name != "bibliography"],
        action="append",
        default=[],
        help="passages in this section of the manuscript (by its heading)",
    )


def rules_from_args(args: Any) -> ReviewRules | None:
    """The rules the options ask for, or None when no rule option was given."""
    rules = ReviewRules(
        exclude_quotes=bool(args.exclude_quotes),
        exclude_bibliography=bool(args.exclude_bibliography),
        exclude_small=int(args.exclude_small),
        exclude_sources=frozenset(args.exclude_source),
        exclude_sections=frozenset(args.exclude_section),
    )
    return rules if rules.any else None


def _word_count(value: str) -> int:
    if not value.isdecimal() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of words (1 or more), got {value!r}")
    return int(value)


def _source_number(value: str) -> int:
    if not value.isdecimal() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a source number (1 or more), got {value!r}")
    return int(value)

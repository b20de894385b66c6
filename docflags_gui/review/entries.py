"""The `review` object of each flag: `{"status", "suggested", "reason", "note"}`.

`status` is the reviewer's decision (`to-review` until someone decides); `suggested` the rules'
status or null, `reason` the rule's words. Decisions are kept apart from the analysis, keyed by
the passage's identity (page, text, source), so they survive a re-analysis of the same report.
"""

from __future__ import annotations

import copy
import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from docflags_gui.result import ResultDocument
from docflags_gui.review.rules import ManuscriptContext, ReviewRules, suggest
from docflags_gui.review.statuses import Status


@dataclass(frozen=True, slots=True)
class Decision:
    status: Status
    note: str = ""


def passage_key(flag: Mapping[str, Any]) -> str:
    """A flag's identity across re-analyses: its page, text (spacing and case aside) and source."""
    text = unicodedata.normalize("NFKC", str(flag.get("text") or "")).casefold()
    parts = [str(flag.get("page")), " ".join(text.split()), str(flag.get("source"))]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def review_document(
    document: ResultDocument,
    rules: ReviewRules,
    decisions: Mapping[str, Decision],
    context: ManuscriptContext | None,
    *,
    revision: bool = False,
) -> ResultDocument:
    """A copy of `document` with each flag's `review` object and the rules under `review`
    (`revision`: the manuscript revises one matched before; see `rules.suggest`)."""
    reviewed: dict[str, Any] = copy.deepcopy(dict(document))
    for flag in reviewed.get("flags") or []:
        suggestion = suggest(flag, rules, context, revision=revision)
        decision = decisions.get(passage_key(flag))
        flag["review"] = {
            "status": (decision.status if decision else Status.TO_REVIEW).value,
            "suggested": suggestion.status.value if suggestion else None,
            "reason": suggestion.reason if suggestion else None,
            "note": decision.note if decision and decision.note else None,
        }
    reviewed["review"] = {"rules": rules.to_json()}
    return cast(ResultDocument, reviewed)


def apply_decisions(document: ResultDocument, decisions: Mapping[str, Decision]) -> ResultDocument:
    """A copy of `document` whose flags carry the reviewer's decisions (see `set_decisions`)."""
    decided: dict[str, Any] = copy.deepcopy(dict(document))
    set_decisions(decided, decisions)
    return cast(ResultDocument, decided)


def set_decisions(document: Mapping[str, Any], decisions: Mapping[str, Decision]) -> int:
    """Put the reviewer's decisions on `document`'s flags in place (a flag without a review
    object gains one, with no suggestion); flags without a decision keep theirs. Returns the
    number of flags decided."""
    decided = 0
    for flag in document.get("flags") or []:
        decision = decisions.get(passage_key(flag))
        if decision is None:
            continue
        review = flag.get("review")
        if not isinstance(review, dict):
            review = flag["review"] = {
                "status": Status.TO_REVIEW.value,
                "suggested": None,
                "reason": None,
                "note": None,
            }
        review["status"] = decision.status.value
        review["note"] = decision.note or None
        decided += 1
    return decided


def without_review(document: ResultDocument) -> ResultDocument:
    """A copy of `document` without review objects (before matching it again)."""
    plain: dict[str, Any] = copy.deepcopy(dict(document))
    plain.pop("review", None)
    for flag in plain.get("flags") or []:
        flag.pop("review", None)
    return cast(ResultDocument, plain)

"""How a flag's review reads in tables and exports: "Needs fix", or "Quoted & cited (suggested)".

Light on purpose (no readers, no manuscript): exports, the CLI table and the window import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docflags_gui.review.statuses import Status, effective_status

SUGGESTED = "suggested"


def is_reviewed(result: Mapping[str, Any]) -> bool:
    """True when the result carries review objects (matched with rules, or decided)."""
    return isinstance(result.get("review"), Mapping) or any(
        isinstance(flag.get("review"), Mapping) for flag in result.get("flags") or []
    )


def review_of(flag: Mapping[str, Any]) -> Mapping[str, Any]:
    review = flag.get("review")
    return review if isinstance(review, Mapping) else {"status": Status.TO_REVIEW.value}


def status_label(flag: Mapping[str, Any]) -> str:
    """The decision's words, or the suggestion's marked as such, or "To review"."""
    review = review_of(flag)
    status = effective_status(review)
    decided = review.get("status") not in (None, Status.TO_REVIEW.value)
    if not decided and review.get("suggested"):
        return f"{status.label} ({SUGGESTED})"
    return status.label


def review_note(flag: Mapping[str, Any]) -> str | None:
    note = review_of(flag).get("note")
    return str(note) if note else None

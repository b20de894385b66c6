"""The statuses a flag can have in a review: their JSON slugs, words for people, number keys,
and which one a flag's review stands at (`effective_status`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any


class Status(enum.Enum):
    """A flag's review status; the value is the slug used in JSON and on the command line."""

    TO_REVIEW = "to-review"
    NEEDS_FIX = "needs-fix"
    QUOTED_CITED = "quoted-cited"
    COMMON_PHRASE = "common-phrase"
    BIBLIOGRAPHY = "bibliography"
    OWN_WORK = "own-work"
    FALSE_POSITIVE = "false-positive"
    FIXED = "fixed"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def key(self) -> int:
        """The number key that sets this status (1-8) in the window."""
        return list(Status).index(self) + 1

    @classmethod
    def from_slug(cls, slug: str) -> Status:
        """The status named by `slug` (or its label); ValueError lists the valid slugs."""
        wanted = slug.strip().lower()
        for status in cls:
            if wanted in (status.value, status.label.lower()):
                return status
        valid = ", ".join(status.value for status in cls)
        raise ValueError(f"unknown status {slug!r}: use one of {valid}")


LABELS: dict[Status, str] = {
    Status.TO_REVIEW: "To review",
    Status.NEEDS_FIX: "Needs fix",
    Status.QUOTED_CITED: "Quoted & cited",
    Status.COMMON_PHRASE: "Common phrase",
    Status.BIBLIOGRAPHY: "Bibliography",
    Status.OWN_WORK: "Own earlier work",
    Status.FALSE_POSITIVE: "False positive",
    Status.FIXED: "Fixed",
}

# Statuses whose passages no longer count as flagged words (the checkers' exclusions, and
# passages the author has dealt with).
EXCLUDED: frozenset[Status] = frozenset(
    {
        Status.QUOTED_CITED,
        Status.COMMON_PHRASE,
        Status.BIBLIOGRAPHY,
        Status.OWN_WORK,
        Status.FALSE_POSITIVE,
        Status.FIXED,
    }
)


def effective_status(review: Mapping[str, Any]) -> Status:
    """The decision when there is one, else the suggestion, else To review."""
    status = Status(review.get("status") or Status.TO_REVIEW.value)
    if status is Status.TO_REVIEW and review.get("suggested"):
        return Status(review["suggested"])
    return status

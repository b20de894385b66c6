"""A review's progress in one line: flags reviewed, flags that need a fix, and docflags' estimate
of the manuscript's flagged words after exclusions (never the checker's own score)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from docflags_gui.review.statuses import EXCLUDED, Status, effective_status
from docflags_gui.review.word_count import word_count

_UNREVIEWED: Mapping[str, Any] = {"status": Status.TO_REVIEW.value}


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    flags: int
    reviewed: int
    needs_fix: int
    flagged_share: float | None  # flagged words after exclusions / manuscript words

    def summary(self) -> str:
        parts = [f"{self.reviewed} of {self.flags} reviewed", f"{self.needs_fix} need a fix"]
        if self.flagged_share is not None:
            parts.append(
                f"flagged words after exclusions ≈ {self.flagged_share * 100:.1f}% of the "
                "manuscript (docflags' estimate)"
            )
        return " · ".join(parts)


def review_progress(document: Mapping[str, Any]) -> ReviewProgress:
    """Progress of a reviewed document. The share needs the manuscript's word count (`words` of
    its `manuscript` summary); a passage flagged twice counts once."""
    # Every passage counts; one without a review object is still to be reviewed. Notes are
    # comments, not passages.
    flags = [flag for flag in document.get("flags") or [] if flag.get("kind") != "note"]
    reviews = [flag.get("review") or _UNREVIEWED for flag in flags]
    reviewed = sum(1 for review in reviews if review.get("status") != Status.TO_REVIEW.value)
    needs_fix = sum(1 for review in reviews if effective_status(review) is Status.NEEDS_FIX)
    manuscript = document.get("manuscript")
    total_words = manuscript.get("words") if isinstance(manuscript, Mapping) else None
    share: float | None = None
    if isinstance(total_words, int) and total_words > 0:
        counted = _flagged_words(
            flag["match"]
            for flag, review in zip(flags, reviews, strict=True)
            if flag.get("match") and effective_status(review) not in EXCLUDED
        )
        share = min(1.0, counted / total_words)
    return ReviewProgress(len(flags), reviewed, needs_fix, share)


def _flagged_words(matches: Iterable[Mapping[str, Any]]) -> float:
    """Words of the matched passages, each overlap counted once (in proportion to its length)."""
    counted = 0.0
    reach = 0
    for start, end, words in sorted(
        (int(m["start"]), int(m["end"]), word_count(str(m.get("text") or ""))) for m in matches
    ):
        if end > start:
            counted += words * max(0, end - max(start, reach)) / (end - start)
        reach = max(reach, end)
    return counted

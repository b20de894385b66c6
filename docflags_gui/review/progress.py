"""A review's progress in one line: flags reviewed, flags that need a fix, and docflags' estimate
of the manuscript's flagged words after exclusions (never the checker's own score)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docflags_gui.review.entries import effective_status
from docflags_gui.review.rules import word_count
from docflags_gui.review.statuses import EXCLUDED, Status


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


def review_progress(document: Mapping[str, Any], manuscript_text: str | None) -> ReviewProgress:
    """Progress of a reviewed document; the share needs the manuscript's text (None: unknown)."""
    flags = [flag for flag in document.get("flags") or [] if isinstance(flag.get("review"), dict)]
    reviewed = sum(1 for flag in flags if flag["review"]["status"] != Status.TO_REVIEW.value)
    needs_fix = sum(1 for flag in flags if effective_status(flag["review"]) is Status.NEEDS_FIX)
    share: float | None = None
    total_words = word_count(manuscript_text) if manuscript_text else 0
    if manuscript_text and total_words:
        ranges = sorted(
            (int(flag["match"]["start"]), int(flag["match"]["end"]))
            for flag in flags
            if flag.get("match") and effective_status(flag["review"]) not in EXCLUDED
        )
        counted = sum(word_count(manuscript_text[start:end]) for start, end in _union(ranges))
        share = min(1.0, counted / total_words)
    return ReviewProgress(len(flags), reviewed, needs_fix, share)


def _union(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ranges merged where they overlap: a passage flagged twice counts once."""
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged

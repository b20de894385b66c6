"""Score matches against true ranges: by offsets for plain text, by text for the other formats.

A structured reader (DOCX, ODT, PDF) joins lines and paragraphs its own way, so its offsets differ
from the plain manuscript's; but its letters and digits are the same, in the same order (the
readers' tests check that). A match's place is carried over through the normalised text.
"""

from __future__ import annotations

from bisect import bisect_left

from docflags_gui.matching.normalize import Normalized, normalize


class OffsetMap:
    """Carries [start, end) in a reader's text over to the same letters in the plain text."""

    def __init__(self, read_text: str, plain_text: str) -> None:
        self.read: Normalized = normalize(read_text)
        self.plain: Normalized = normalize(plain_text)
        if self.read.text != self.plain.text:
            raise AssertionError("the reader's letters differ from the manuscript's")

    def to_plain(self, start: int, end: int) -> tuple[int, int]:
        first = bisect_left(self.read.offsets, start)
        last = bisect_left(self.read.offsets, end)
        if last <= first:
            return self.plain.offsets[first] if first < len(self.plain.offsets) else 0, 0
        return self.plain.span(first, last)


def overlap(found: tuple[int, int], truth: tuple[int, int]) -> float:
    """The share of the true range covered by the found one, 0 when they are more than 10%
    apart in length (a match far longer than the passage is not a good one either)."""
    covered = max(0, min(found[1], truth[1]) - max(found[0], truth[0]))
    union = max(found[1], truth[1]) - min(found[0], truth[0])
    return covered / max(1, union)

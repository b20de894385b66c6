"""Where a passage lies in a manuscript: k-mer votes find candidate places, rapidfuzz refines them.

Both sides are compared normalised (`normalize.py`). The manuscript is indexed once by k-mers taken
every STRIDE characters; a passage's k-mers (every position) vote for the diagonal
`manuscript position - passage position`, so an exact or lightly damaged copy piles its votes on
one diagonal while chance hits scatter. Each well-voted diagonal is refined: rapidfuzz's
`partial_ratio_alignment` places the passage in a window around it, and a boundary search with
Levenshtein distance settles where it starts and ends. The score is 1 - distance / length.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from docflags_gui.matching.normalize import Normalized, normalize

K = 12  # k-mer length: long enough to be rare in prose, short enough to survive 3% OCR noise
STRIDE = 4  # manuscript k-mers kept every STRIDE chars: any clean run of K + STRIDE - 1 votes
# A k-mer found in more places than this says nothing about where a passage is ("andthe...").
MAX_POSITIONS = 48
MAX_CANDIDATES = 8  # diagonals refined per piece; a passage rarely occurs more often
SHORT = 3 * K  # pieces under this are first looked for verbatim
EDGE = 40  # chars compared when settling a boundary


@dataclass(frozen=True, slots=True)
class Span:
    """A place in the normalised manuscript, [start, end), and how well the piece matched it."""

    start: int
    end: int
    score: float


class ManuscriptIndex:
    """The normalised manuscript and its k-mer index; answers where a normalised piece lies."""

    def __init__(self, text: str) -> None:
        self.normalized: Normalized = normalize(text)
        folded = self.normalized.text
        index: dict[str, list[int]] = {}
        for position in range(0, len(folded) - K + 1, STRIDE):
            kmer = folded[position : position + K]
            places = index.get(kmer)
            if places is None:
                index[kmer] = [position]
            elif len(places) <= MAX_POSITIONS:
                places.append(position)
        self._index = index

    @property
    def folded(self) -> str:
        return self.normalized.text

    def places(self, piece: str) -> list[Span]:
        """The best placements of normalised `piece`, best first, overlapping ones merged."""
        if len(piece) < SHORT:
            # Few k-mers to vote with: an exact copy is the likely case, and cheap to find.
            exact = self._exact_places(piece)
            if exact or len(piece) < K + STRIDE:
                return exact
        spans = [self._refine(piece, lo, hi) for lo, hi in self._candidate_windows(piece)]
        return without_overlaps(sorted(spans, key=lambda s: (-s.score, s.start)))

    def place_between(self, piece: str, lo: int, hi: int, *, from_end: bool = False) -> Span | None:
        """`piece` placed inside [lo, hi) of the normalised manuscript, if anywhere there; of
        exact copies, the first (or with `from_end`, the last) wins: the one nearest its
        neighbour piece."""
        lo, hi = max(0, lo), min(len(self.folded), hi)
        if hi - lo < len(piece) // 2 or not piece:
            return None
        found = (self.folded.rfind if from_end else self.folded.find)(piece, lo, hi)
        if found >= 0:
            return Span(found, found + len(piece), 1.0)
        if len(piece) >= K + STRIDE:
            inside = [
                self._refine(piece, max(lo, a), min(hi, b))
                for a, b in self._candidate_windows(piece)
                if a < hi and b > lo
            ]
            inside = [span for span in inside if lo <= span.start and span.end <= hi]
            if inside:
                return max(inside, key=lambda span: span.score)
        return self._refine(piece, lo, hi)

    def _exact_places(self, piece: str) -> list[Span]:
        found: list[Span] = []
        if not piece:
            return found
        position = self.folded.find(piece)
        while position >= 0 and len(found) < 4 * MAX_CANDIDATES:
            found.append(Span(position, position + len(piece), 1.0))
            position = self.folded.find(piece, position + len(piece))
        return found

    def _candidate_windows(self, piece: str) -> list[tuple[int, int]]:
        """Windows of the manuscript around the diagonals that got most k-mer votes."""
        votes: Counter[int] = Counter()
        index = self._index
        for offset in range(len(piece) - K + 1):
            places = index.get(piece[offset : offset + K])
            if places is not None and len(places) <= MAX_POSITIONS:
                votes.update(place - offset for place in places)
        if not votes:
            return []
        # Indels shift the diagonal by a few chars along the passage: diagonals close together
        # are one candidate.
        drift = max(8, len(piece) // 10)
        groups: list[tuple[int, int, int]] = []  # (votes, lowest diagonal, highest diagonal)
        for diagonal in sorted(votes):
            count = votes[diagonal]
            if groups and diagonal - groups[-1][2] <= drift:
                total, low, _ = groups[-1]
                groups[-1] = (total + count, low, diagonal)
            else:
                groups.append((count, diagonal, diagonal))
        groups.sort(reverse=True)
        best = groups[0][0]
        slack = max(8, len(piece) // 8)
        return [
            (low - slack, high + len(piece) + slack)
            for count, low, high in groups[:MAX_CANDIDATES]
            if count >= max(1 if len(piece) < SHORT else 2, best // 4)
        ]

    def _refine(self, piece: str, lo: int, hi: int) -> Span:
        folded = self.folded
        lo, hi = max(0, lo), min(len(folded), hi)
        window = folded[lo:hi]
        alignment = fuzz.partial_ratio_alignment(piece, window)
        if alignment is None:
            return Span(lo, lo, 0.0)
        start = self._settle_start(piece, lo + alignment.dest_start)
        end = self._settle_end(piece, start, lo + alignment.dest_end)
        distance = Levenshtein.distance(piece, folded[start:end])
        return Span(start, end, max(0.0, 1.0 - distance / max(len(piece), end - start, 1)))

    def _settle_start(self, piece: str, guess: int) -> int:
        """The start near `guess` whose first EDGE chars best match the piece's."""
        folded = self.folded
        edge = min(len(piece), EDGE)
        reach = max(4, len(piece) // 12)
        anchor = guess + edge  # fixed, so only the start moves between tries
        head = piece[:edge]
        tries = range(max(0, guess - reach), min(len(folded), guess + reach) + 1)

        def cost(start: int) -> tuple[int, int]:
            return Levenshtein.distance(head, folded[start:anchor]), abs(anchor - start - edge)

        return min(tries, key=cost)

    def _settle_end(self, piece: str, start: int, guess: int) -> int:
        """The end near `guess` whose last EDGE chars best match the piece's."""
        folded = self.folded
        edge = min(len(piece), EDGE)
        reach = max(4, len(piece) // 12)
        anchor = max(start, guess - edge)
        tail = piece[-edge:]
        tries = range(max(start + 1, guess - reach), min(len(folded), guess + reach) + 1)
        if not tries:
            return guess

        def cost(end: int) -> tuple[int, int]:
            return Levenshtein.distance(tail, folded[anchor:end]), abs(end - anchor - edge)

        return min(tries, key=cost)


def without_overlaps(spans: list[Span]) -> list[Span]:
    """`spans` (best first) without any that overlaps a better one (two windows, one place)."""
    kept: list[Span] = []
    for span in spans:
        if span.end > span.start and all(
            span.end <= other.start or span.start >= other.end for other in kept
        ):
            kept.append(span)
    return kept


def paragraph_of(starts: list[int], offset: int) -> int:
    """The 0-based paragraph holding original `offset`, given the paragraphs' start offsets."""
    return max(0, bisect_left(starts, offset + 1) - 1)

"""Every flagged passage of a report placed in the manuscript, or None where it is not there.

A passage with ellipses ("first part ... second part") is matched piece by piece, the pieces
chained in order within MAX_GAP of each other. When a passage fits equally well in several places
(a repeated paragraph), the place that keeps the report's order wins. A place that scores under
the threshold is no place: `None` is better than a wrong place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docflags_gui.matching import DEFAULT_MIN_SCORE
from docflags_gui.matching.aligner import ManuscriptIndex, Span, without_overlaps
from docflags_gui.matching.normalize import normalize

# "...", "…", ". . .", "[...]", "(…)": an omission inside a quoted passage.
_ELLIPSIS = re.compile(r"[\[(]?\s*(?:\.\s*\.\s*\.|…)\s*[\])]?")
MAX_GAP = 3000  # normalised chars an ellipsis may leave out between two pieces
MIN_PIECE = 6  # shorter pieces (after normalising) say nothing on their own
TIE = 0.02  # places scoring within this of the best are the same passage found twice


@dataclass(frozen=True, slots=True)
class Placement:
    """A passage's place as original manuscript offsets [start, end), with its score in [0, 1]."""

    start: int
    end: int
    score: float


def split_pieces(passage: str) -> list[str]:
    """The passage's normalised pieces between ellipses, dropping any too short to place."""
    folded = [normalize(part).text for part in _ELLIPSIS.split(passage)]
    pieces = [piece for piece in folded if len(piece) >= MIN_PIECE]
    if not pieces:
        whole = "".join(folded)
        return [whole] if whole else []
    return pieces


def required_score(length: int, min_score: float) -> float:
    """Short passages need a closer match: a few wrong letters in 20 can make another phrase."""
    if length < 24:
        return max(min_score, 0.95)
    if length < 48:
        return max(min_score, 0.88)
    return min_score


class PassageMatcher:
    """Places passages in one manuscript; `match_all` resolves repeats by report order."""

    def __init__(self, manuscript_text: str, min_score: float = DEFAULT_MIN_SCORE) -> None:
        self.index = ManuscriptIndex(manuscript_text)
        self.min_score = min_score

    def candidates(self, passage: str) -> list[Span]:
        """Acceptable places of `passage` in the normalised manuscript, best first."""
        pieces = split_pieces(passage)
        if not pieces:
            return []
        chains = self.index.places(pieces[0]) if len(pieces) == 1 else self._chains(pieces)
        needed = required_score(sum(len(p) for p in pieces), self.min_score)
        return [span for span in chains if span.score >= needed]

    def _chains(self, pieces: list[str]) -> list[Span]:
        """Places of a passage with ellipses: anchored on its longest piece, the others placed
        after (or before) their neighbour within MAX_GAP; unplaced pieces score 0."""
        anchor = max(range(len(pieces)), key=lambda i: len(pieces[i]))
        total = sum(len(piece) for piece in pieces)
        chains: list[Span] = []
        for anchor_span in self.index.places(pieces[anchor]):
            weighted = anchor_span.score * len(pieces[anchor])
            start, end = anchor_span.start, anchor_span.end
            edge = end
            for piece in pieces[anchor + 1 :]:
                span = self.index.place_between(piece, edge, edge + MAX_GAP + len(piece))
                if span is not None and span.score >= 0.6:
                    weighted += span.score * len(piece)
                    edge = end = span.end
            edge = start
            for piece in reversed(pieces[:anchor]):
                span = self.index.place_between(
                    piece, edge - MAX_GAP - len(piece), edge, from_end=True
                )
                if span is not None and span.score >= 0.6:
                    weighted += span.score * len(piece)
                    edge = start = span.start
            chains.append(Span(start, end, weighted / total))
        # Of chains as good, the tightest: an ellipsis leaves out a little, not pages.
        chains.sort(key=lambda span: (-span.score, span.end - span.start, span.start))
        return without_overlaps(chains)

    def match_all(
        self,
        passages: Sequence[str | None],
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Placement | None]:
        """Each passage's place (None: not in the manuscript, or no text to look for).

        Passages are taken to be in report order: of equally good places, each passage gets
        the first one after the previous passage's place.
        """
        found: list[list[Span]] = []
        for number, passage in enumerate(passages, start=1):
            found.append(self.candidates(passage) if passage else [])
            if progress is not None:
                progress(number, len(passages))
        chosen = _resolve_order(found)
        return [self._to_original(span) if span is not None else None for span in chosen]

    def _to_original(self, span: Span) -> Placement:
        start, end = self.index.normalized.span(span.start, span.end)
        return Placement(start, end, round(span.score, 4))


def _resolve_order(found: list[list[Span]]) -> list[Span | None]:
    """One place per passage: the best, or among places as good as the best the one that keeps
    the report's order (after the previous passage, before the next unambiguous one)."""
    ties = [
        sorted((s for s in spans if s.score >= spans[0].score - TIE), key=lambda s: s.start)
        if spans
        else []
        for spans in found
    ]
    # The place of the next passage found in one place only, for each passage.
    following_fixed: list[int | None] = [None] * len(ties)
    upcoming: int | None = None
    for number in range(len(ties) - 1, -1, -1):
        following_fixed[number] = upcoming
        if len(ties[number]) == 1:
            upcoming = ties[number][0].start
    chosen: list[Span | None] = []
    previous_end = 0
    for number, tied in enumerate(ties):
        if not tied:
            chosen.append(None)
            continue
        following = following_fixed[number]
        # Flagged passages do not overlap: the next one starts after this one ends.
        after = [s for s in tied if s.start >= previous_end]
        between = [s for s in after if following is None or s.start <= following]
        pick = (between or after or tied)[0]
        chosen.append(pick)
        previous_end = pick.end
    return chosen

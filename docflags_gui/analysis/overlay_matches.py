"""New Turnitin's overlay polygons (FORMATS.md §6.4): one flag per match, from the drawing order.

pdf-lib draws each match as its first segment, an opaque round badge centred exactly on that
segment's top-left corner (the source number in it as real text), then the match's other
segments, in the match's reading order; matches follow one another by source number, not by
position, and the segments before the first badge of a page continue the previous page's last
match. Only that order ties a match together: its runs may be split by unmatched words, drawn
in several abutting pieces, jump columns, or be the cells of a table-of-contents row whose text
layer lists the cells column by column. So on such pages (`OverlayPages.applies`) a match is:

- a badge and the runs drawn from its first segment on, in the badge's colour, up to the next
  badge or colour change; runs before any badge of the page (or of another colour without a
  badge) are a badge-less match of their own;
- its text is its runs' covered words in drawing order (a word cut between two pieces measured
  against both), each word once;
- a submission's running header it covers is flagged text (`furniture.repeated_line_seqs`).

A badge-less match before the page's first badge starts the page (it goes on from the previous
page); the match ending last in reading order may go on to the next page.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from docflags_gui.analysis.badges import Badge
from docflags_gui.analysis.colors import same_declared_color
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.geometry import Rect, union_rect
from docflags_gui.analysis.joining import join_pieces
from docflags_gui.analysis.marks import Mark
from docflags_gui.analysis.model import Flag
from docflags_gui.analysis.page_edges import PageEdges
from docflags_gui.analysis.paragraph_marks import PARAGRAPH_COLORS
from docflags_gui.analysis.words import CoveredPiece, WordFilter

# How far (points) a round badge's centre may lie from its first segment's top-left corner.
CORNER = 1.5
# Pieces of one line run abut within this much (points).
JOIN_SLACK = 0.6
# A round badge is about as wide as tall, and at least this big (points).
MIN_BADGE = 8.0


class OverlayRun(Protocol):
    """What this module needs of one mark over text (`drawn._Run`)."""

    mark: Mark
    rect: Rect
    pieces: list[CoveredPiece]
    first: int
    last: int
    parts: list[Rect]


@dataclass
class _Match:
    color: str
    badge: Badge | None
    runs: list[OverlayRun] = field(default_factory=list)
    before_badges: bool = False  # drawn before the page's first badge


def corner_badge(badge: Badge, marks: Sequence[Mark], seqnos: Sequence[int]) -> bool:
    """True when `badge` is round and centred on the top-left corner of the segment of its
    colour drawn right before it (the last mark before it in the content stream, or the first
    of the abutting pieces that end there), or right after it. `marks` in stream order,
    `seqnos` theirs."""
    if badge.seqno is None or not _round(badge):
        return False
    at = bisect.bisect_left(seqnos, badge.seqno)
    after = next((m for m in marks[at:] if m.seqno > badge.seqno and not m.curved), None)
    if after is not None and _fits(badge, after.color) and _on_corner(badge, after.rect):
        return True
    k = at - 1
    while k >= 0 and marks[k].curved:
        k -= 1
    if k < 0 or not _fits(badge, marks[k].color):
        return False
    while True:
        if _on_corner(badge, marks[k].rect):
            return True
        if k == 0 or not _abut(marks[k - 1], marks[k]):
            return False
        k -= 1


def overlay_marks(marks: Sequence[Mark], badges: Sequence[Badge]) -> tuple[list[Mark], list[Badge]]:
    """The page's marks with pieces joined (`joined_pieces`), and its badges: boxed ones only
    when round (a narrow piece of a segment holding a badge digit is no badge)."""
    curved = {m.seqno for m in marks if m.curved}
    kept = [b for b in badges if b.seqno is None or b.seqno in curved]
    return joined_pieces(marks, kept), kept


def joined_pieces(marks: Sequence[Mark], badges: Sequence[Badge]) -> list[Mark]:
    """`marks` with each line run drawn as several abutting pieces (one after the other in the
    stream, same colour and height, each starting where the one before ends) as one mark: a
    piece may cut a word, or be too narrow to cover a glyph on its own. The joined mark takes
    the place in the stream of the last piece before a badge (a badge follows its first
    segment, or that segment's first piece), else of the last piece."""
    badge_seqnos = {b.seqno for b in badges}
    corners = [b for b in badges if b.seqno is not None]
    out: list[Mark] = []
    last = -1  # index in `out` of the last mark that is no badge
    for mark in marks:
        if mark.seqno in badge_seqnos:
            out.append(mark)
            continue
        before = out[last] if last >= 0 else None
        if (
            before is not None
            and _abut(before, mark)
            and not any(_on_corner(b, mark.rect) for b in corners)
        ):
            rect = (before.rect[0], before.rect[1], mark.rect[2], before.rect[3])
            seqno = before.seqno if last < len(out) - 1 else mark.seqno
            out[last] = replace(before, rect=rect, seqno=seqno)
            continue
        out.append(mark)
        last = len(out) - 1
    return out


def _abut(before: Mark, mark: Mark) -> bool:
    """`mark` goes on where `before` ends, on the same line, in the same colour."""
    return (
        not mark.curved
        and not before.curved
        and mark.color == before.color
        and abs(mark.rect[1] - before.rect[1]) <= JOIN_SLACK
        and abs(mark.rect[3] - before.rect[3]) <= JOIN_SLACK
        and abs(mark.rect[0] - before.rect[2]) <= JOIN_SLACK
    )


class OverlayPages:
    """Per document: whether its pages are drawn the pdf-lib way. Once a page has a round
    corner badge, every later page is read by drawing order too (a page may hold only the
    continuation of a match, without a badge)."""

    def __init__(self) -> None:
        self.seen = False

    def applies(self, marks: Sequence[Mark], badges: Sequence[Badge]) -> bool:
        """Whether the page is read by drawing order. Not
        pages marked in a paragraph colour (an AI-writing report appended to the similarity
        report): their passages are paragraphs, with neither badges nor a drawing order."""
        if not self.seen and any(b.seqno is not None and _round(b) for b in badges):
            ordered = sorted(marks, key=lambda m: m.seqno)
            seqnos = [m.seqno for m in ordered]
            self.seen = any(corner_badge(b, ordered, seqnos) for b in badges)
        return self.seen and not any(m.color in PARAGRAPH_COLORS for m in marks)


def overlay_flags(
    ctx: PageContext,
    runs: Sequence[OverlayRun],
    badges: Sequence[Badge],
    keep: WordFilter,
    edges: PageEdges,
) -> list[Flag]:
    """The page's flags, one per match in drawing order (see the module docstring)."""
    starts = [b for b in badges if b.seqno is not None and _round(b)]
    matches = _matches(runs, starts)
    # The match ending last in reading order is the one a continuation on the next page goes
    # on (the page's body may end with footnotes or a caption after it).
    last = max(matches, key=lambda m: max(r.last for r in m.runs), default=None)
    flags: list[Flag] = []
    for match in matches:
        pieces = _pieces(ctx, match.runs, keep)
        if not pieces:
            continue
        rect = union_rect([r.rect for r in match.runs])
        flag = Flag(
            page=ctx.number,
            kind="drawn",
            text=join_pieces(pieces),
            rect=rect,
            color=match.runs[0].mark.color,
            source=match.badge.number if match.badge else None,
            order=float(min(p.word.seq for p in pieces)),
            end_page=ctx.number,
            end_rect=rect,
        )
        edges.note(
            flag,
            starts_page=match.badge is None and match.before_badges,
            ends_page=match is last,
        )
        flags.append(flag)
    return flags


def _round(badge: Badge) -> bool:
    b = badge.rect
    width, height = b[2] - b[0], b[3] - b[1]
    return width >= MIN_BADGE and abs(width - height) <= 0.2 * width


def _matches(runs: Sequence[OverlayRun], badges: Sequence[Badge]) -> list[_Match]:
    """Group runs by drawing order: a badge starts a match with the run drawn right before it
    whose top-left corner it sits on; a colour change without a badge starts a badge-less one."""
    events: list[tuple[int, int, OverlayRun | Badge]] = [(r.mark.seqno, 1, r) for r in runs]
    events += [(b.seqno or 0, 0, b) for b in badges]
    events.sort(key=lambda e: (e[0], e[1]))
    matches: list[_Match] = []
    current: _Match | None = None
    seen_badge = False
    for _, _, item in events:
        if isinstance(item, Badge):
            seen_badge = True
            moved: list[OverlayRun] = []
            if current is not None and current.runs:
                last = current.runs[-1]
                if _on_corner(item, last.rect) and _fits(item, last.mark.color):
                    moved = [current.runs.pop()]
            current = _Match(moved[0].mark.color if moved else item.color or "", item, moved)
            matches.append(current)
            continue
        run = item
        if current is not None and _takes(current, run.mark.color):
            if not current.runs:
                current.color = run.mark.color
            current.runs.append(run)
            continue
        current = _Match(run.mark.color, None, [run], before_badges=not seen_badge)
        matches.append(current)
    return [m for m in matches if m.runs]


def _takes(match: _Match, color: str) -> bool:
    """A run of `color` goes on `match` (drawn last): same colour as its last run, or as its
    badge when the badge's own segment was not found."""
    if match.runs:
        return same_declared_color(match.runs[-1].mark.color, color)
    return not match.color or same_declared_color(match.color, color)


def _on_corner(badge: Badge, rect: Rect) -> bool:
    b = badge.rect
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return abs(rect[0] - cx) <= CORNER and abs(rect[1] - cy) <= CORNER


def _fits(badge: Badge, color: str) -> bool:
    return badge.color is None or same_declared_color(badge.color, color)


def _pieces(ctx: PageContext, runs: Sequence[OverlayRun], keep: WordFilter) -> list[CoveredPiece]:
    """The match's covered words in drawing order, each word once; a word that two runs in a
    row cover in part (a polygon cut inside it) is measured against both."""
    out: list[CoveredPiece] = []
    taken: set[int] = set()
    previous: OverlayRun | None = None
    for run in runs:
        for k, piece in enumerate(run.pieces):
            seq = piece.word.seq
            if k == 0 and previous is not None and out and out[-1].word.seq == seq:
                if not (out[-1].whole and piece.whole):
                    rects = [*(previous.parts or [previous.rect]), *(run.parts or [run.rect])]
                    again = ctx.text.covered_pieces(rects, _only(seq, keep))
                    if again:
                        out[-1] = again[0]
                continue
            if seq in taken:
                continue
            taken.add(seq)
            out.append(piece)
        previous = run
    return out


def _only(seq: int, keep: WordFilter) -> WordFilter:
    return lambda w: w.seq == seq and keep(w)

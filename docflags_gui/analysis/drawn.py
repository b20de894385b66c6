"""Vector marks painted into the page (fills, polygons, underline strokes) as flags.

Rules, in the order they apply:

1. Marks come from `marks.page_marks` (chromatic, not annotation appearances, not link boxes)
   and `image_overlay` (translucent highlight images over the text, with their image badges).
   Badge boxes (`badges.py`) and dark bands (`furniture.band_rects`) are not marks; nor are
   fills with a border of another colour or bounded by a vertical rule (boxes, table cells),
   or chart bars (`charts.py`).
2. A mark's text is what it covers under the one coverage rule (`PageText.covered_pieces`),
   without furniture and badge digits. A mark that covers no text is not a drawn flag (marks
   over raster images are `raster.py`'s; chart and figure markers cover nothing). One outline
   around several lines (a staircase polygon) covers, per line, only what it encloses.
3. A mark must hug the text it covers: fills reaching far beyond their words on any side are
   table shading, chart bars or panels, not highlights; so are marks whose words stand apart
   like table cells. A dark fill under light text is a band.
   An underline stroke marks the words of the line just above it, unless it is typography: in
   its text's own colour or inside a link's rect (`link_text`), or under a heading (a title
   rule).
4. Runs of one colour join into one passage when the next run starts at the body word right
   after the previous run's last word (line, paragraph and column breaks included) — unless a
   badge ends the previous run (superscript, boxed, bare or glued to the last word) or starts
   the next one (tag above-left, margin square).
5. A passage that reaches the last body word of its page, without a closing badge, continues on
   the next page when a passage of the same kind and colour starts at that page's first body
   word without a badge of its own (`page_edges.PageEdges`, which coloured text uses too).
6. In a colour that marks whole paragraphs (AI-writing reports), a paragraph is a passage of
   its own, and a short last line does not go on over the page break (`paragraph_marks`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from docflags_gui.analysis import badges as badge_rules
from docflags_gui.analysis.badges import (
    MARGIN,
    SUPERSCRIPT,
    Badge,
    badge_seqs,
    glued_superscript,
    page_badges,
)
from docflags_gui.analysis.charts import chart_bar_seqnos
from docflags_gui.analysis.colors import same_declared_color
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.distractors import (
    crossing,
    decorative_underline,
    hugs,
    is_band,
    is_table_cell,
    light_text_on_dark,
    outline_rows,
    tabular,
    underline_area,
)
from docflags_gui.analysis.furniture import band_rects, furniture_seqs
from docflags_gui.analysis.geometry import Rect, union_rect
from docflags_gui.analysis.image_overlay import image_overlay
from docflags_gui.analysis.joining import join_pieces
from docflags_gui.analysis.marks import UNDERLINE, Mark, page_marks, vertical_rules
from docflags_gui.analysis.model import Flag
from docflags_gui.analysis.page_edges import PageEdges
from docflags_gui.analysis.paragraph_marks import line_gaps, new_paragraph, short_last_line
from docflags_gui.analysis.words import CoveredPiece, Word, WordFilter

KIND = "drawn"


@dataclass
class _Run:
    """One mark over text: its area, what it covers and where that lies in the body text."""

    mark: Mark
    rect: Rect
    pieces: list[CoveredPiece]
    first: int  # body position of the first covered word
    last: int
    start_badge: Badge | None = None
    end_badge: Badge | None = None
    parts: list[Rect] = field(default_factory=list)  # what covers text: `rect` or outline rows


@dataclass
class _Passage:
    runs: list[_Run] = field(default_factory=list)
    closed: bool = False  # ends its paragraph: does not go on over the page break (rule 6)

    @property
    def last(self) -> int:
        return max(r.last for r in self.runs)


def body_filter(ctx: PageContext) -> frozenset[int]:
    """`Word.seq`s that never enter a flag's text: furniture and badge digits."""
    return furniture_seqs(ctx) | badge_seqs(ctx)


class DrawnMarks(Detector):
    """Vector marks over the text layer (rules 1-5 above)."""

    stage = "marks"

    def __init__(self, doc: DocContext) -> None:
        super().__init__(doc)
        self.edges = PageEdges()

    def find(self, page: PageContext) -> list[Flag]:
        return find_drawn_flags(page, self.edges)

    def finish(self, flags: list[Flag]) -> list[Flag]:
        return self.edges.join_across_pages(sorted(flags, key=Flag.sort_key))


def find_drawn_flags(ctx: PageContext, edges: PageEdges) -> list[Flag]:
    """The page's drawn flags; those at the edges of its body are noted in `edges`."""
    if ctx.is_summary:
        return []
    overlay = image_overlay(ctx)
    marks = page_marks(ctx) + overlay.marks if overlay.marks else page_marks(ctx)
    words = ctx.text.words
    if not marks or not words:
        return []
    badges = page_badges(ctx) + overlay.badges if overlay.badges else page_badges(ctx)
    badge_boxes = {(b.rect, b.seqno) for b in badges if b.seqno is not None}
    excluded = body_filter(ctx)
    # A body word's position among the body words: its own less the excluded words before it
    # (few: furniture and badge digits), without a pass over all the words of the page.
    skipped = sorted(excluded)

    def body_pos(seq: int) -> int:
        return seq - bisect.bisect_left(skipped, seq)

    def keep(w: Word) -> bool:
        return w.seq not in excluded

    bands = band_rects(ctx)
    rules = vertical_rules(ctx) if any(m.shape != UNDERLINE for m in marks) else []
    bars = chart_bar_seqnos(ctx)
    runs: list[_Run] = []
    for mark in marks:
        if (mark.rect, mark.seqno) in badge_boxes or is_band(mark, bands):
            continue
        if mark.framed or is_table_cell(mark, rules) or mark.seqno in bars:
            continue
        area = underline_area(ctx, mark) if mark.shape == UNDERLINE else mark.rect
        if area is None:
            continue
        parts = outline_rows(ctx, mark.outline, area) if mark.outline else [area]
        pieces = ctx.text.covered_pieces(parts, crossing(area, keep))
        if not pieces or not hugs(area, pieces) or light_text_on_dark(ctx, mark, area):
            continue
        if tabular(pieces):
            continue
        if mark.shape == UNDERLINE and decorative_underline(ctx, mark, area, pieces):
            continue
        runs.append(
            _Run(
                mark,
                area,
                pieces,
                body_pos(pieces[0].word.seq),
                body_pos(pieces[-1].word.seq),
                parts=parts,
            )
        )
    if not runs:
        return []
    for run in runs:
        _glued_source(ctx, run)
    _attach_badges(runs, badges)
    flags: list[Flag] = []
    body_count = len(words) - len(excluded)
    for passage in _passages(runs):
        flags.append(_flag(ctx, passage, keep, body_count, edges))
    return flags


def _glued_source(ctx: PageContext, run: _Run) -> None:
    """A superscript source number glued to the run's last word ("passage3") ends the run; its
    digits leave the text even when the mark covers them."""
    last = run.pieces[-1]
    if not last.word.text[-1:].isdigit():
        return
    badge = glued_superscript(ctx, last.word)
    if badge is None:
        return
    run.end_badge = badge
    digits = str(badge.number)
    if last.text.endswith(digits) and len(last.text) > len(digits):
        run.pieces[-1] = CoveredPiece(last.word, last.text[: -len(digits)], False)


def _attach_badges(runs: list[_Run], badges: Sequence[Badge]) -> None:
    for badge in badges:
        if badge.kind == MARGIN:
            _attach_margin_badge(runs, badge)
            continue
        enders = [
            r
            for r in runs
            if badge_rules.ends_mark(badge, r.rect)
            and _color_fits(badge, r)
            and r.end_badge is None
        ]
        starters = (
            []
            if badge.kind == SUPERSCRIPT
            else [
                r
                for r in runs
                if badge_rules.starts_mark(badge, r.rect)
                and _color_fits(badge, r)
                and r.start_badge is None
            ]
        )
        if enders and starters and badge.seqno is not None:
            # Both fit: the content stream tells (a tag comes right before its match's marks).
            seq = badge.seqno
            after = min(abs(r.mark.seqno - seq) for r in starters)
            before = min(abs(r.mark.seqno - seq) for r in enders)
            if after < before:
                enders = []
            else:
                starters = []
        if enders:
            min(enders, key=lambda r: abs(r.rect[2] - badge.rect[0])).end_badge = badge
        elif starters:
            min(starters, key=lambda r: abs(r.rect[0] - badge.rect[0])).start_badge = badge


def _attach_margin_badge(runs: list[_Run], badge: Badge) -> None:
    """A margin square names the match starting on its line: of the runs of its colour there
    that start something, the one drawn last before it (new Turnitin draws the square right
    after its match's marks), else the leftmost."""
    row = [
        r
        for r in runs
        if _color_fits(badge, r)
        and r.start_badge is None
        and badge_rules.starts_mark(badge, r.rect)
    ]
    if not row:
        return
    assert badge.seqno is not None
    # A run that continues a run of its colour ending just before it (the rest of an earlier
    # match) does not start a match, whatever the drawing order.
    fresh = [r for r in row if not any(_continues(o, r) for o in runs)]
    row = fresh or row
    earlier = [r for r in row if r.mark.seqno < badge.seqno]
    if earlier:
        max(earlier, key=lambda r: r.mark.seqno).start_badge = badge
    else:
        min(row, key=lambda r: r.rect[0]).start_badge = badge


def _continues(before: _Run, run: _Run) -> bool:
    """`run` carries on `before` to a new line: same colour, starting at the body word right
    after `before`'s last one, which is on an earlier line (on one line, two marks that touch
    are two matches)."""
    if before is run or before.mark.color != run.mark.color or before.last + 1 != run.first:
        return False
    end, start = before.pieces[-1].word, run.pieces[0].word
    return start.y0 >= (end.y0 + end.y1) / 2 or start.x0 < end.x0


def _color_fits(badge: Badge, run: _Run) -> bool:
    return badge.color is None or same_declared_color(badge.color, run.mark.color)


def _passages(runs: list[_Run]) -> list[_Passage]:
    """Rule 4: group runs into passages, in reading order."""
    runs.sort(key=lambda r: (r.first, r.last, r.mark.seqno))
    marks = [(r.mark.color, r.rect) for r in runs]
    gaps = line_gaps(marks)
    passages: list[_Passage] = []
    open_by_color: dict[tuple[str, bool], _Passage] = {}
    for run in runs:
        key = (run.mark.color, run.mark.shape == UNDERLINE)
        current = open_by_color.get(key)
        if (
            current is not None
            and run.start_badge is None
            and current.runs[-1].end_badge is None
            and run.first <= current.last + 1
            and not new_paragraph(run.mark.color, current.runs[-1].rect, run.rect, gaps)
        ):
            current.runs.append(run)
        else:
            current = _Passage([run])
            passages.append(current)
            open_by_color[key] = current
    for passage in passages:
        last = passage.runs[-1]
        passage.closed = short_last_line(last.mark.color, last.rect, marks)
    return passages


def _flag(
    ctx: PageContext, passage: _Passage, keep: WordFilter, body_count: int, edges: PageEdges
) -> Flag:
    runs = passage.runs
    rects = [r.rect for r in runs]
    pieces = _merged_pieces(ctx, runs, keep)
    first_run = min(runs, key=lambda r: r.first)
    last_run = max(runs, key=lambda r: r.last)
    start_badge = first_run.start_badge
    end_badge = last_run.end_badge
    source = start_badge.number if start_badge else end_badge.number if end_badge else None
    rect = union_rect(rects)
    flag = Flag(
        page=ctx.number,
        kind=KIND,
        text=join_pieces(pieces),
        rect=rect,
        color=runs[0].mark.color,
        source=source,
        order=float(pieces[0].word.seq) if pieces else None,
        end_page=ctx.number,
        end_rect=rect,
    )
    edges.note(
        flag,
        starts_page=first_run.first == 0 and start_badge is None,
        ends_page=passage.last == body_count - 1 and end_badge is None and not passage.closed,
    )
    return flag


def _merged_pieces(ctx: PageContext, runs: Sequence[_Run], keep: WordFilter) -> list[CoveredPiece]:
    """The passage's covered words in reading order, reusing each run's pieces. Only a word that
    several runs cover in part (a mark split inside a word) is measured again against all of
    them, so the coverage rule sees the whole mark."""
    if all(
        before.pieces[-1].word.seq < after.pieces[0].word.seq
        for before, after in itertools.pairwise(runs)
    ):
        # Runs one after the other (one per line, the usual case): their pieces, each in
        # reading order with one piece per word, are the passage's as they are.
        return [piece for run in runs for piece in run.pieces]
    by_seq: dict[int, list[tuple[CoveredPiece, list[Rect]]]] = {}
    for run in runs:
        for piece in run.pieces:
            by_seq.setdefault(piece.word.seq, []).append((piece, run.parts or [run.rect]))
    merged: list[CoveredPiece] = []
    for seq in sorted(by_seq):
        found = by_seq[seq]
        whole = [p for p, _ in found if p.whole]
        if whole or len(found) == 1:
            merged.append(whole[0] if whole else found[0][0])
            continue
        rects = [rect for _, parts in found for rect in parts]
        merged.extend(ctx.text.covered_pieces(rects, _only(seq, keep)) or [found[0][0]])
    return merged


def _only(seq: int, keep: WordFilter) -> WordFilter:
    return lambda w: w.seq == seq and keep(w)

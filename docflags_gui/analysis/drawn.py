"""Vector marks painted into the page (fills, polygons, underline strokes) as flags.

Rules, in the order they apply:

1. Marks come from `marks.page_marks` (chromatic, not annotation appearances, not link boxes).
   Badge boxes (`badges.py`) and dark bands (`furniture.band_rects`) are not marks; nor are
   fills with a border of another colour or bounded by a vertical rule (boxes, table cells).
2. A mark's text is what it covers under the one coverage rule (`PageText.covered_pieces`),
   without furniture and badge digits. A mark that covers no text is not a drawn flag (marks
   over raster images are `raster.py`'s; chart and figure markers cover nothing). One outline
   around several lines (a staircase polygon) covers, per line, only what it encloses.
3. A mark must hug the text it covers: fills reaching far beyond their words on any side are
   table shading, chart bars or panels, not highlights. A dark fill under light text is a band.
   An underline stroke marks the words of the line just above it, unless it is typography: in
   its text's own colour (links) or under a heading (a title rule).
4. Runs of one colour join into one passage when the next run starts at the body word right
   after the previous run's last word (line, paragraph and column breaks included) — unless a
   badge ends the previous run (superscript, boxed, bare or glued to the last word) or starts
   the next one (tag above-left, margin square).
5. A passage that reaches the last body word of its page, without a closing badge, continues on
   the next page when a passage of the same kind and colour starts at that page's first body
   word without a badge of its own (`join_across_pages`, open to other detectors through
   `note_page_edges`).
"""

from __future__ import annotations

import statistics
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
    usual_word_height,
)
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.furniture import band_rects, furniture_seqs
from docflags_gui.analysis.marks import UNDERLINE, Mark, luminance, page_marks, vertical_rules
from docflags_gui.analysis.model import Flag, Rect
from docflags_gui.analysis.textlayer import (
    MIN_GLYPH_COVERAGE,
    CoveredPiece,
    Word,
    WordFilter,
    join_pieces,
    join_texts_by_line,
    union_rect,
)

KIND = "drawn"
_EDGES_KEY = "drawn.page_edges"
# Text on a dark fill counts as light (a band) above this luminance.
LIGHT_TEXT = 0.7
DARK_FILL = 0.45
# Words this much taller than the page's usual words are a heading.
HEADING_SHARE = 1.3


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

    @property
    def last(self) -> int:
        return max(r.last for r in self.runs)


def body_filter(ctx: PageContext) -> frozenset[int]:
    """`Word.seq`s that never enter a flag's text: furniture and badge digits."""
    return furniture_seqs(ctx) | badge_seqs(ctx)


def find_drawn_flags(ctx: PageContext) -> list[Flag]:
    if ctx.is_summary:
        return []
    marks = page_marks(ctx)
    words = ctx.text.words
    if not marks or not words:
        return []
    badges = page_badges(ctx)
    badge_boxes = {(b.rect, b.seqno) for b in badges if b.seqno is not None}
    excluded = body_filter(ctx)
    body_pos: dict[int, int] = {}
    for w in words:
        if w.seq not in excluded:
            body_pos[w.seq] = len(body_pos)

    def keep(w: Word) -> bool:
        return w.seq not in excluded

    bands = band_rects(ctx)
    rules = vertical_rules(ctx) if any(m.shape != UNDERLINE for m in marks) else []
    runs: list[_Run] = []
    for mark in marks:
        if (mark.rect, mark.seqno) in badge_boxes or _is_band(mark, bands):
            continue
        if mark.framed or _is_table_cell(mark, rules):
            continue
        area = underline_area(ctx, mark) if mark.shape == UNDERLINE else mark.rect
        if area is None:
            continue
        parts = outline_rows(ctx, mark.outline, area) if mark.outline else [area]
        pieces = ctx.text.covered_pieces(parts, _crossing(area, keep))
        if not pieces or not _hugs(area, pieces) or _light_text_on_dark(ctx, mark, area):
            continue
        if mark.shape == UNDERLINE and _decorative_underline(ctx, mark, area, pieces):
            continue
        runs.append(
            _Run(
                mark,
                area,
                pieces,
                body_pos[pieces[0].word.seq],
                body_pos[pieces[-1].word.seq],
                parts=parts,
            )
        )
    if not runs:
        return []
    for run in runs:
        _glued_source(ctx, run)
    _attach_badges(runs, badges)
    flags: list[Flag] = []
    for passage in _passages(runs):
        flags.append(_flag(ctx, passage, keep, len(body_pos)))
    return flags


def _crossing(area: Rect, keep: WordFilter) -> WordFilter:
    """`keep`, narrowed to words that `area` crosses across the lines' height (or width, for a
    tall mark over vertical text). A glyph spans its line's height, so a word that the mark
    touches by less than MIN_GLYPH_COVERAGE of it (the line above or below) cannot have a glyph
    covered under the coverage rule: dropping it early spares per-glyph extraction."""
    if area[2] - area[0] >= area[3] - area[1]:

        def across(w: Word) -> bool:
            overlap = min(w.y1, area[3]) - max(w.y0, area[1])
            return overlap >= MIN_GLYPH_COVERAGE * (w.y1 - w.y0) and keep(w)

    else:

        def across(w: Word) -> bool:
            overlap = min(w.x1, area[2]) - max(w.x0, area[0])
            return overlap >= MIN_GLYPH_COVERAGE * (w.x1 - w.x0) and keep(w)

    return across


def outline_rows(ctx: PageContext, outline: Sequence[tuple[float, float]], box: Rect) -> list[Rect]:
    """One outline around several lines of text (a staircase polygon), cut into one rectangle
    per text line: where the outline crosses the line's middle, over the line's height."""
    rows: list[Rect] = []
    done: set[tuple[int, int]] = set()
    for w in ctx.text.words:
        cy = (w.y0 + w.y1) / 2
        if w.line_key in done or not box[1] <= cy <= box[3] or w.x1 < box[0] or w.x0 > box[2]:
            continue
        done.add(w.line_key)
        xs = sorted(_crossings(outline, cy))
        rows.extend((xs[i], w.y0, xs[i + 1], w.y1) for i in range(0, len(xs) - 1, 2))
    return rows or [box]


def _crossings(points: Sequence[tuple[float, float]], y: float) -> list[float]:
    """x where the closed polygon `points` crosses the horizontal line at `y`."""
    xs: list[float] = []
    n = len(points)
    for i in range(n):
        (x0, y0), (x1, y1) = points[i], points[(i + 1) % n]
        if (y0 <= y < y1) or (y1 <= y < y0):
            xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    return xs


def underline_area(ctx: PageContext, mark: Mark) -> Rect | None:
    """The text line an underline stroke marks: the line whose lower part the stroke crosses
    or that ends just above it. None when no text lies above the stroke."""
    x0, x1 = mark.rect[0], mark.rect[2]
    y = (mark.rect[1] + mark.rect[3]) / 2
    best: Word | None = None
    for w in ctx.text.words:
        if w.x1 <= x0 or w.x0 >= x1:
            continue
        h = w.y1 - w.y0
        if w.y0 + 0.5 * h <= y <= w.y1 + 3.0 and (best is None or w.y1 < best.y1 - 0.5):
            best = w
    if best is None:
        return None
    return (x0, best.y0, x1, max(best.y1, y))


def _is_band(mark: Mark, bands: Sequence[Rect]) -> bool:
    r = mark.rect
    return any(all(abs(r[i] - b[i]) < 0.5 for i in range(4)) for b in bands)


def _is_table_cell(mark: Mark, rules: Sequence[tuple[float, float, float]]) -> bool:
    """A fill whose left or right side lies on a vertical rule (a table grid, a frame) is cell
    shading: highlights stop at their words, not at borders."""
    if mark.shape == UNDERLINE:
        return False
    x0, y0, x1, y1 = mark.rect
    need = 0.8 * (y1 - y0)
    return any(
        (abs(x - x0) <= 1.5 or abs(x - x1) <= 1.5) and min(y1, ry1) - max(y0, ry0) >= need
        for x, ry0, ry1 in rules
    )


def _hugs(area: Rect, pieces: Sequence[CoveredPiece]) -> bool:
    """True when `area` stays close to the words it covers (a highlight does; table shading,
    chart bars and panels reach far beyond their text)."""
    x0 = min(p.word.x0 for p in pieces)
    x1 = max(p.word.x1 for p in pieces)
    y0 = min(p.word.y0 for p in pieces)
    y1 = max(p.word.y1 for p in pieces)
    height = statistics.median(p.word.y1 - p.word.y0 for p in pieces)
    slack_x = max(8.0, 1.2 * height)
    slack_y = 0.6 * height + 2.0
    return (
        area[0] >= x0 - slack_x
        and area[2] <= x1 + slack_x
        and area[1] >= y0 - slack_y
        and area[3] <= y1 + slack_y
    )


def _light_text_on_dark(ctx: PageContext, mark: Mark, area: Rect) -> bool:
    """A dark fill under light text is a band or a label, not a highlight."""
    if mark.shape == UNDERLINE or luminance(mark.rgb) > DARK_FILL:
        return False
    lums = [
        luminance(((s.color >> 16) / 255, ((s.color >> 8) & 255) / 255, (s.color & 255) / 255))
        for s in ctx.text.spans
        if s.text.strip()
        and s.rect[0] < area[2]
        and s.rect[2] > area[0]
        and s.rect[1] < area[3]
        and s.rect[3] > area[1]
    ]
    return bool(lums) and statistics.median(lums) >= LIGHT_TEXT


def _decorative_underline(
    ctx: PageContext, mark: Mark, area: Rect, pieces: Sequence[CoveredPiece]
) -> bool:
    """An underline in the colour of its own text (hyperlinks, styled text) or under a heading
    (a title rule) is typography, not a mark someone made on the passage."""
    usual = usual_word_height(ctx.text.words)
    height = statistics.median(p.word.y1 - p.word.y0 for p in pieces)
    if usual > 0 and height > HEADING_SHARE * usual:
        return True
    colors = [
        s.color
        for s in ctx.text.spans
        if s.text.strip()
        and s.rect[0] < area[2]
        and s.rect[2] > area[0]
        and s.rect[1] < area[3]
        and s.rect[3] > area[1]
    ]
    if not colors:
        return False
    text = statistics.median_low(colors)
    return _close(f"#{text:06x}", mark.color)


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
    """A margin square names the match starting on its line: of the runs of its colour there,
    the one drawn last before it (the square follows its match's marks in the content stream)."""
    row = [
        r
        for r in runs
        if r.mark.color == badge.color
        and r.start_badge is None
        and badge_rules.starts_mark(badge, r.rect)
    ]
    if not row:
        return
    assert badge.seqno is not None
    earlier = [r for r in row if r.mark.seqno < badge.seqno]
    if earlier:
        max(earlier, key=lambda r: r.mark.seqno).start_badge = badge
    else:
        min(row, key=lambda r: r.rect[0]).start_badge = badge


def _color_fits(badge: Badge, run: _Run) -> bool:
    return badge.color is None or _close(badge.color, run.mark.color)


def _close(a: str, b: str) -> bool:
    """Two #rrggbb colours within rounding of each other (declared in different precisions)."""
    return all(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) <= 3 for i in (1, 3, 5))


def _passages(runs: list[_Run]) -> list[_Passage]:
    """Rule 4: group runs into passages, in reading order."""
    runs.sort(key=lambda r: (r.first, r.last, r.mark.seqno))
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
        ):
            current.runs.append(run)
        else:
            current = _Passage([run])
            passages.append(current)
            open_by_color[key] = current
    return passages


def _flag(ctx: PageContext, passage: _Passage, keep: WordFilter, body_count: int) -> Flag:
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
    note_page_edges(
        ctx.doc_ctx,
        flag,
        starts_page=first_run.first == 0 and start_badge is None,
        ends_page=passage.last == body_count - 1 and end_badge is None,
    )
    return flag


def _merged_pieces(ctx: PageContext, runs: Sequence[_Run], keep: WordFilter) -> list[CoveredPiece]:
    """The passage's covered words in reading order, reusing each run's pieces. Only a word that
    several runs cover in part (a mark split inside a word) is measured again against all of
    them, so the coverage rule sees the whole mark."""
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


def note_page_edges(doc_ctx: DocContext, flag: Flag, *, starts_page: bool, ends_page: bool) -> None:
    """Record that `flag` starts at its page's first body word / ends at its last one (with no
    badge of its own there), so `join_across_pages` may continue it across the page break."""
    edges: dict[int, tuple[Flag, bool, bool]] = doc_ctx.state.setdefault(_EDGES_KEY, {})
    edges[id(flag)] = (flag, starts_page, ends_page)


def join_across_pages(flags: list[Flag], doc_ctx: DocContext) -> list[Flag]:
    """Rule 5: join passages that continue across a page break into one flag, generic over
    kind + colour (+ source: a passage with its own badge starts a new flag)."""
    edges: dict[int, tuple[Flag, bool, bool]] = doc_ctx.state.get(_EDGES_KEY, {})
    if not edges:
        return flags
    result: list[Flag] = []
    waiting: dict[tuple[str, str | None], Flag] = {}
    for flag in sorted(flags, key=Flag.sort_key):
        entry = edges.get(id(flag))
        starts, ends = (entry[1], entry[2]) if entry and entry[0] is flag else (False, False)
        key = (flag.kind, flag.color)
        before = waiting.get(key)
        if (
            starts
            and before is not None
            and (before.end_page or before.page) + 1 == flag.page
            and (before.source is None or flag.source is None or before.source == flag.source)
        ):
            before.text = join_texts_by_line([(0, before.text), (1, flag.text)])
            before.end_page = flag.end_page or flag.page
            before.end_rect = flag.end_rect or flag.rect
            if before.source is None:
                before.source = flag.source
            if not ends:
                del waiting[key]
            continue
        result.append(flag)
        if ends:
            waiting[key] = flag
    return result

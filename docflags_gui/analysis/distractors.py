"""What looks like a drawn mark over text but is not one: bands, table cells and rows, framed
boxes, fills that do not hug their words (chart bars, panels, shading), dark fills under light
text, and underlines that are typography (link styling, title rules).

Each test takes a mark (`marks.Mark`) and, where needed, the words it covers; `drawn.py` applies
them in order. Geometry helpers that turn an underline or an outline into the area it marks live
here too, as they decide what a mark covers before any of these tests run.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence

from docflags_gui.analysis.badges import usual_word_height
from docflags_gui.analysis.colors import luminance, same_declared_color, srgb_components, srgb_hex
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.coverage import MIN_GLYPH_COVERAGE
from docflags_gui.analysis.geometry import Rect, median
from docflags_gui.analysis.link_text import underlined_as_link
from docflags_gui.analysis.marks import UNDERLINE, Mark
from docflags_gui.analysis.words import CoveredPiece, Span, Word, WordFilter

# Text on a dark fill counts as light (a band) above this luminance.
LIGHT_TEXT = 0.7
DARK_FILL = 0.45
# A gap this many line heights wide between two covered words on one line separates table cells.
TABLE_GAP = 2.0
# Words this much taller than the page's usual words are a heading.
HEADING_SHARE = 1.3


def crossing(area: Rect, keep: WordFilter) -> WordFilter:
    """`keep`, narrowed to words that `area` crosses across the lines' height (or width, for a
    tall mark over vertical text). A glyph spans its line's height, so a word that the mark
    touches by less than MIN_GLYPH_COVERAGE of it (the line above or below) cannot have a glyph
    covered under the coverage rule: dropping it early spares per-glyph extraction."""
    if area[2] - area[0] >= area[3] - area[1]:
        top, bottom = area[1], area[3]

        def across(w: Word) -> bool:
            # Called for every word a mark touches: comparisons instead of min()/max().
            overlap = (w.y1 if w.y1 < bottom else bottom) - (w.y0 if w.y0 > top else top)
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


def is_band(mark: Mark, bands: Sequence[Rect]) -> bool:
    r = mark.rect
    return any(all(abs(r[i] - b[i]) < 0.5 for i in range(4)) for b in bands)


def is_table_cell(mark: Mark, rules: Sequence[tuple[float, float, float]]) -> bool:
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


def hugs(area: Rect, pieces: Sequence[CoveredPiece]) -> bool:
    """True when `area` stays close to the words it covers (a highlight does; table shading,
    chart bars and panels reach far beyond their text)."""
    words = [p.word for p in pieces]
    x0 = min([w.x0 for w in words])
    x1 = max([w.x1 for w in words])
    y0 = min([w.y0 for w in words])
    y1 = max([w.y1 for w in words])
    height = median([w.y1 - w.y0 for w in words])
    slack_x = max(8.0, 1.2 * height)
    slack_y = 0.6 * height + 2.0
    return (
        area[0] >= x0 - slack_x
        and area[2] <= x1 + slack_x
        and area[1] >= y0 - slack_y
        and area[3] <= y1 + slack_y
    )


def tabular(pieces: Sequence[CoveredPiece]) -> bool:
    """True when the covered words of one line stand apart like table cells: a gap between two
    of them wider than TABLE_GAP line heights (running text, even justified, never has one). A
    shaded table row whose cells spread across it hugs its words at both ends, but not between.
    """
    words = [p.word for p in pieces]
    height = median([w.y1 - w.y0 for w in words])
    unit = 2 * max(height, 1.0)
    gap = TABLE_GAP * height
    rows: dict[int, list[Word]] = {}
    for w in words:
        rows.setdefault(round((w.y0 + w.y1) / unit), []).append(w)
    for row in rows.values():
        row.sort(key=lambda w: w.x0)
        if any(b.x0 - a.x1 > gap for a, b in itertools.pairwise(row)):
            return True
    return False


def light_text_on_dark(ctx: PageContext, mark: Mark, area: Rect) -> bool:
    """A dark fill under light text is a band or a label, not a highlight."""
    if mark.shape == UNDERLINE or luminance(mark.rgb) > DARK_FILL:
        return False
    lums = [luminance(srgb_components(s.color)) for s in _spans_over(ctx, area)]
    return bool(lums) and median(lums) >= LIGHT_TEXT


def _spans_over(ctx: PageContext, area: Rect) -> list[Span]:
    """The page's non-blank text spans whose boxes overlap `area`."""
    return [
        s
        for s in ctx.text.spans
        if s.text.strip()
        and s.rect[0] < area[2]
        and s.rect[2] > area[0]
        and s.rect[1] < area[3]
        and s.rect[3] > area[1]
    ]


def decorative_underline(
    ctx: PageContext, mark: Mark, area: Rect, pieces: Sequence[CoveredPiece]
) -> bool:
    """An underline in the colour of its own text (hyperlinks, styled text), inside a link's
    rect, or under a heading (a title rule) is typography, not a mark someone made on the
    passage."""
    usual = usual_word_height(ctx.text.words)
    height = median(p.word.y1 - p.word.y0 for p in pieces)
    if usual > 0 and height > HEADING_SHARE * usual:
        return True
    if underlined_as_link(ctx, mark):
        return True
    colors = [s.color for s in _spans_over(ctx, area)]
    if not colors:
        return False
    text = statistics.median_low(colors)
    return same_declared_color(srgb_hex(text), mark.color)

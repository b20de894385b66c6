"""The page's coloured vector marks: chromatic fills, polygons and underline strokes.

One collection serves every detector that looks at painted marks (drawn marks over text, badges,
marks over raster images): `page_marks(ctx)` reads `ctx.drawings` once and keeps what could be a
mark. What is dropped here is never a mark, whatever lies under it:

- annotation appearances (`get_drawings()` returns them; markup annotations are
  `annotations.py`'s),
- achromatic paint (white, grey, black: frames, rules, table grids, page backgrounds),
- link boxes (`page.get_links()`), fills covering a large share of the page, hairlines that are
  not horizontal (chart axes, frames) and stroked outlines.

Whether a mark covers text, is a badge, a header band or table shading is decided by its users.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pymupdf import mupdf

from docflags_gui.analysis.annotation_quads import MARKUP_KINDS, annotation_boxes
from docflags_gui.analysis.color_spaces import declared_rgb
from docflags_gui.analysis.colors import RGB, hex_color, is_chromatic, same_color
from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.geometry import Rect
from docflags_gui.analysis.spatial import BoxGrid

# A fill larger than this share of the page is a background, not a mark.
MAX_PAGE_SHARE = 0.4
# Strokes up to this width and fills up to this height are lines (underlines), not areas.
MAX_LINE_WIDTH = 3.0
# Slack when matching a drawing to an annotation's quads or a link's box.
MATCH_SLACK = 3.0

FILL = "fill"  # a rectangle or other filled area
POLYGON = "polygon"  # a filled closed path of straight lines that is not a plain rectangle
UNDERLINE = "underline"  # a horizontal stroke or hairline fill


@dataclass(slots=True, unsafe_hash=True)
class Mark:
    """One painted mark: its box, declared colour, shape and place in the content stream.
    Treat as immutable (not `frozen`, which makes creating one three times as slow)."""

    rect: Rect
    color: str  # the declared fill (or stroke) colour, #rrggbb
    rgb: RGB
    shape: str  # FILL, POLYGON or UNDERLINE
    # How opaque it is painted (0..1). For an image segment painted under 0.5 it is the
    # paint's own, not lowered by its soft mask, which is not decoded
    # (`image_marks.painted_opacity`): tests of a mark's opacity are at 0.5 or above.
    opacity: float
    seqno: int
    curved: bool  # the outline has curves (rounded tags, annotation-like shapes)
    # The outline's vertices when it is a polygon of straight lines with more than four corners
    # (one outline around several lines of text); empty otherwise.
    outline: tuple[tuple[float, float], ...] = ()
    framed: bool = False  # the fill also has a border in another colour (a box, a table cell)

    @property
    def width(self) -> float:
        return self.rect[2] - self.rect[0]

    @property
    def height(self) -> float:
        return self.rect[3] - self.rect[1]

    @property
    def center(self) -> tuple[float, float]:
        return ((self.rect[0] + self.rect[2]) / 2, (self.rect[1] + self.rect[3]) / 2)


def _inside(inner: Sequence[float], outer: Sequence[float], slack: float) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _same_box(a: Sequence[float], b: Sequence[float], slack: float) -> bool:
    return all(abs(a[i] - b[i]) <= slack for i in range(4))


@functools.lru_cache(maxsize=1024)
def _hex(rgb: RGB) -> str:
    """`hex_color` of a mark's colour, cached: a page paints few colours many times."""
    return hex_color(rgb)


def _rgb(components: Sequence[float] | None) -> RGB | None:
    if components is None or len(components) != 3:
        return None
    return (float(components[0]), float(components[1]), float(components[2]))


def _in_quad(mark: Mark, quad: Rect, color: RGB | None) -> bool:
    """True when `mark` is (part of) the appearance of a markup annotation's quad: inside it, with
    the annotation's colour. Highlight appearances round their ends beyond the quad by up to
    about a third of its height."""
    if color is not None and not same_color(mark.rgb, color):
        return False
    slack_x = max(MATCH_SLACK, 0.4 * (quad[3] - quad[1]))
    r = mark.rect
    return (
        r[0] >= quad[0] - slack_x
        and r[2] <= quad[2] + slack_x
        and r[1] >= quad[1] - MATCH_SLACK
        and r[3] <= quad[3] + MATCH_SLACK
    )


def _non_markup_boxes(ctx: PageContext) -> BoxGrid[Rect]:
    boxes: BoxGrid[Rect] = BoxGrid()
    for annot in ctx.annotations:
        kind = annot.kind
        if kind in MARKUP_KINDS or kind in ("Link", "Widget", "Popup"):
            continue
        r = annot.rect
        box = (r.x0, r.y0, r.x1, r.y1)
        boxes.add(box, box, MATCH_SLACK)
    return boxes


def _is_polygon(items: Sequence[Any], close_path: bool | None) -> bool:
    lines = [it for it in items if it[0] == "l"]
    return len(lines) == len(items) and 3 <= len(lines) <= 4


def _outline(items: Sequence[Any]) -> tuple[tuple[float, float], ...]:
    """The vertices of a path made only of straight lines with more than four corners."""
    if len(items) <= 4 or any(it[0] != "l" for it in items):
        return ()
    points = [(float(it[1][0]), float(it[1][1])) for it in items]
    points.append((float(items[-1][2][0]), float(items[-1][2][1])))
    return tuple(points)


def item_box(item: Sequence[Any]) -> Rect | None:
    """The box of a path item of `ctx.drawings` that is a rectangle ("re", normalised) or a
    quad ("qu", its four corners' bounds); None for lines and curves."""
    if item[0] == "re":
        x0, y0, x1, y1 = item[1]
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    if item[0] == "qu":
        xs = [float(p[0]) for p in item[1]]
        ys = [float(p[1]) for p in item[1]]
        return (min(xs), min(ys), max(xs), max(ys))
    return None


def vertical_rules(ctx: PageContext) -> list[tuple[float, float, float]]:
    """Vertical lines and the sides of stroked rectangles, as (x, y0, y1): table grids, frames."""
    rules: list[tuple[float, float, float]] = []
    for d in ctx.drawings:
        if "s" not in (d.get("type") or ""):
            continue
        for it in d.get("items") or ():
            if it[0] == "l":
                (px, py), (qx, qy) = it[1], it[2]
                if abs(px - qx) < 0.6 and abs(py - qy) > 4:
                    rules.append((float(px), float(min(py, qy)), float(max(py, qy))))
            elif it[0] == "re":
                r = item_box(it)
                assert r is not None
                rules.append((float(r[0]), float(r[1]), float(r[3])))
                rules.append((float(r[2]), float(r[1]), float(r[3])))
    return rules


def _horizontal_stroke(items: Sequence[Any]) -> bool:
    """A single horizontal line (or a run of them on one y): an underline candidate."""
    if not items:
        return False
    for it in items:
        if it[0] != "l":
            return False
        (px, py), (qx, qy) = it[1], it[2]
        if abs(py - qy) > 0.6 or abs(px - qx) < 2:
            return False
    return True


@per_page
def link_rects(ctx: PageContext) -> list[Rect]:
    """The page's /Link rectangles, once per page for every detector: MuPDF's list of the
    page's links, as `page.get_links()` walks it for its "from" rects, but without resolving
    each link's destination and looking up its xref (8x as costly: 0.03 s for 776 links)."""
    rects: list[Rect] = []
    link = mupdf.fz_load_links(ctx.page.this)
    while link.m_internal:
        r = link.rect()
        rects.append((float(r.x0), float(r.y0), float(r.x1), float(r.y1)))
        link = link.next()
    return rects


@per_page
def page_marks(ctx: PageContext) -> list[Mark]:
    """Every chromatic mark of the page in content-stream order (cached per page)."""
    return _collect(ctx)


def _collect(ctx: PageContext) -> list[Mark]:
    page_rect = ctx.rect
    page_area = max(1.0, page_rect.width * page_rect.height)
    quads: list[tuple[Rect, RGB | None]] = []
    markup_boxes: list[tuple[Rect, RGB | None]] = []
    for annot in ctx.annotations:
        if annot.kind in MARKUP_KINDS:
            colors = annot.colors
            rgb = declared_rgb(colors.get("stroke") or colors.get("fill"))
            quads.extend((box, rgb) for box in annotation_boxes(ctx, annot))
            a = annot.rect
            markup_boxes.append(((a.x0, a.y0, a.x1, a.y1), rgb))
    other_boxes = _non_markup_boxes(ctx)
    links: BoxGrid[Rect] = BoxGrid()
    if ctx.drawings:
        for box in link_rects(ctx):
            links.add(box, box, MATCH_SLACK)

    marks: list[Mark] = []
    for d in ctx.drawings:
        r = d["rect"]
        rect: Rect = (float(r[0]), float(r[1]), float(r[2]), float(r[3]))
        items = d.get("items") or []
        kind = d.get("type") or ""
        fill = _rgb(d.get("fill")) if "f" in kind else None
        stroke = _rgb(d.get("color")) if "s" in kind else None
        mark: Mark | None = None
        if fill is not None and is_chromatic(fill) and (d.get("fill_opacity") or 0) > 0:
            w, h = rect[2] - rect[0], rect[3] - rect[1]
            if w * h > MAX_PAGE_SHARE * page_area or w <= 0 or h <= 0:
                continue
            if h <= MAX_LINE_WIDTH and w >= 4 * h:
                shape = UNDERLINE
            elif _is_polygon(items, d.get("closePath")) and len(items) > 1:
                shape = POLYGON
            else:
                shape = FILL
            mark = Mark(
                rect,
                _hex(fill),
                fill,
                shape,
                float(d.get("fill_opacity") or 1.0),
                int(d.get("seqno", 0)),
                any(it[0] == "c" for it in items),
                _outline(items) if shape == FILL else (),
                stroke is not None and not same_color(stroke, fill),
            )
        elif stroke is not None and is_chromatic(stroke) and _horizontal_stroke(items):
            # A thin stroke is an underline; a thick one is a marker pen drawn through the line
            # (some tools paint highlights that way): an area as tall as the stroke is wide.
            width = float(d.get("width") or 1.0)
            half = max(0.25, width / 2)
            y = (rect[1] + rect[3]) / 2
            mark = Mark(
                (rect[0], y - half, rect[2], y + half),
                _hex(stroke),
                stroke,
                UNDERLINE if width <= MAX_LINE_WIDTH else FILL,
                float(d.get("stroke_opacity") or 1.0),
                int(d.get("seqno", 0)),
                False,
            )
        if mark is None:
            continue
        # (Most pages have neither such annotations nor links: no generators for them.)
        if other_boxes and any(
            _inside(mark.rect, box, MATCH_SLACK) for box in other_boxes.near(mark.rect)
        ):
            continue
        if links and any(_same_box(mark.rect, link, MATCH_SLACK) for link in links.near(mark.rect)):
            continue
        marks.append(mark)
    if quads:
        marks = _without_appearances(marks, quads, markup_boxes)
    return marks


def _without_appearances(
    marks: list[Mark],
    quads: Sequence[tuple[Rect, RGB | None]],
    boxes: Sequence[tuple[Rect, RGB | None]],
) -> list[Mark]:
    """Drop markup-annotation appearances. Certain ones lie in a quad, or fill the annotation's
    box, in its colour. Annotations are drawn after the page's own content, so anything from
    the first certain appearance on that lies inside an annotation box is one too (Preview draws
    one multi-line outline per highlight, in a slightly different shape than its quads).

    Quads and boxes are looked up in grids (`spatial.BoxGrid`), so each mark is compared with
    the few annotations near it: linear in the number of annotations, not quadratic."""
    quad_grid: BoxGrid[tuple[Rect, RGB | None]] = BoxGrid()
    for quad, color in quads:
        quad_grid.add(quad, (quad, color), max(MATCH_SLACK, 0.4 * (quad[3] - quad[1])))
    box_grid: BoxGrid[tuple[Rect, RGB | None]] = BoxGrid()
    for box, color in boxes:
        box_grid.add(box, (box, color), MATCH_SLACK)
    certain = {
        m.seqno
        for m in marks
        if any(_in_quad(m, quad, color) for quad, color in quad_grid.near(m.rect))
        or any(
            _same_box(m.rect, box, MATCH_SLACK) and (color is None or same_color(m.rgb, color))
            for box, color in box_grid.near(m.rect)
        )
    }
    if not certain:
        return marks
    first = min(certain)
    return [
        m
        for m in marks
        if m.seqno not in certain
        and not (
            m.seqno >= first
            and any(_inside(m.rect, box, MATCH_SLACK) for box, _ in box_grid.near(m.rect))
        )
    ]

"""What is painted over a raster page image: the page images themselves, and the highlight
boxes and tags over them, as vector fills (Turnitin classic) or small soft-masked images
(iThenticate), in content-stream order. Only marks with no text-layer words under them count:
marks over text are `drawn.py`'s.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pymupdf

from docflags_gui.analysis.badges import MAX_BOX, TAG, page_badges
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.image_marks import image_marks
from docflags_gui.analysis.marks import FILL, POLYGON, item_box, page_marks
from docflags_gui.analysis.markup import rgb_hex
from docflags_gui.analysis.model import Rect
from docflags_gui.analysis.ocr import PageImage

log = logging.getLogger(__name__)

# The page images (one, or tiles at least this wide and big) cover at least this share of it.
MIN_PAGE_IMAGE_SHARE = 0.2
MIN_TILE_WIDTH_SHARE = 0.3
MIN_TILE_SHARE = 0.02
# A page with more text-layer words than this (badge digits aside) is a text page: coloured
# shapes over its figures are chart markers, not flags.
MAX_TEXT_WORDS = 40
# A highlight is this tall (points); a tag at most badges.MAX_BOX wide and tall.
MIN_HIGHLIGHT_HEIGHT = 3.0
MAX_HIGHLIGHT_HEIGHT = 40.0
# Two colours are the same when their RGB distance (0..1 components) is at most this.
SAME_COLOR = 0.12


@dataclass(frozen=True, slots=True)
class Highlight:
    """One box painted over the page image: a line run of a match, or a match's tag."""

    rect: Rect
    rgb: tuple[float, float, float]
    seqno: int
    source: int | None = None  # tags only
    is_tag: bool = False


def same_color(a: Sequence[float], b: Sequence[float], within: float = SAME_COLOR) -> bool:
    return math.dist(a[:3], b[:3]) <= within


def hex_color(rgb: Sequence[float]) -> str:
    return rgb_hex(rgb) or "#000000"


def center_inside(rect: Sequence[float], outer: Sequence[float]) -> bool:
    cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def image_infos(page: pymupdf.Page) -> list[dict[str, Any]]:
    """`page.get_image_info(xrefs=True)`, without decoding every image twice when it can.

    PyMuPDF finds an image's xref by an MD5 of its decoded pixels (once for the drawn image,
    once per xref): 25 ms on a 1075 x 1521 px report page, 3.5% of that page's raster + OCR
    time. When each pixel size belongs to one xref of the page's images and every drawn image
    has such a size, the size names the xref; else (images of one size, inline images) the
    digests do.
    """
    xrefs_by_size: dict[tuple[int, int], set[int]] = {}
    for item in page.get_images(full=True):
        xrefs_by_size.setdefault((int(item[2]), int(item[3])), set()).add(int(item[0]))
    infos: list[dict[str, Any]] = [dict(info) for info in page.get_image_info()]
    for info in infos:
        xrefs = xrefs_by_size.get((int(info.get("width", 0)), int(info.get("height", 0))))
        if xrefs is None or len(xrefs) != 1:
            digested: list[dict[str, Any]] = page.get_image_info(xrefs=True)
            return digested
        info["xref"] = next(iter(xrefs))
    return infos


def _page_images(ctx: PageContext, infos: list[dict[str, Any]]) -> list[PageImage]:
    """The images that show the page: one big image, or the tiles (strips) some producers cut
    it into, when together they cover MIN_PAGE_IMAGE_SHARE of the page."""
    page = ctx.page.rect
    page_area = max(1.0, page.width * page.height)
    tiles = [
        info
        for info in infos
        if info.get("xref", 0) > 0  # inline images have no xref to decode; not seen in reports
        and info.get("width", 0) > 0
        and info["bbox"][2] - info["bbox"][0] >= MIN_TILE_WIDTH_SHARE * page.width
        and (info["bbox"][2] - info["bbox"][0]) * (info["bbox"][3] - info["bbox"][1])
        >= MIN_TILE_SHARE * page_area
    ]
    covered = sum((i["bbox"][2] - i["bbox"][0]) * (i["bbox"][3] - i["bbox"][1]) for i in tiles)
    if covered < MIN_PAGE_IMAGE_SHARE * page_area:
        return []
    images = [
        PageImage(
            int(info["xref"]),
            tuple(info["bbox"]),
            tuple(info["transform"]),
            int(info["width"]),
            int(info["height"]),
        )
        for info in tiles
    ]
    return _join_strips(images)


def _join_strips(images: list[PageImage]) -> list[PageImage]:
    """Strips of one picture (same columns and pixel width, each starting where the one above
    ends, at one resolution) as one image, so a line cut by a strip edge is read whole."""
    if len(images) < 2:
        return images
    ordered = sorted(images, key=lambda i: i.bbox[1])
    first = ordered[0]
    scale = first.height / max(1e-6, first.bbox[3] - first.bbox[1])
    for above, below in itertools.pairwise(ordered):
        if (
            below.width != first.width
            or abs(below.bbox[0] - first.bbox[0]) > 0.5
            or abs(below.bbox[2] - first.bbox[2]) > 0.5
            or abs(below.bbox[1] - above.bbox[3]) > 0.5
            or abs(below.height / max(1e-6, below.bbox[3] - below.bbox[1]) - scale) > 0.01 * scale
            or below.transform[1] != 0
            or below.transform[2] != 0
        ):
            return images
    x0, y0 = first.bbox[0], first.bbox[1]
    x1, y1 = first.bbox[2], ordered[-1].bbox[3]
    rows: list[tuple[int, int]] = []
    height = 0
    for strip in ordered:
        rows.append((strip.xref, height))
        height += strip.height
    return [
        PageImage(
            first.xref,
            (x0, y0, x1, y1),
            (x1 - x0, 0, 0, y1 - y0, x0, y0),
            first.width,
            height,
            tuple(rows),
        )
    ]


def _words_under(ctx: PageContext, rect: Rect, skip: frozenset[int]) -> bool:
    """True when a real text-layer word (not a badge's digits) lies under `rect`."""
    return any(w.seq not in skip for w in ctx.text.words_in(rect))


def _vector_highlights(
    ctx: PageContext, images: list[PageImage], badge_words: frozenset[int]
) -> list[Highlight]:
    tags = {b.seqno: b for b in page_badges(ctx) if b.kind == TAG and b.seqno is not None}
    paths = {int(d.get("seqno", -1)): d for d in ctx.drawings}
    found: list[Highlight] = []
    for mark in page_marks(ctx):
        if mark.shape not in (FILL, POLYGON):
            continue
        if not any(center_inside(mark.rect, img.bbox) for img in images):
            continue
        tag = tags.get(mark.seqno)
        if tag is not None:
            found.append(Highlight(mark.rect, mark.rgb, mark.seqno, tag.number, True))
            continue
        for box in _boxes_of(paths.get(mark.seqno), mark.rect):
            height = box[3] - box[1]
            if not MIN_HIGHLIGHT_HEIGHT <= height <= MAX_HIGHLIGHT_HEIGHT:
                continue
            if _words_under(ctx, box, badge_words):
                continue  # a mark over text: drawn.py reads it from the text layer
            found.append(Highlight(box, mark.rgb, mark.seqno))
    return found


def _boxes_of(path: dict[str, Any] | None, rect: Rect) -> list[Rect]:
    """The line boxes of one filled path: a path of several rectangles (all of a match's line
    runs in one fill) gives one box per rectangle, in drawing order; anything else its box."""
    if path is None:
        return [rect]
    items = path.get("items") or []
    boxes: list[Rect] = []
    for item in items:
        box = item_box(item)
        if box is None:
            return [rect]
        boxes.append(box)
    return boxes if len(boxes) > 1 else [rect]


def _image_highlights(
    ctx: PageContext, images: list[PageImage], badge_words: frozenset[int]
) -> list[Highlight]:
    """Segments and badges that are small images over the page image (`image_marks`)."""
    page_xrefs = {img.xref for img in images} | {x for img in images for x, _ in img.strips}
    tag_words: set[int] = set(badge_words)

    def text_number(rect: Rect) -> int | None:
        """The number a badge image holds as real text (older iThenticate files)."""
        if rect[2] - rect[0] > MAX_BOX or rect[3] - rect[1] > MAX_BOX:
            return None
        digits = [
            w for w in ctx.text.words_in(rect) if center_inside(w.rect, rect) and w.text.isdecimal()
        ]
        if not digits:
            return None
        tag_words.update(d.seq for d in digits)
        return int("".join(d.text for d in digits)[:3]) or None

    marks = image_marks(ctx, [img.bbox for img in images], page_xrefs, text_number)
    found = [Highlight(m.rect, m.rgb, m.seqno, m.number, True) for m in marks if m.is_badge]
    skip = frozenset(tag_words)
    found += [
        Highlight(m.rect, m.rgb, m.seqno)
        for m in marks
        if not m.is_badge and not _words_under(ctx, m.rect, skip)
    ]
    return found


def _unnumbered_tags(highlights: list[Highlight]) -> list[Highlight]:
    """Tags whose number is not text (drawn as outlines or baked into an image) still start a
    match: a small box, shorter than the box that follows it in the stream in its colour, which
    it sits just above-left of."""
    out = list(highlights)
    for i, h in enumerate(highlights[:-1]):
        nxt = highlights[i + 1]
        w, height = h.rect[2] - h.rect[0], h.rect[3] - h.rect[1]
        if (
            not h.is_tag
            and not nxt.is_tag
            and w <= MAX_BOX
            and height < 0.85 * (nxt.rect[3] - nxt.rect[1])
            and same_color(h.rgb, nxt.rgb)
            and tag_starts(h, nxt.rect)
        ):
            out[i] = Highlight(h.rect, h.rgb, h.seqno, None, True)
    return out


def tag_starts(tag: Highlight | Rect, rect: Rect) -> bool:
    """True when the tag (or tag box) sits just above-left of the start of `rect`."""
    b = tag.rect if isinstance(tag, Highlight) else tag
    height = rect[3] - rect[1]
    cy = (b[1] + b[3]) / 2
    near_x = rect[0] - 2 * height <= b[0] <= rect[0] + height
    return near_x and b[3] >= rect[1] - height and cy <= rect[1] + height * 0.35


def find_highlights(ctx: PageContext) -> tuple[list[PageImage], list[Highlight]]:
    """The page images and the tags and highlight boxes over them, in content-stream order;
    nothing on text pages and pages without a page image."""
    # get_images() reads the page's resources only: the cheap test that skips text pages.
    if ctx.is_summary or not ctx.page.get_images():
        return [], []
    infos = image_infos(ctx.page)
    images = _page_images(ctx, infos)
    if not images:
        return [], []
    badge_words = frozenset(s for b in page_badges(ctx) if b.kind == TAG for s in b.word_seqs)
    if sum(1 for w in ctx.text.words if w.seq not in badge_words) > MAX_TEXT_WORDS:
        return [], []
    highlights = _vector_highlights(ctx, images, badge_words)
    highlights += _image_highlights(ctx, images, badge_words)
    highlights.sort(key=lambda h: h.seqno)
    highlights = _unnumbered_tags(highlights)
    if not any(not h.is_tag for h in highlights):
        return [], []
    return images, highlights

"""What is painted over a raster page image: the page images themselves, and the highlight
boxes and tags over them, as vector fills (Turnitin classic) or small soft-masked images
(iThenticate), in content-stream order. Only marks with no text-layer words under them count:
marks over text are `drawn.py`'s.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from docflags_gui.analysis.badge_digits import read_badge_numbers
from docflags_gui.analysis.badges import MAX_BOX, TAG, page_badges
from docflags_gui.analysis.colors import RGB, same_color
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.geometry import Rect, centre_inside
from docflags_gui.analysis.marks import FILL, POLYGON, item_box, page_marks
from docflags_gui.analysis.page_images import PageImage

log = logging.getLogger(__name__)

# A page with more text-layer words than this (badge digits aside) is a text page: coloured
# shapes over its figures are chart markers, not flags.
MAX_TEXT_WORDS = 40
# A highlight is this tall (points); a tag at most badges.MAX_BOX wide and tall.
MIN_HIGHLIGHT_HEIGHT = 3.0
MAX_HIGHLIGHT_HEIGHT = 40.0


@dataclass(frozen=True, slots=True)
class Highlight:
    """One box painted over the page image: a line run of a match, or a match's tag."""

    rect: Rect
    rgb: RGB
    seqno: int
    source: int | None = None  # tags only
    is_tag: bool = False


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
        if not any(centre_inside(mark.rect, img.bbox) for img in images):
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
            w for w in ctx.text.words_in(rect) if centre_inside(w.rect, rect) and w.text.isdecimal()
        ]
        if not digits:
            return None
        tag_words.update(d.seq for d in digits)
        return int("".join(d.text for d in digits)[:3]) or None

    # Loaded for the first page with a page image: text-layer reports have none, and the image
    # readers (a content-stream tokenizer, image looks) cost their workers 8-12 ms to import.
    from docflags_gui.analysis.image_marks import image_marks

    marks = image_marks(ctx, [img.bbox for img in images], page_xrefs, text_number)
    found = [Highlight(m.rect, m.rgb, m.seqno, m.number, True) for m in marks if m.is_badge]
    skip = frozenset(tag_words)
    found += [
        Highlight(m.rect, m.rgb, m.seqno)
        for m in marks
        if not m.is_badge and not _words_under(ctx, m.rect, skip)
    ]
    return found


def _tint_highlights(ctx: PageContext, badge_words: frozenset[int]) -> list[Highlight]:
    """Tints baked into the page image's pixels (`pixel_tints`) where no text layer lies under
    them, in reading order (a badge above-left of its run comes first); runs over text-layer
    words are `tint_flags.py`'s."""
    # Imported here: numpy (as long to import as PyMuPDF) only for a page image's pixels.
    from docflags_gui.analysis.pixel_tints import page_tints

    tints = page_tints(ctx)
    runs = [r for r in tints.runs if not _words_under(ctx, r.rect, badge_words)]
    badges = [b for b in tints.badges if any(tag_starts(b.rect, r.rect) for r in runs)]
    numbers = read_badge_numbers(ctx, [b.rect for b in badges], [b.rgb for b in badges], baked=True)
    placed: list[tuple[Rect, RGB, int | None, bool]] = [
        (b.rect, b.rgb, n, True) for b, n in zip(badges, numbers, strict=True)
    ]
    placed += [(r.rect, r.rgb, None, False) for r in runs]
    placed.sort(key=lambda p: (p[0][1], p[0][0]))
    return [Highlight(rect, rgb, i, n, tag) for i, (rect, rgb, n, tag) in enumerate(placed)]


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
    if ctx.is_summary:
        return [], []
    images = ctx.page_images
    if not images:
        return [], []
    badge_words = frozenset(s for b in page_badges(ctx) if b.kind == TAG for s in b.word_seqs)
    if sum(1 for w in ctx.text.words if w.seq not in badge_words) > MAX_TEXT_WORDS:
        return [], []
    ctx.doc_ctx.ocr.expect_reading()
    highlights = _vector_highlights(ctx, images, badge_words)
    highlights += _image_highlights(ctx, images, badge_words)
    if not highlights:
        highlights = _tint_highlights(ctx, badge_words)
    highlights.sort(key=lambda h: h.seqno)
    highlights = _unnumbered_tags(highlights)
    if not any(not h.is_tag for h in highlights):
        return [], []
    return images, highlights

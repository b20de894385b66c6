"""Highlights and badges painted as small images over a page image (FORMATS.md §6.1:
iThenticate classic, Turnitin 2019).

Each line run of a match is its own image of one colour, painted at a low opacity (`/ca .2`, or
a soft mask that low); each match's badge is a small image of the source colour, painted at
high opacity (`/ca .8`), whose digits are white pixels (or real text over it, in older files).
What tells the two apart is the opacity, not the size (a badge can be as tall as a segment).
The images come from `image_paints` (the content stream paired with MuPDF's bounding-box log),
their colour and soft-mask level from `image_looks`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docflags_gui.analysis.badge_digits import read_badge_numbers
from docflags_gui.analysis.colors import is_chromatic
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.geometry import Rect, centre_inside
from docflags_gui.analysis.image_looks import image_look, mask_level
from docflags_gui.analysis.image_paints import ImagePaint, image_paints

# A badge is at most this big (points) and painted at least this opaque; a segment below it.
MAX_BADGE = 24.0
BADGE_ALPHA = 0.5
# A segment is this tall (points).
MIN_SEGMENT_HEIGHT = 3.0
MAX_SEGMENT_HEIGHT = 40.0


@dataclass(frozen=True, slots=True)
class ImageMark:
    """A segment or a badge painted as an image."""

    rect: Rect
    rgb: tuple[float, float, float]
    seqno: int
    is_badge: bool
    number: int | None = None  # badges: the source number, when it could be read


def _is_badge(doc_ctx: DocContext, paint: ImagePaint, text_number: int | None) -> bool:
    if paint.width > MAX_BADGE or paint.height > MAX_BADGE:
        return False
    if text_number is not None:
        return True
    if paint.alpha is None:
        return False  # unknown opacity: `raster_marks` tells unnumbered tags by shape
    return painted_opacity(doc_ctx, paint.xref, paint.alpha) >= BADGE_ALPHA


def painted_opacity(doc_ctx: DocContext, xref: int, alpha: float) -> float:
    """How opaque image `xref`, painted at opacity `alpha`, shows: `alpha` times its soft
    mask's level. A paint under BADGE_ALPHA (a segment at `/ca .2`) keeps its own: the mask
    would only lower it, and every test of an image's or a mark's opacity is at BADGE_ALPHA or
    above (badges, dark bands, chart bars), so its mask is not decoded (each segment has its
    own: about 20 a page on a §6.1 page over a text layer)."""
    if alpha < BADGE_ALPHA:
        return alpha
    return alpha * mask_level(doc_ctx, xref)


def image_marks(
    ctx: PageContext,
    page_images: Sequence[Rect],
    page_xrefs: set[int],
    text_number: Callable[[Rect], int | None],
) -> list[ImageMark]:
    """Segments and badges painted as images over the page images (`page_images` boxes, their
    xrefs `page_xrefs`), in content-stream order. `text_number(rect)` gives the number a badge
    holds as real text, or None; otherwise its number is read from its pixels."""
    found: list[ImageMark] = []
    for paint in image_paints(ctx):
        if paint.xref in page_xrefs or not any(centre_inside(paint.rect, b) for b in page_images):
            continue
        if not MIN_SEGMENT_HEIGHT <= paint.height <= MAX_SEGMENT_HEIGHT:
            continue
        look = image_look(ctx.doc_ctx, paint.xref)
        rgb = look.rgb
        if rgb is None or not is_chromatic(rgb):
            continue
        number = text_number(paint.rect)
        badge = _is_badge(ctx.doc_ctx, paint, number)
        found.append(ImageMark(paint.rect, rgb, paint.seqno, badge, number if badge else None))
    unread = [m for m in found if m.is_badge and m.number is None]
    if unread:
        numbers = read_badge_numbers(ctx, [m.rect for m in unread], [m.rgb for m in unread])
        by_seqno = {m.seqno: n for m, n in zip(unread, numbers, strict=True)}
        found = [
            ImageMark(m.rect, m.rgb, m.seqno, True, by_seqno[m.seqno]) if m.seqno in by_seqno else m
            for m in found
        ]
    return found

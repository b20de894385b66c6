"""Highlights painted as small images over a page's text layer (FORMATS.md §6.1 when the page
has text: a report's page shown as real text, or a page image under an invisible OCR layer).

The same encoding as over a raster page (`image_marks`): each line run of a match is a
uniform image of the source colour painted translucent (`/ca .2`, or a soft mask that low),
each match's badge a small image of that colour painted nearly opaque with its digits as
pixels. `get_drawings()` sees none of it and `get_image_info()` drops the segments (alpha
< .5). Here the segments become `Mark`s, read from the text layer by `drawn.py` like vector
fills, and the badges become `TAG` badges whose number is read from their pixels
(`badge_digits`). Opaque pictures (logos, figures, icons) are neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from docflags_gui.analysis.badge_digits import read_badge_numbers
from docflags_gui.analysis.badges import MAX_BOX, TAG, Badge, starts_mark
from docflags_gui.analysis.colors import hex_color, is_chromatic, same_color
from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.image_marks import (
    BADGE_ALPHA,
    MAX_SEGMENT_HEIGHT,
    MIN_SEGMENT_HEIGHT,
    image_look,
)
from docflags_gui.analysis.image_paints import ImagePaint, image_boxes, image_paints
from docflags_gui.analysis.marks import FILL, Mark


@dataclass(frozen=True, slots=True)
class ImageOverlay:
    """What a page paints as highlight images over its text: segments and badges."""

    marks: list[Mark]
    badges: list[Badge]


_NONE = ImageOverlay([], [])


@per_page
def image_overlay(ctx: PageContext) -> ImageOverlay:
    """The page's image segments (as marks, content-stream order) and image badges; nothing
    on pages without text or without images (the cheap test: the page's resources), or
    without an image of a segment's height."""
    if ctx.is_summary or not ctx.text.words or not ctx.page.get_images():
        return _NONE
    # The content stream is walked only when an image is painted at a segment's height
    # (figures and page pictures are taller).
    if not any(
        MIN_SEGMENT_HEIGHT <= box[3] - box[1] <= MAX_SEGMENT_HEIGHT for _, box in image_boxes(ctx)
    ):
        return _NONE
    page_xrefs = {img.xref for img in ctx.page_images}
    page_xrefs |= {x for img in ctx.page_images for x, _ in img.strips}
    marks: list[Mark] = []
    tags: list[tuple[ImagePaint, tuple[float, float, float]]] = []
    for paint in image_paints(ctx):
        if paint.alpha is None or paint.xref in page_xrefs:
            continue  # unknown opacity: not told from a picture
        if not MIN_SEGMENT_HEIGHT <= paint.height <= MAX_SEGMENT_HEIGHT:
            continue
        look = image_look(ctx.doc_ctx, paint.xref)
        rgb = look.rgb
        if rgb is None or not look.uniform or not is_chromatic(rgb):
            continue
        opacity = paint.alpha * look.mask_level
        if opacity >= BADGE_ALPHA:
            if paint.width <= MAX_BOX and paint.height <= MAX_BOX:
                tags.append((paint, rgb))
            continue
        if not ctx.text.words_in(paint.rect):
            continue
        marks.append(Mark(paint.rect, hex_color(rgb), rgb, FILL, opacity, paint.seqno, False))
    return ImageOverlay(marks, _badges(ctx, tags, marks) if tags and marks else [])


def _badges(
    ctx: PageContext,
    tags: list[tuple[ImagePaint, tuple[float, float, float]]],
    marks: list[Mark],
) -> list[Badge]:
    """The tags that start a segment of their colour (others are icons), numbered from their
    pixels in one OCR call."""
    probe = [
        (paint, rgb)
        for paint, rgb in tags
        if any(same_color(rgb, m.rgb) and starts_mark(_tag(paint, rgb, 0), m.rect) for m in marks)
    ]
    if not probe:
        return []
    numbers = read_badge_numbers(ctx, [p.rect for p, _ in probe], [rgb for _, rgb in probe])
    return [
        _tag(paint, rgb, number)
        for (paint, rgb), number in zip(probe, numbers, strict=True)
        if number is not None
    ]


def _tag(paint: ImagePaint, rgb: tuple[float, float, float], number: int) -> Badge:
    return Badge(number, paint.rect, TAG, hex_color(rgb), paint.seqno, frozenset())

"""Reading the highlight images a page paints over its text (`image_overlay`): its segments
as marks and its badges, numbered from their pixels. Loaded only for pages that have images."""

from __future__ import annotations

from docflags_gui.analysis.badge_digits import read_badge_numbers
from docflags_gui.analysis.badges import MAX_BOX, TAG, Badge, starts_mark
from docflags_gui.analysis.colors import hex_color, is_chromatic, same_color
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.image_looks import image_look
from docflags_gui.analysis.image_marks import (
    BADGE_ALPHA,
    MAX_SEGMENT_HEIGHT,
    MIN_SEGMENT_HEIGHT,
    painted_opacity,
)
from docflags_gui.analysis.image_paints import ImagePaint, image_boxes, image_paints
from docflags_gui.analysis.marks import FILL, Mark


def read_image_overlay(ctx: PageContext) -> tuple[list[Mark], list[Badge]]:
    """The segments and badges of a page with text and images (see `image_overlay`)."""
    # The content stream is walked only when an image is painted at a segment's height
    # (figures and page pictures are taller).
    if not any(
        MIN_SEGMENT_HEIGHT <= box[3] - box[1] <= MAX_SEGMENT_HEIGHT for _, box in image_boxes(ctx)
    ):
        return [], []
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
        opacity = painted_opacity(ctx.doc_ctx, paint.xref, paint.alpha)
        if opacity >= BADGE_ALPHA:
            if paint.width <= MAX_BOX and paint.height <= MAX_BOX:
                tags.append((paint, rgb))
            continue
        if not ctx.text.words_in(paint.rect):
            continue
        marks.append(Mark(paint.rect, hex_color(rgb), rgb, FILL, opacity, paint.seqno, False))
    return marks, _badges(ctx, tags, marks) if tags and marks else []


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

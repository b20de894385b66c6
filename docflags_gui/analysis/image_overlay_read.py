"""Reading the highlight images a page paints over its text (`image_overlay`): its segments
as marks and its badges, numbered from their pixels. Loaded only for pages that have images."""

from __future__ import annotations

from docflags_gui.analysis.badge_digits import read_badge_numbers
from docflags_gui.analysis.badges import MAX_BOX, TAG, Badge, starts_mark
from docflags_gui.analysis.colors import hex_color, is_chromatic, same_color
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.image_looks import image_look, mask_level
from docflags_gui.analysis.image_marks import BADGE_ALPHA, MAX_SEGMENT_HEIGHT, MIN_SEGMENT_HEIGHT
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
        opacity = _opacity(ctx, paint)
        if opacity >= BADGE_ALPHA:
            if paint.width <= MAX_BOX and paint.height <= MAX_BOX:
                tags.append((paint, rgb))
            continue
        if not ctx.text.words_in(paint.rect):
            continue
        marks.append(Mark(paint.rect, hex_color(rgb), rgb, FILL, opacity, paint.seqno, False))
    return marks, _badges(ctx, tags, marks) if tags and marks else []


def _opacity(ctx: PageContext, paint: ImagePaint) -> float:
    """How opaque `paint` shows its image: the paint's opacity times its soft mask's level.
    A paint under BADGE_ALPHA (a segment at `/ca .2`) keeps its own: the mask would only
    lower it, and every test of a mark's opacity is at BADGE_ALPHA or above (badges, dark
    bands, chart bars), so its mask is not decoded (each segment has its own: about 20 a
    page on a §6.1 page over a text layer)."""
    assert paint.alpha is not None
    if paint.alpha < BADGE_ALPHA:
        return paint.alpha
    return paint.alpha * mask_level(ctx.doc_ctx, paint.xref)


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

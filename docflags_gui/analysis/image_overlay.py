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

from docflags_gui.analysis.badges import Badge
from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.marks import Mark


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
    if ctx.is_summary or not ctx.text.words or not ctx.has_images:
        return _NONE
    # Loaded for the first page with images: text-layer reports have none, and the image
    # readers (a content-stream tokenizer, image looks) cost their workers 8-12 ms to import.
    from docflags_gui.analysis.image_overlay_read import read_image_overlay

    marks, badges = read_image_overlay(ctx)
    return ImageOverlay(marks, badges) if marks or badges else _NONE

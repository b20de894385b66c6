"""Highlights and badges painted as small images over a page image (FORMATS.md §6.1:
iThenticate classic, Turnitin 2019).

Each line run of a match is its own image of one colour, painted at a low opacity (`/ca .2`, or
a soft mask that low); each match's badge is a small image of the source colour, painted at
high opacity (`/ca .8`), whose digits are white pixels (or real text over it, in older files).
What tells the two apart is the opacity, not the size (a badge can be as tall as a segment).
The images come from `image_paints` (the content stream paired with MuPDF's bounding-box log),
their colour and soft-mask level from decoding them once per document.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pymupdf

from docflags_gui.analysis.badge_digits import read_badge_numbers
from docflags_gui.analysis.color_spaces import srgb_pixmap
from docflags_gui.analysis.colors import is_chromatic
from docflags_gui.analysis.context import DocContext, PageContext, per_document
from docflags_gui.analysis.geometry import Rect, centre_inside
from docflags_gui.analysis.image_paints import ImagePaint, image_paints

log = logging.getLogger(__name__)

# A badge is at most this big (points) and painted at least this opaque; a segment below it.
MAX_BADGE = 24.0
BADGE_ALPHA = 0.5
# A segment is this tall (points).
MIN_SEGMENT_HEIGHT = 3.0
MAX_SEGMENT_HEIGHT = 40.0
# An image is of one colour when that colour is at least this share of its pixels (a badge's
# white digits take up to a third of it).
UNIFORM_SHARE = 0.5
# At most this many pixels of an image are looked at for its colour and mask level.
SAMPLE_PIXELS = 4096


@per_document
def _looks() -> dict[int, ImageLook]:
    """The looks of the document's images decoded so far, by xref."""
    return {}


@dataclass(frozen=True, slots=True)
class ImageLook:
    """What an image XObject shows: its most common colour (0..1), its soft mask's median
    level (1.0 without a mask), and whether that colour is most of it (a segment or a badge,
    not a picture)."""

    rgb: tuple[float, float, float] | None
    mask_level: float
    uniform: bool = False


@dataclass(frozen=True, slots=True)
class ImageMark:
    """A segment or a badge painted as an image."""

    rect: Rect
    rgb: tuple[float, float, float]
    seqno: int
    is_badge: bool
    number: int | None = None  # badges: the source number, when it could be read


def _sampled_channels(samples: bytes, n: int, count: int, channels: int) -> list[bytes]:
    """The first `channels` channels (bytes) of up to SAMPLE_PIXELS pixels of `samples` (n
    bytes each), evenly spread (every `count // SAMPLE_PIXELS`-th pixel from the first): one
    strided slice per channel, copied in C (a segment image is up to 260,000 pixels, and a
    §6.1 report has one per line run)."""
    step = max(1, count // SAMPLE_PIXELS)
    end = count * n
    return [samples[c : end : n * step] for c in range(min(n, channels))]


def _look(doc: pymupdf.Document, xref: int) -> ImageLook:
    try:
        pix = srgb_pixmap(pymupdf.Pixmap(doc, xref))
    except Exception as exc:  # an undecodable image is not a mark we can name
        log.debug("image %s not decodable: %s", xref, exc)
        return ImageLook(None, 1.0)
    channels = _sampled_channels(pix.samples, pix.n, pix.width * pix.height, 3)
    sampled = len(channels[0]) if channels else 0
    counts: Counter[tuple[int, ...]]
    if sampled and all(c == c[:1] * sampled for c in channels):
        # One colour (a segment image): nothing to count.
        counts = Counter({tuple(c[0] for c in channels): sampled})
    else:
        # Pixel colours as tuples of their first three channels, counted in C (zip, Counter).
        counts = Counter(zip(*channels, strict=True))
    rgb = None
    uniform = False
    if counts:
        (r, g, b), count = counts.most_common(1)[0]
        rgb = (r / 255, g / 255, b / 255)
        uniform = count >= UNIFORM_SHARE * sampled
    return ImageLook(rgb, _mask_level(doc, xref), uniform)


def _mask_level(doc: pymupdf.Document, xref: int) -> float:
    """The median of the image's soft mask (0..1); 1.0 without one."""
    kind, value = doc.xref_get_key(xref, "SMask")
    if kind != "xref":
        return 1.0
    try:
        mask = pymupdf.Pixmap(doc, int(value.split()[0]))
    except Exception as exc:
        log.debug("soft mask of image %s not decodable: %s", xref, exc)
        return 1.0
    (sampled,) = _sampled_channels(mask.samples, mask.n, mask.width * mask.height, 1)
    levels = sorted(sampled)
    return levels[len(levels) // 2] / 255 if levels else 1.0


def image_look(doc_ctx: DocContext, xref: int) -> ImageLook:
    """`ImageLook` of image `xref`, decoded once per document (reports reuse images)."""
    looks = _looks(doc_ctx)
    look = looks.get(xref)
    if look is None:
        look = _look(doc_ctx.doc, xref) if xref > 0 else ImageLook(None, 1.0)
        looks[xref] = look
    return look


def _is_badge(paint: ImagePaint, look: ImageLook, text_number: int | None) -> bool:
    if paint.width > MAX_BADGE or paint.height > MAX_BADGE:
        return False
    if text_number is not None:
        return True
    if paint.alpha is None:
        return False  # unknown opacity: `raster_marks` tells unnumbered tags by shape
    return paint.alpha * look.mask_level >= BADGE_ALPHA


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
        badge = _is_badge(paint, look, number)
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

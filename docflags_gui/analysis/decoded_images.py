"""A page image's own pixels, decoded once per page: the tint search (`pixel_tints`) and the
badge tiles (`badge_tiles`) of a scan (FORMATS.md §6.3) share one decode.

A 400-dpi JPEG scan of a letter page takes 0.2-0.3 s to decode. Rendering the page at the
tint search's 100 dpi decodes it again (MuPDF keeps a picture decoded at the scale it was
drawn, not the whole one): 0.24 s, then the tiles' full decode 0.27 s. Scaled down from the
full decode by MuPDF's own scaler, the search's pixels cost 60 ms and differ from the render's
by a third of a level on average (0..255).
"""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from docflags_gui.analysis.color_spaces import srgb_pixmap
from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.page_images import PageImage, load_pixels

# How far from upright (points of the image's matrix) a picture may be and still be searched in
# its own pixels: a scan is placed with a matrix of whole page sizes and zeros.
_SKEW = 1e-3


@dataclass(frozen=True)
class SearchGrid:
    """Where a pixel of scaled-down page pixels lies on the page: pixel (x, y) covers
    page x0 + x * sx .. x0 + (x + 1) * sx, and the same downwards."""

    x0: float
    y0: float
    sx: float
    sy: float

    @property
    def scale(self) -> float:
        """Points per pixel (the larger side), for sizes given in points."""
        return max(self.sx, self.sy)

    def page_rect(self, x0: int, y0: int, x1: int, y1: int) -> tuple[float, float, float, float]:
        return (
            self.x0 + x0 * self.sx,
            self.y0 + y0 * self.sy,
            self.x0 + x1 * self.sx,
            self.y0 + y1 * self.sy,
        )


@per_page
def _decoded(_ctx: PageContext) -> dict[int, pymupdf.Pixmap]:
    return {}


def decoded_pixels(ctx: PageContext, image: PageImage) -> pymupdf.Pixmap:
    """`image`'s pixels as decoded, in its own colour space (a page image cut into strips: put
    back together, sRGB); decoded on the first call for the page, then kept with the page."""
    decoded = _decoded(ctx)
    pixels = decoded.get(image.xref)
    if pixels is None:
        pixels = decoded[image.xref] = _decode(ctx.page.parent, image)
    return pixels


def _decode(doc: pymupdf.Document, image: PageImage) -> pymupdf.Pixmap:
    return load_pixels(doc, image) if image.strips else pymupdf.Pixmap(doc, image.xref)


def srgb_cut(pixels: pymupdf.Pixmap, box: pymupdf.IRect) -> pymupdf.Pixmap:
    """The part `box` of `pixels` (an image as decoded, in its own colour space) as sRGB
    without alpha. Only the cut is converted: converting a whole 400-dpi scan from its ICC
    profile took 23 ms."""
    piece = pymupdf.Pixmap(pixels.colorspace, box, pixels.alpha)
    piece.copy(pixels, box)
    return srgb_pixmap(piece)


def upright(image: PageImage) -> bool:
    """Whether the image's pixel rows run left to right and top down on the page, unturned."""
    a, b, c, d, _, _ = image.transform
    return a > 0 and d > 0 and abs(b) <= _SKEW and abs(c) <= _SKEW


def scaled_pixels(
    ctx: PageContext, image: PageImage, dpi: float
) -> tuple[pymupdf.Pixmap, SearchGrid]:
    """The upright `image` (`upright`) scaled to `dpi` on the page, sRGB without alpha, as a
    render of the page at `dpi` would show it where it lies; and where its pixels lie.
    Raises ValueError for a picture whose pixels alone are not what the page shows: a stencil
    mask (no colour space: the page paints it in the current colour) or a picture with
    transparency (the page shows what lies under it)."""
    if not opaque(ctx.page.parent, image):
        raise ValueError("it is a mask or has one: the page shows more than its pixels")
    pixels = decoded_pixels(ctx, image)
    if pixels.colorspace is None or pixels.alpha:
        raise ValueError("its pixels are a mask or transparent: the page shows more")
    a, _, _, d, _, _ = image.transform
    width = max(1, round(a * dpi / 72))
    height = max(1, round(d * dpi / 72))
    scaled = pymupdf.Pixmap(pixels, width, height, None)
    return srgb_pixmap(scaled), pixel_grid(image, width, height)


def opaque(doc: pymupdf.Document, image: PageImage) -> bool:
    """Whether the picture (each strip of it) is painted as its pixels alone: no stencil
    (/ImageMask), no soft mask and no mask (/SMask, /Mask), which `pymupdf.Pixmap(doc, xref)`
    leaves out (the pixels a soft mask hides decode as they are, often black)."""
    for xref in [xref for xref, _ in image.strips] or [image.xref]:
        if doc.xref_get_key(xref, "ImageMask")[1] == "true":
            return False
        if any(doc.xref_get_key(xref, key)[0] != "null" for key in ("SMask", "Mask")):
            return False
    return True


def pixel_grid(image: PageImage, width: int, height: int) -> SearchGrid:
    """Where the pixels of the upright `image` scaled to `width` x `height` lie on the page
    (its own pixels: its own width and height)."""
    a, _, _, d, e, f = image.transform
    return SearchGrid(e, f, a / width, d / height)

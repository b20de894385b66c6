"""The raster images that show a page (a scan, a report's page picture): which they are, where
they lie, and their own pixels."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pymupdf

from docflags_gui.analysis.color_spaces import srgb_pixmap

# The page images (one, or tiles at least this wide and big) cover at least this share of it.
MIN_PAGE_IMAGE_SHARE = 0.2
MIN_TILE_WIDTH_SHARE = 0.3
MIN_TILE_SHARE = 0.02


@dataclass(frozen=True)
class PageImage:
    """A raster image painted on a page: its pixels' size and where they are placed."""

    xref: int
    bbox: tuple[float, float, float, float]
    transform: tuple[float, float, float, float, float, float]  # unit square -> page
    width: int  # pixels
    height: int
    # A page image cut into horizontal strips: (xref, first pixel row) of each strip, top down;
    # empty for a single image (`xref`).
    strips: tuple[tuple[int, int], ...] = ()

    @property
    def pixels_per_point(self) -> float:
        """The resolution the image really has on the page (pixels per point of page space)."""
        w = max(1e-6, self.bbox[2] - self.bbox[0])
        h = max(1e-6, self.bbox[3] - self.bbox[1])
        return max(self.width / w, self.height / h)

    @functools.cached_property
    def _page_to_pixels(self) -> tuple[float, ...]:
        # Worked out once: PyMuPDF's matrix arithmetic costs ~80 us in Python, and the OCR of
        # a page asks for it for every mark (tens a page).
        unit_to_pixels = pymupdf.Matrix(self.width, 0, 0, self.height, 0, 0)
        return tuple(~pymupdf.Matrix(self.transform) * unit_to_pixels)

    def page_to_pixels(self) -> pymupdf.Matrix:
        return pymupdf.Matrix(self._page_to_pixels)

    def pixel_box(self, rect: Sequence[float]) -> pymupdf.IRect:
        """The pixels under page-space `rect`, clipped to the image (an empty box for a
        `rect` outside it)."""
        box = pymupdf.Rect(rect).transform(self.page_to_pixels()).round()
        # Clipped with integer min/max: what intersecting with the image's IRect gives, for
        # a quarter of the cost.
        return pymupdf.IRect(
            max(box.x0, 0), max(box.y0, 0), min(box.x1, self.width), min(box.y1, self.height)
        )


def image_infos(
    page: pymupdf.Page, listed: Sequence[Sequence[Any]] | None = None
) -> list[dict[str, Any]]:
    """`page.get_image_info(xrefs=True)`, without decoding every image twice when it can.

    PyMuPDF finds an image's xref by an MD5 of its decoded pixels (once for the drawn image,
    once per xref): 25 ms on a 1075 x 1521 px report page, 3.5% of that page's raster + OCR
    time, and 100 ms on a §6.1 page with tens of segment images. Only the images that may
    show the page (`may_be_tile`) need their xref: when each of their pixel sizes belongs to
    one xref of the page's images, the size names the xref; else (images of one size, inline
    images) the digests do. The other images' infos come without an xref. `listed`: the
    page's `get_images(full=True)`, when the caller has it already.
    """
    xrefs_by_size: dict[tuple[int, int], set[int]] = {}
    for item in page.get_images(full=True) if listed is None else listed:
        xrefs_by_size.setdefault((int(item[2]), int(item[3])), set()).add(int(item[0]))
    infos: list[dict[str, Any]] = [dict(info) for info in page.get_image_info()]
    page_rect = page.rect
    for info in infos:
        if not may_be_tile(info, page_rect):
            continue
        xrefs = xrefs_by_size.get((int(info.get("width", 0)), int(info.get("height", 0))))
        if xrefs is None or len(xrefs) != 1:
            digested: list[dict[str, Any]] = page.get_image_info(xrefs=True)
            return digested
        info["xref"] = next(iter(xrefs))
    return infos


def may_be_tile(info: dict[str, Any], page: pymupdf.Rect) -> bool:
    """Whether an image (`get_image_info` item) is big enough to be the page image or one of
    its tiles: MIN_TILE_WIDTH_SHARE of the page wide, MIN_TILE_SHARE of its area."""
    x0, y0, x1, y1 = (float(v) for v in info["bbox"])
    return (
        int(info.get("width", 0)) > 0
        and x1 - x0 >= MIN_TILE_WIDTH_SHARE * page.width
        and (x1 - x0) * (y1 - y0) >= MIN_TILE_SHARE * max(1.0, page.width * page.height)
    )


def page_images(page: pymupdf.Rect, infos: list[dict[str, Any]]) -> list[PageImage]:
    """The images that show the page: one big image, or the tiles (strips) some producers cut
    it into, when together they cover MIN_PAGE_IMAGE_SHARE of the page."""
    page_area = max(1.0, page.width * page.height)
    tiles = [
        info
        for info in infos
        # Inline images have no xref to decode; not seen in reports.
        if may_be_tile(info, page) and info.get("xref", 0) > 0
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
    return join_strips(images)


def join_strips(images: list[PageImage]) -> list[PageImage]:
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


def load_pixels(doc: pymupdf.Document, image: PageImage) -> pymupdf.Pixmap:
    """The image's own pixels as RGB without alpha (what MuPDF's OCR writer takes); the strips
    of a page image cut into strips, put back together."""
    if not image.strips:
        return _rgb_pixels(doc, image.xref)
    whole = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, image.width, image.height), False)
    whole.clear_with(255)
    for xref, top in image.strips:
        strip = _rgb_pixels(doc, xref)
        strip.set_origin(0, top)
        whole.copy(strip, strip.irect)
    return whole


def _rgb_pixels(doc: pymupdf.Document, xref: int) -> pymupdf.Pixmap:
    return srgb_pixmap(pymupdf.Pixmap(doc, xref))

"""Highlights baked into a page image's pixels (FORMATS.md §6.3: a report after `ocrmypdf`, a
scanned highlighted printout): tinted runs found in pixel space, one per line run.

The page is searched at RENDER_DPI (a scan's tints are 6-12 pt tall: ~10-17 px): its picture
scaled down from its own pixels, decoded once for the badges too (`decoded_images`), when it is
one upright picture; else the page rendered. A pixel is
tint when its colour spreads (chroma, max - min component) at least MIN_CHROMA and it is light
(luminance above MIN_LUMINANCE): glyphs inside a tint are dark and cut it, so lines are found as
bands of rows rich in tint pixels, and runs within a band as columns with tint above or below the
glyphs, closed over gaps up to CLOSE_GAP points. A run's colour is the median of its tint
pixels, named by the nearest classic-palette tint (0.8·255 + 0.2·colour) when one is close,
else reconstructed from the tint at that opacity. Badges baked at 0.8 are saturated, darker
blobs (chroma above BADGE_CHROMA) a little above-left of a run.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import numpy.typing as npt
import pymupdf

from docflags_gui.analysis.colors import RGB, is_chromatic
from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.decoded_images import (
    SearchGrid,
    decoded_pixels,
    pixel_grid,
    scaled_pixels,
    srgb_cut,
    upright,
)
from docflags_gui.analysis.page_images import PageImage
from docflags_gui.analysis.page_reading import SCAN_IMAGE_SHARE
from docflags_gui.analysis.palette import PALETTE
from docflags_gui.analysis.scan_pixels import PageTints, TintBadge, TintRun

log = logging.getLogger(__name__)

RENDER_DPI = 100
MIN_CHROMA = 12
MIN_LUMINANCE = 150
# A line of tint is at most this tall (points); a line's ink at least this.
MAX_TINT_HEIGHT = 14.0
MIN_INK_HEIGHT = 2.5
# Runs on one line closer than this (points) are one run (glyphs and spaces cut the tint).
CLOSE_GAP = 2.5
MIN_RUN_WIDTH = 4.0
# A column of a band is tint when this share of the band's rows are.
COLUMN_SHARE = 0.15
# At least this share of a run's box is tint (the rest: glyphs).
MIN_TINT_SHARE = 0.3
# A run must hold text: this share of its pixels dark (luminance below DARK).
DARK = 110
MIN_DARK_SHARE = 0.02
# Tint opacity of the classic reports, and how close (0..255 RGB distance) a run's median must
# be to a palette tint to take that palette colour.
TINT_ALPHA = 0.2
PALETTE_TINT_MATCH = 16.0
# Badges: saturated blobs of at least this chroma, this big (points).
BADGE_CHROMA = 80
BADGE_SIZE = (4.0, 16.0)
# The page image must cover this share of the page (a scan, a report page picture): the share
# by which the read-ahead helper knows a scan (`page_reading.is_scanned_page`).
MIN_IMAGE_SHARE = SCAN_IMAGE_SHARE

Pixels = npt.NDArray[np.int32]


def _tint_of(color: tuple[int, ...]) -> tuple[float, float, float]:
    """What `color` (0..255) looks like painted at TINT_ALPHA over white paper."""
    base = 255 * (1 - TINT_ALPHA)
    return (
        base + TINT_ALPHA * color[0],
        base + TINT_ALPHA * color[1],
        base + TINT_ALPHA * color[2],
    )


def declared_color(tint: tuple[int, int, int]) -> RGB:
    """The colour painted at TINT_ALPHA over white that gives `tint`: the nearest palette
    colour's when its tint is close, else reconstructed (clamped)."""
    distance, best = min((math.dist(tint, _tint_of(p)), p) for p in PALETTE)
    if distance <= PALETTE_TINT_MATCH:
        return (best[0] / 255, best[1] / 255, best[2] / 255)
    base = 255 * (1 - TINT_ALPHA)
    r, g, b = (min(255.0, max(0.0, (t - base) / TINT_ALPHA)) / 255 for t in tint)
    return (r, g, b)


def _spans(flags: npt.NDArray[np.bool_], gap: int) -> list[tuple[int, int]]:
    """[start, end) of the runs of True in `flags`, runs closer than `gap` merged."""
    idx = np.flatnonzero(flags)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > gap + 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _candidate(ctx: PageContext) -> bool:
    if ctx.is_summary or ctx.rotation != 0 or not ctx.page_images:
        return False
    page = ctx.rect
    area = sum((i.bbox[2] - i.bbox[0]) * (i.bbox[3] - i.bbox[1]) for i in ctx.page_images)
    return bool(area >= MIN_IMAGE_SHARE * page.width * page.height)


@per_page
def page_tints(ctx: PageContext) -> PageTints:
    """The page's tinted runs in reading order (top down, then left to right) and badges;
    nothing on pages that are not one big picture."""
    if ctx.scan_pixels is not None:
        return ctx.scan_pixels.tints  # worked out by the read-ahead helper
    if not _candidate(ctx):
        return PageTints([], [])
    pix, grid, picture = _search_pixels(ctx)
    samples = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    chroma = _chroma(samples).astype(np.int32)
    rgb = samples[:, :, :3].astype(np.int32)
    luminance = (299 * rgb[:, :, 0] + 587 * rgb[:, :, 1] + 114 * rgb[:, :, 2]) // 1000
    tint = (chroma >= MIN_CHROMA) & (luminance > MIN_LUMINANCE)
    dark = (luminance < DARK) & (chroma < BADGE_CHROMA)  # text ink, not a badge
    runs = _runs(rgb, tint, dark, grid)
    badges = _badges(rgb, chroma >= BADGE_CHROMA, grid)
    if picture is not None:
        badges = [_refined(ctx, picture, badge) for badge in badges]
    return PageTints(runs, badges)


def _chroma(samples: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """Each pixel's largest RGB component less its smallest. Channel by channel on bytes:
    numpy's max and min over the last axis of an int array took 27 ms each on a 100-dpi letter
    page, these 2 ms (the same values)."""
    red, green, blue = samples[:, :, 0], samples[:, :, 1], samples[:, :, 2]
    return np.maximum(np.maximum(red, green), blue) - np.minimum(np.minimum(red, green), blue)


def _search_pixels(ctx: PageContext) -> tuple[pymupdf.Pixmap, SearchGrid, PageImage | None]:
    """The page's pixels at about RENDER_DPI: where the page paints no path and no image but
    one upright picture (a scan), that picture scaled down from its own pixels, decoded once
    for the tint search and the badges; else the page rendered, with whatever else it paints.
    Text is not drawn into the scaled picture: the pages searched are scans under an invisible
    OCR layer (`tint_flags`) or pictures with at most a few words over them (`raster_marks`),
    whose glyphs, if visible, are the picture's own. The picture searched is returned too."""
    images = ctx.page_images
    if len(images) == 1 and len(ctx.image_infos) == 1 and not ctx.drawings and upright(images[0]):
        try:
            return (*scaled_pixels(ctx, images[0], RENDER_DPI), images[0])
        except Exception as exc:  # a mask, a transparent picture, or one MuPDF cannot decode
            # whole: the render shows it (or says what is wrong with it)
            log.debug("page image %s searched in the render: %s", images[0].xref, exc)
    # Without annotations: their appearances are markup flags of their own, not baked tints.
    pix = ctx.page.get_pixmap(dpi=RENDER_DPI, alpha=False, annots=False)
    scale = 72 / RENDER_DPI  # points per pixel
    return pix, SearchGrid(0.0, 0.0, scale, scale), None


def _refined(ctx: PageContext, picture: PageImage, badge: TintBadge) -> TintBadge:
    """The badge with the box its saturated pixels fill in the picture's own pixels: a box
    found in scaled-down pixels can be a scaled pixel off (3-4 picture pixels at 400 dpi), and
    the digits of a tile cut a few pixels off can read otherwise (15 read as 39)."""
    pixels = decoded_pixels(ctx, picture)
    box = picture.pixel_box(badge.rect)
    grow = max(2, box.height // 4)
    window = pymupdf.IRect(box.x0 - grow, box.y0 - grow, box.x1 + grow, box.y1 + grow)
    window &= pixels.irect
    if window.is_empty:
        return badge
    rgb = srgb_cut(pixels, window)
    samples = np.frombuffer(rgb.samples, dtype=np.uint8).reshape(rgb.height, rgb.width, rgb.n)
    strong = _chroma(samples) >= BADGE_CHROMA
    rows = np.flatnonzero(strong.sum(axis=1) >= 2)
    columns = np.flatnonzero(strong.sum(axis=0) >= 2)
    if not rows.size or not columns.size:
        return badge
    grid = pixel_grid(picture, picture.width, picture.height)
    rect = grid.page_rect(
        window.x0 + int(columns[0]),
        window.y0 + int(rows[0]),
        window.x0 + int(columns[-1]) + 1,
        window.y0 + int(rows[-1]) + 1,
    )
    return TintBadge(rect, badge.rgb)


def _runs(
    rgb: Pixels, tint: npt.NDArray[np.bool_], dark: npt.NDArray[np.bool_], grid: SearchGrid
) -> list[TintRun]:
    """Runs per text line. Lines come from the ink (tints of consecutive lines may touch): each
    band of rows with dark pixels, widened half-way to its neighbours, is one line's slab."""
    scale = grid.scale
    ink_rows = dark.sum(axis=1) >= 2
    inks = [(a, b) for a, b in _spans(ink_rows, 0) if (b - a) * scale >= MIN_INK_HEIGHT]
    found: list[TintRun] = []
    for i, (top, bottom) in enumerate(inks):
        reach = round((bottom - top) * 0.6)
        above = inks[i - 1][1] if i else top - reach
        below = inks[i + 1][0] if i + 1 < len(inks) else bottom + reach
        y0 = max(0, max(top - reach, (above + top) // 2))
        y1 = min(tint.shape[0], min(bottom + reach, (bottom + below + 1) // 2))
        if (y1 - y0) * scale > 2 * MAX_TINT_HEIGHT:
            continue  # a picture, not a line of text
        found.extend(_line_runs(rgb, tint, dark, y0, y1, grid))
    return found


def _line_runs(
    rgb: Pixels,
    tint: npt.NDArray[np.bool_],
    dark: npt.NDArray[np.bool_],
    y0: int,
    y1: int,
    grid: SearchGrid,
) -> list[TintRun]:
    scale = grid.scale
    band = tint[y0:y1]
    columns = band.sum(axis=0) >= max(1, COLUMN_SHARE * (y1 - y0))
    out: list[TintRun] = []
    for x0, x1 in _spans(columns, round(CLOSE_GAP / scale)):
        if (x1 - x0) * scale < MIN_RUN_WIDTH:
            continue
        if dark[y0:y1, x0:x1].mean() < MIN_DARK_SHARE:
            continue  # a coloured bar or a panel without text
        cells = band[:, x0:x1]
        if cells.mean() < MIN_TINT_SHARE:
            continue  # specks (JPEG fringes around glyphs), not a tint
        pixels = rgb[y0:y1, x0:x1][cells]
        median = np.median(pixels, axis=0)
        color = (int(median[0]), int(median[1]), int(median[2]))
        tinted_rows = np.flatnonzero(cells.mean(axis=1) >= COLUMN_SHARE)
        top = y0 + int(tinted_rows[0]) if tinted_rows.size else y0
        bottom = y0 + int(tinted_rows[-1]) + 1 if tinted_rows.size else y1
        rect = grid.page_rect(x0, top, x1, bottom)
        declared = declared_color(color)
        if is_chromatic(declared):
            out.append(TintRun(rect, color, declared))
    return out


def _badges(rgb: Pixels, strong: npt.NDArray[np.bool_], grid: SearchGrid) -> list[TintBadge]:
    """Small saturated blobs: a row band and a column run of strong-chroma pixels within it."""
    scale = grid.scale
    found: list[TintBadge] = []
    rows = strong.sum(axis=1) >= 2
    for top, bottom in _spans(rows, 1):
        if not BADGE_SIZE[0] <= (bottom - top) * scale <= BADGE_SIZE[1]:
            continue
        columns = strong[top:bottom].sum(axis=0) >= 2
        for x0, x1 in _spans(columns, 2):
            if not BADGE_SIZE[0] * 0.6 <= (x1 - x0) * scale <= BADGE_SIZE[1] * 1.6:
                continue
            pixels = rgb[top:bottom, x0:x1][strong[top:bottom, x0:x1]]
            median = np.median(pixels, axis=0)
            solid = [(float(v) - 255 * 0.2) / 0.8 for v in median]
            color = tuple(min(255.0, max(0.0, v)) / 255 for v in solid)
            found.append(
                TintBadge(grid.page_rect(x0, top, x1, bottom), (color[0], color[1], color[2]))
            )
    return found

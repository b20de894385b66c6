"""The read-ahead helper's share of a scanned page (FORMATS.md §6.3): for a page `tint_flags`
reads, its tints and, when it has tinted runs, its badges' digit tiles, worked out from its
pixels where the helper reads the page (`scan_pixels` holds them; `read_ahead.py` sends them).

Decoding a 400-dpi scan and searching it are most of such a page's cost (0.4-0.5 s of 0.6);
done in the helper for the pages it reads, they run beside the worker's own pages.
"""

from __future__ import annotations

import pymupdf

from docflags_gui.analysis.badge_tiles import baked_tiles, plain_tile
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.options import AnalysisOptions
from docflags_gui.analysis.page_reading import PageData
from docflags_gui.analysis.pixel_tints import page_tints
from docflags_gui.analysis.scan_pixels import ScanPixels
from docflags_gui.analysis.tint_flags import reads_tints


def read_scan_pixels(
    doc: pymupdf.Document, page: pymupdf.Page, data: PageData
) -> ScanPixels | None:
    """What the page's pixels hold, as the worker would work it out, or None when the worker
    would not look at them. `data`: what was read of the page's text layer and drawings."""
    ctx = PageContext(DocContext(doc, AnalysisOptions()), page, data)
    if not reads_tints(ctx):
        return None
    tints = page_tints(ctx)
    if not tints.runs:
        return ScanPixels(tints)  # no passage: no badge is read
    tiles = baked_tiles(ctx, [b.rect for b in tints.badges])
    return ScanPixels(tints, tuple(plain_tile(t) for t in tiles))

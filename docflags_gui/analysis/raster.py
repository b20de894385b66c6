"""Marks over raster page images (Turnitin classic, iThenticate): text by OCR."""

from __future__ import annotations

from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.model import Flag


def page_needs_ocr(ctx: PageContext) -> bool:
    return False


def find_raster_flags(ctx: PageContext) -> list[Flag]:
    return []  # TODO(engine-raster helper)

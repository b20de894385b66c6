"""Vector marks painted into the page (fills, polygons, underline strokes) as flags."""

from __future__ import annotations

from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.model import Flag


def find_drawn_flags(ctx: PageContext) -> list[Flag]:
    return []  # TODO(engine-drawn helper)


def join_across_pages(flags: list[Flag], doc_ctx: DocContext) -> list[Flag]:
    return flags

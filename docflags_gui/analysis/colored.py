"""Coloured text as flags."""

from __future__ import annotations

from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.model import Flag


def find_colored_text_flags(ctx: PageContext) -> list[Flag]:
    return []  # TODO(engine-annotations helper)

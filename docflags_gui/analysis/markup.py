"""Markup annotations (highlight, underline, strike-out, squiggly) and notes as flags."""

from __future__ import annotations

from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.model import Flag


def find_annotation_flags(ctx: PageContext) -> list[Flag]:
    return []  # TODO(engine-annotations helper)

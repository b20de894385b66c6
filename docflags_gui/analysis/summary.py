"""A similarity report's summary pages: similarity index and the primary sources list."""

from __future__ import annotations

from docflags_gui.analysis.context import PageContext


def read_summary_page(ctx: PageContext) -> None:
    return None  # TODO(engine-drawn helper)

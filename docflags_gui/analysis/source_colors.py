"""The colour of each source on a report's sources list, and the check of badge numbers
against it once the whole report is read (FORMATS.md §3, §6.1).

A classic report's sources page shows each source's number on a square of the source's
colour, its name in that colour. A badge's number is read from pixels (OCR) or inferred from
its colour; the list says which numbers a colour can stand for, so a number the list gives
another colour (a misread digit, a number past the end of the list) is replaced by the
nearest number of the flag's colour. Only done where the list's colours are those of the
marks (most numbered flags agree): other reports colour their lists otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from docflags_gui.analysis.colors import RGB, is_chromatic, srgb_components
from docflags_gui.analysis.context import DocContext, PageContext, per_document
from docflags_gui.analysis.geometry import centre_inside
from docflags_gui.analysis.marks import UNDERLINE, page_marks
from docflags_gui.analysis.model import Flag
from docflags_gui.analysis.words import Word

# A flag's colour names a source of the list when it is at most this far (RGB, 0..255) from
# the nearest of the list's colours (tints rebuilt from pixels are off by up to ~20 a channel).
MAX_DISTANCE = 40.0
# The list's colours are the marks' when at least this share of numbered flags agree with them.
MIN_AGREEMENT = 0.5
# Kinds of flag whose source number comes from a badge in the source's colour.
_BADGED_KINDS = frozenset({"drawn", "colored-text"})


@per_document
def _noted() -> dict[int, RGB]:
    return {}


def note_source_colors(ctx: PageContext, numbers: Sequence[tuple[int, Word]]) -> None:
    """Remember the colour of each sources-list row: (n, the word of its number)."""
    noted = _noted(ctx.doc_ctx)
    boxes = [m for m in page_marks(ctx) if m.shape != UNDERLINE and m.width <= 40]
    for n, word in numbers:
        if n in noted:
            continue
        square = next((m for m in boxes if centre_inside(word.rect, m.rect, 1.0)), None)
        rgb = square.rgb if square is not None else _text_color(ctx, word)
        if rgb is not None:
            noted[n] = rgb


def _text_color(ctx: PageContext, word: Word) -> RGB | None:
    """The first chromatic text colour on the number's line: the number's own or the source's
    name's."""
    for span in ctx.text.line_spans.get(word.line_key, ()):
        rgb = srgb_components(span.color)
        if is_chromatic(rgb) and span.text.strip():
            return rgb
    return None


def source_colors(doc_ctx: DocContext) -> dict[int, RGB]:
    """The colours noted for the document's sources list, by source number."""
    return dict(_noted(doc_ctx))


def _rgb(color: str) -> RGB:
    return (int(color[1:3], 16) / 255, int(color[3:5], 16) / 255, int(color[5:7], 16) / 255)


def _distance(a: RGB, b: RGB) -> float:
    return 255 * math.dist(a, b)


def _candidates(colors: dict[int, RGB], rgb: RGB) -> list[int]:
    """The sources whose colour is the list colour nearest to `rgb`, if near enough."""
    nearest = min(_distance(c, rgb) for c in colors.values())
    if nearest > MAX_DISTANCE:
        return []
    return sorted(n for n, c in colors.items() if _distance(c, rgb) <= nearest + 1.0)


def check_sources(doc_ctx: DocContext, flags: list[Flag]) -> list[Flag]:
    """`flags` with badge numbers that the sources list's colours contradict corrected."""
    colors = _noted(doc_ctx)
    if len(colors) < 2:
        return flags
    numbered = [f for f in flags if f.source is not None and f.color and f.kind in _BADGED_KINDS]
    if not numbered:
        return flags
    verdicts = []
    for flag in numbered:
        assert flag.color is not None and flag.source is not None
        options = _candidates(colors, _rgb(flag.color))
        verdicts.append((flag, options))
    agreeing = sum(1 for f, options in verdicts if f.source in options)
    if agreeing < MIN_AGREEMENT * len(numbered):
        return flags
    for flag, options in verdicts:
        if options and flag.source not in options:
            read = flag.source
            assert read is not None
            flag.source = min(options, key=lambda n: (abs(n - read), n))
    return flags

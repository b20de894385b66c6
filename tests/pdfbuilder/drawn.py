"""Vector marks painted into pages, with the flags docflags must report for them.

Marks: opaque fills behind text (Word, Copyleaks), alpha fills and closed 4-point polygons over
text (Turnitin new, fill alpha 0.4), underline strokes. Source numbers: boxed or bare
superscripts after a passage, rounded tags above-left of its start, numbered squares in the left
margin. Distractors: header bands with light text, frames, rules, link boxes, chart bars and
legend squares, table shading, grey fills, badges on their own.

Everything is placed over word boxes known from `core` (no reading back), so each helper returns
the exact text a passage must yield; `Expected` holds one flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf

from tests.pdfbuilder.core import (
    WHITE,
    PlacedLine,
    PlacedWord,
    Rect,
    font,
    hex_color,
    inflate,
    write_line,
)

ORANGE = "#ff9900"
RED = "#f54236"
PURPLE = "#9c26b0"
BLUE = "#2196f2"
BROWN = "#785447"
TII_RED = "#f86371"  # new Turnitin match groups
TII_ORANGE = "#f68e4a"
TII_YELLOW = "#f4e4aa"
TII_GREEN = "#c1ecdf"
NAVY = "#1a3366"

# A highlight box reaches this far above/below the word boxes of its line (points).
PAD = 1.0


@dataclass(frozen=True)
class Expected:
    """One flag the engine must report."""

    page: int
    text: str
    color: str | None
    source: int | None = None
    kind: str = "drawn"


@dataclass(frozen=True)
class Run:
    """Words first..last (inclusive) of one line: one line run of a passage."""

    line: PlacedLine
    first: int = 0
    last: int = -1

    @property
    def rect(self) -> Rect:
        return inflate(self.line.span(self.first, self.last), PAD, PAD)

    @property
    def words(self) -> list[PlacedWord]:
        n = len(self.line.words)
        return self.line.words[self.first % n : self.last % n + 1]


def passage_text(runs: Sequence[Run]) -> str:
    """The text docflags reports for these runs: single spaces, a line-end hyphen joined."""
    out = ""
    for run in runs:
        text = " ".join(w.text for w in run.words)
        if not out:
            out = text
        elif out.endswith("-") and out[-2:-1].isalpha() and text[:1].isalpha():
            out = out[:-1] + text
        else:
            out += " " + text
    return out


# --- marks -----------------------------------------------------------------------------------


def fill_behind(page: pymupdf.Page, runs: Sequence[Run], color: str) -> None:
    """Opaque fills drawn before the text (Word's highlighting, Copyleaks backgrounds)."""
    for run in runs:
        page.draw_rect(run.rect, color=None, fill=hex_color(color), overlay=False)


def fill_over(page: pymupdf.Page, runs: Sequence[Run], color: str, opacity: float = 0.35) -> None:
    """Translucent rectangles drawn over the text."""
    for run in runs:
        page.draw_rect(run.rect, color=None, fill=hex_color(color), fill_opacity=opacity)


def polygons_over(
    page: pymupdf.Page, runs: Sequence[Run], color: str, opacity: float = 0.4
) -> None:
    """Closed 4-point polygons with fill alpha over the text, one per line run (new Turnitin)."""
    for run in runs:
        x0, y0, x1, y1 = run.rect
        shape = page.new_shape()
        shape.draw_polyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
        shape.finish(color=None, fill=hex_color(color), fill_opacity=opacity, closePath=True)
        shape.commit()


def underline_strokes(page: pymupdf.Page, runs: Sequence[Run], color: str) -> None:
    """A coloured stroke just below the baseline of each run (Quetext-style underlines)."""
    for run in runs:
        baseline = run.line.baseline
        x0, _, x1, _ = run.line.span(run.first, run.last)
        page.draw_line((x0, baseline + 1.5), (x1, baseline + 1.5), color=hex_color(color), width=1)


# --- source numbers --------------------------------------------------------------------------


def superscript_badge(
    page: pymupdf.Page, after: Run, number: int, color: str, *, boxed: bool = True
) -> Rect:
    """The source number right after a passage's last word: white digits on a small box in the
    source colour, or (boxed=False) bare digits in the source colour."""
    last = after.words[-1]
    size = 6.6
    f = font("helv")
    text = str(number)
    x = last.rect[2] + 1.0
    baseline = last.rect[1] + size + 1.5
    width = f.text_length(text, size)
    box = (x - 1.0, last.rect[1] + 0.3, x + width + 1.0, baseline + 1.5)
    if boxed:
        page.draw_rect(box, color=None, fill=hex_color(color))
    page.insert_text((x, baseline), text, fontsize=size, color=WHITE if boxed else hex_color(color))
    return box


def margin_badge(page: pymupdf.Page, run: Run, number: int, color: str) -> Rect:
    """New Turnitin's numbered 15.5 pt square in the left margin, level with the run's line."""
    _, y0, _, y1 = run.rect
    top = (y0 + y1) / 2 - 7.75
    box = (7.5, top, 23.0, top + 15.5)
    page.draw_rect(box, color=None, fill=hex_color(color))
    page.insert_text((10.5, top + 11.0), str(number), fontsize=8)
    return box


def tag_badge(page: pymupdf.Page, run: Run, number: int, color: str) -> Rect:
    """Turnitin classic's rounded tag just above-left of a match's first rectangle."""
    x0, y0, _, _ = run.rect
    text = str(number)
    width = font("helv").text_length(text, 5.3) + 4
    box = (x0 - 1, y0 - 7.6, x0 - 1 + width, y0 + 0.8)
    page.draw_rect(box, color=None, fill=hex_color(color), fill_opacity=0.8, radius=0.3)
    page.insert_text((x0 + 1, y0 - 1.5), text, fontsize=5.3, color=WHITE)
    return box


# --- distractors -----------------------------------------------------------------------------


def header_band(page: pymupdf.Page, text: str, color: str = NAVY) -> None:
    """A dark band across the top of the page with light text on it."""
    width = page.rect.width
    page.draw_rect((0, 20, width, 52), color=None, fill=hex_color(color))
    page.insert_text((60, 41), text, fontsize=12, color=WHITE)


def footer_frame(page: pymupdf.Page, number: int) -> None:
    """A stroked frame at the bottom with the page number in it, and a grey rule at the top."""
    width = page.rect.width
    height = page.rect.height
    page.draw_rect((60, height - 47, width - 60, height - 27), color=(0, 0, 0), width=0.5)
    page.insert_text((width / 2 - 3, height - 34), str(number), fontsize=9)
    page.draw_line((60, 70), (width - 60, 70), color=(0.5, 0.5, 0.5), width=0.7)


def link_box(page: pymupdf.Page, run: Run, color: str = BLUE) -> None:
    """A hyperlink over words, with a coloured border drawn around it (a link box)."""
    rect = pymupdf.Rect(run.rect)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": rect, "uri": "https://example.org"})
    page.draw_rect(rect, color=hex_color(color), width=0.8)


def chart(page: pymupdf.Page, origin: tuple[float, float], colors: Sequence[str]) -> None:
    """A bar chart: coloured bars and legend squares with labels beside them (not over them)."""
    x, y = origin
    for i, c in enumerate(colors):
        page.draw_rect(
            (x + 30 * i, y - 20 - 15 * i, x + 30 * i + 20, y), color=None, fill=hex_color(c)
        )
        lx, ly = x + 150, y - 60 + 14 * i
        page.draw_rect((lx, ly, lx + 8, ly + 8), color=None, fill=hex_color(c))
        page.insert_text((lx + 12, ly + 7), f"Series {i + 1}", fontsize=8)
    page.draw_line((x - 5, y), (x + 120, y), color=(0, 0, 0), width=0.5)


def table_shading(page: pymupdf.Page, rows: Sequence[PlacedLine], color: str) -> None:
    """Table rows on a coloured background reaching well beyond their words, with grid lines."""
    width = page.rect.width
    for line in rows:
        x0, y0, _, y1 = line.rect
        cell = (x0 - 4, y0 - 3, width - 60, y1 + 3)
        page.draw_rect(cell, color=None, fill=hex_color(color), overlay=False)
        page.draw_rect(cell, color=(0.3, 0.3, 0.3), width=0.5)


def grey_fill(page: pymupdf.Page, run: Run) -> None:
    """An achromatic (grey) background behind words: never a flag."""
    page.draw_rect(run.rect, color=None, fill=(0.85, 0.85, 0.85), overlay=False)


def lines_at(
    page: pymupdf.Page,
    texts: Sequence[str],
    *,
    x: float = 72.0,
    top: float = 100.0,
    fontsize: float = 11.0,
    leading: float = 16.0,
) -> list[PlacedLine]:
    """Write `texts` as consecutive lines from `top` at `x`."""
    return [
        write_line(page, (x, top + fontsize + leading * i), text, fontsize=fontsize)
        for i, text in enumerate(texts)
    ]

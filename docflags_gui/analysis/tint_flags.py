"""Tints baked into a scanned page's pixels under an invisible OCR text layer (FORMATS.md §6.3,
`ocrmypdf`'d reports and highlighted printouts): one `drawn` flag per passage, its words taken
from the text layer (a word belongs to a run when its centre lies in it).

Runs come from `pixel_tints`. A passage is a chain of runs of one colour that goes on at the
word right after the previous run's last word; a badge baked above-left of a run starts a new
passage and gives its source. Only pages that are one big picture with a text layer that is
invisible (render mode 3) are looked at: visible text over a background picture is a page of
text, not a scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docflags_gui.analysis.badge_digits import read_badge_numbers
from docflags_gui.analysis.colors import hex_color
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.geometry import Rect, union_rect
from docflags_gui.analysis.image_overlay import image_overlay
from docflags_gui.analysis.joining import join_texts_by_line, normalize_text
from docflags_gui.analysis.model import Flag
from docflags_gui.analysis.page_edges import PageEdges
from docflags_gui.analysis.page_reading import mostly_invisible_text
from docflags_gui.analysis.raster_marks import tag_starts
from docflags_gui.analysis.words import Word

if TYPE_CHECKING:
    from docflags_gui.analysis.scan_pixels import TintBadge, TintRun

# A word is under a run when its centre lies in the run grown by this share of its height
# above and below (OCR layers set words a little higher than the tint: §6.3).
VERTICAL_SLACK = 0.3


@dataclass
class _Run:
    run: TintRun
    words: list[Word]
    color: str
    badge: int | None = None  # index of the badge that starts it

    @property
    def first(self) -> int:
        return self.words[0].seq

    @property
    def last(self) -> int:
        return self.words[-1].seq


@dataclass
class _Passage:
    runs: list[_Run] = field(default_factory=list)


def invisible_text_layer(ctx: PageContext) -> bool:
    """True when the page has words and most of its text is drawn invisibly (an OCR layer)."""
    return bool(ctx.text.words) and mostly_invisible_text(ctx.page)


def _words_of(ctx: PageContext, rect: Rect) -> list[Word]:
    slack = (rect[3] - rect[1]) * VERTICAL_SLACK
    x0, y0, x1, y1 = rect[0], rect[1] - slack, rect[2], rect[3] + slack
    found = [
        w
        for w in ctx.text.words_in(rect)
        if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.y0 + w.y1) / 2 <= y1
    ]
    return sorted(found, key=lambda w: w.seq)


def reads_tints(ctx: PageContext) -> bool:
    """Whether the page is a scan whose tints are searched: a page image under an invisible
    text layer, with no highlight images over the layer (those are drawn marks:
    `image_overlay`)."""
    if ctx.is_summary or not ctx.page_images or not ctx.text.words:
        return False
    return invisible_text_layer(ctx) and not image_overlay(ctx).marks


def find_tint_flags(ctx: PageContext, edges: PageEdges) -> list[Flag]:
    if not reads_tints(ctx):
        return []
    # Imported here: numpy (as long to import as PyMuPDF) only for a page image's pixels.
    from docflags_gui.analysis.pixel_tints import page_tints

    tints = page_tints(ctx)
    runs: list[_Run] = []
    for tint in tints.runs:
        words = _words_of(ctx, tint.rect)
        if words:
            runs.append(_Run(tint, words, hex_color(tint.rgb)))
    if not runs:
        return []
    numbers = _attach_badges(ctx, runs, tints.badges)
    runs.sort(key=lambda r: r.first)
    passages: list[_Passage] = []
    for run in runs:
        current = passages[-1] if passages else None
        if (
            current is not None
            and run.badge is None
            and current.runs[-1].color == run.color
            and run.first == current.runs[-1].last + 1
        ):
            current.runs.append(run)
        else:
            passages.append(_Passage([run]))
    last_seq = ctx.text.words[-1].seq
    flags: list[Flag] = []
    for passage in passages:
        first = passage.runs[0]
        parts = [(w.line_key, w.text) for r in passage.runs for w in r.words]
        rect = union_rect(r.run.rect for r in passage.runs)
        flag = Flag(
            page=ctx.number,
            kind="drawn",
            text=normalize_text(join_texts_by_line(parts)),
            rect=rect,
            color=first.color,
            source=numbers[first.badge] if first.badge is not None else None,
            order=float(first.first),
            end_page=ctx.number,
            end_rect=passage.runs[-1].run.rect,
        )
        edges.note(
            flag,
            starts_page=first.first == 0 and first.badge is None,
            ends_page=passage.runs[-1].last == last_seq,
        )
        flags.append(flag)
    return flags


def _attach_badges(ctx: PageContext, runs: list[_Run], badges: list[TintBadge]) -> list[int | None]:
    """Mark the run each badge starts (just above-left of it); the badges' source numbers."""
    used: list[TintBadge] = []
    for badge in badges:
        starts = [r for r in runs if r.badge is None and tag_starts(badge.rect, r.run.rect)]
        if starts:
            run = min(starts, key=lambda r: abs(r.run.rect[0] - badge.rect[0]))
            run.badge = len(used)
            used.append(badge)
    return read_badge_numbers(ctx, [b.rect for b in used], [b.rgb for b in used], baked=True)


class TintedText(Detector):
    """Highlights baked into a scan's pixels, read from its invisible OCR text layer."""

    stage = "tints"

    def __init__(self, doc: DocContext) -> None:
        super().__init__(doc)
        self.edges = PageEdges()

    def find(self, page: PageContext) -> list[Flag]:
        return find_tint_flags(page, self.edges)

    def finish(self, flags: list[Flag]) -> list[Flag]:
        return self.edges.join_across_pages(flags)

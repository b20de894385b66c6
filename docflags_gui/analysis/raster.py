"""Marks over raster page images with no text under them (Turnitin classic, iThenticate): one
flag per match, its text read by OCR (`ocr.py`).

A raster page shows the manuscript as one big image; each match is a tag (a small box in the
source colour holding the source number as real text) followed, in the content stream, by the
highlight boxes of its line runs. Turnitin classic draws both as vector fills (tags rounded),
iThenticate as small soft-masked images. So: the page's highlights in content-stream order, a
tag starts a new match, the boxes after it (same colour, going on down the page) belong to it.
A highlight before any tag on a page continues the previous page's last match when it has the
same colour and sits on the first marked line, as the rest of a match broken by a page break.
(`raster_marks.py` finds the page images, tags and boxes.)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docflags_gui.analysis.colors import hex_color, same_color
from docflags_gui.analysis.context import DocContext, PageContext, per_page
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.geometry import Rect, centre_inside, union_rect
from docflags_gui.analysis.joining import join_texts_by_line, normalize_text
from docflags_gui.analysis.model import Flag
from docflags_gui.analysis.page_edges import PageEdges
from docflags_gui.analysis.page_images import PageImage
from docflags_gui.analysis.raster_marks import Highlight, find_highlights, tag_starts

if TYPE_CHECKING:
    from docflags_gui.analysis.ocr_ahead import PagePlan, Reading

log = logging.getLogger(__name__)

# A box continues an untagged match when it starts at most this many of its heights below the
# previous box's bottom edge (next lines, a paragraph break), or on its line further right.
MAX_LINE_GAP = 3.5

# A tag may be painted in a shade of its match's colour up to this RGB distance away.
TAG_SHADE = 0.35
# Each mark is taken this share of its height taller above and below when picking OCR'd glyphs.
OCR_BOX_SLACK = 0.25

# Which box of which match each mark of a reading is: (match index, box index).
ReadingPlace = list[tuple[int, int]]


@dataclass
class Match:
    """The highlights of one match, in content-stream order."""

    rgb: tuple[float, float, float]
    source: int | None
    rects: list[Rect] = field(default_factory=list)
    tagged: bool = False
    tag: Rect = (0.0, 0.0, 0.0, 0.0)

    def accepts(self, h: Highlight) -> bool:
        """A box of the match's colour belongs to it when a tag opened the match (its boxes
        follow it in the stream, wherever they lie: next line, column or paragraph); without a
        tag, only when it goes on down the page from the previous box."""
        if self.tagged and not self.rects:
            # The box right after a tag is its first line run, even when the tag is painted
            # in a darker or lighter shade; the match takes the box's own colour.
            if same_color(self.rgb, h.rgb, TAG_SHADE) or tag_starts(self.tag, h.rect):
                self.rgb = h.rgb
                return True
            return False
        if not same_color(self.rgb, h.rgb):
            return False
        if not self.rects:
            return True
        last = self.rects[-1]
        height = max(1.0, last[3] - last[1])
        if self.tagged:
            # A match's boxes come in reading order: down the page, or up into the next column
            # to the right. A box of its colour above it in the same column is another match's
            # (the badge-less rest of one from the previous page, drawn after this one).
            above = h.rect[3] <= last[1] + height * 0.5
            return not above or h.rect[0] >= last[2] - 1
        same_line = abs(h.rect[1] - last[1]) < height * 0.5 and h.rect[0] >= last[2] - 1
        below = last[3] - height * 0.5 <= h.rect[1] <= last[3] + height * MAX_LINE_GAP
        return same_line or below


@dataclass
class RasterPage:
    """What this module found on one page (cached so `page_needs_ocr` costs nothing twice)."""

    images: list[PageImage]
    highlights: list[Highlight]


@per_page
def _raster_page(ctx: PageContext) -> RasterPage:
    return RasterPage(*find_highlights(ctx))


def page_needs_ocr(ctx: PageContext) -> bool:
    """True when the page has marks over a raster image with no text under them."""
    return bool(_raster_page(ctx).highlights)


def group_matches(highlights: Sequence[Highlight]) -> list[Match]:
    """Matches in content-stream order: a tag starts one, the boxes after it that go on down the
    page in its colour belong to it; a box that fits no open match starts one without a tag."""
    matches: list[Match] = []
    current: Match | None = None
    for h in highlights:
        if h.is_tag:
            current = Match(h.rgb, h.source, tagged=True, tag=h.rect)
            matches.append(current)
        elif current is not None and current.accepts(h):
            current.rects.append(h.rect)
        else:
            current = Match(h.rgb, None, [h.rect])
            matches.append(current)
    matches = [m for m in matches if m.rects]
    # A tag drawn elsewhere in the stream still names the match it sits above-left of.
    tags = [h for h in highlights if h.is_tag and h.source is not None]
    for m in matches:
        if m.source is None:
            for t in tags:
                if same_color(t.rgb, m.rgb) and tag_starts(t, m.rects[0]):
                    m.source = t.source
                    break
    return matches


def _readings(page: RasterPage, matches: Sequence[Match]) -> list[tuple[ReadingPlace, Reading]]:
    """One reading per page image that has marks over it, with where each box came from."""
    # Imported here, as the OCR service loads its modules: only for pages with page images.
    from docflags_gui.analysis.ocr_ahead import Reading

    out: list[tuple[ReadingPlace, Reading]] = []
    for image in page.images:
        where = [
            (i, j, r)
            for i, m in enumerate(matches)
            for j, r in enumerate(m.rects)
            if centre_inside(r, image.bbox)
        ]
        if where:
            out.append(([(i, j) for i, j, _ in where], Reading(image, tuple(r for *_, r in where))))
    return out


def _plan(doc_ctx: DocContext, planned: dict[int, PageContext]) -> PagePlan:
    """What `ReadAhead` reads of a page before the engine gets there: what `_read_texts` will
    ask for on it. The page's context, with what the page was found to hold, is kept in
    `planned` (by page index), so that the engine does not look for it again when it gets
    there (8 ms a page, and as much again for a §6.1 page's list of images)."""

    def plan(index: int) -> list[Reading]:
        ctx = PageContext(doc_ctx, doc_ctx.doc[index])
        page = _raster_page(ctx)
        planned[index] = ctx
        if not page.highlights:
            return []
        return [reading for _, reading in _readings(page, group_matches(page.highlights))]

    return plan


def _read_texts(ctx: PageContext, page: RasterPage, matches: list[Match]) -> list[list[str]]:
    """The text under each box of each match ("" where OCR could not run)."""
    from docflags_gui.analysis.ocr import clean_ocr_text

    texts = [["" for _ in m.rects] for m in matches]
    service = ctx.doc_ctx.ocr
    if not service.available:
        return texts
    places_readings = _readings(page, matches)
    reads = service.texts(ctx.page.number or 0, [reading for _, reading in places_readings])
    for (places, reading), read in zip(places_readings, reads, strict=True):
        try:
            ocr_text = read()
        except Exception as exc:  # MuPDF/Tesseract errors: keep the flags, say why text is missing
            log.warning("OCR failed on page %s: %s", ctx.number, exc)
            ctx.warn(f"OCR failed ({exc}); passages listed without text")
            continue
        if ocr_text is None:
            continue
        for k, ((i, j), r) in enumerate(zip(places, reading.marks, strict=True)):
            # OCR glyph boxes span the line's full height (they are estimates, not outlines):
            # a mark lower than the line still covers its glyphs, so only its width decides;
            # the words are those its own band held (not the next line's, which a tall mark
            # grown by the slack would reach).
            slack = (r[3] - r[1]) * OCR_BOX_SLACK
            pieces = ocr_text.covered_pieces(
                [(r[0], r[1] - slack, r[2], r[3] + slack)], ocr_text.read_for_mark(k)
            )
            parts = [(p.word.line_key, p.text) for p in pieces]
            texts[i][j] = clean_ocr_text(join_texts_by_line(parts))
    return texts


def _line_ids(rects: Sequence[Rect]) -> list[int]:
    """A line number for each box: boxes side by side on one line share it (so a hyphen
    between them is not taken for an end-of-line hyphen)."""
    ids: list[int] = []
    for i, r in enumerate(rects):
        if (
            i
            and abs((r[1] + r[3]) / 2 - (rects[i - 1][1] + rects[i - 1][3]) / 2)
            < (r[3] - r[1]) * 0.5
        ):
            ids.append(ids[-1])
        else:
            ids.append(i)
    return ids


class RasterMarks(Detector):
    """Marks over raster page images, their text read by the document's OCR service."""

    stage = "OCR"

    def __init__(self, doc: DocContext) -> None:
        super().__init__(doc)
        self.edges = PageEdges()
        # What the OCR's plan found on pages ahead of the engine, until the engine gets there.
        self._planned: dict[int, PageContext] = {}
        doc.ocr.plan_ahead(_plan(doc, self._planned))

    def is_slow(self, page: PageContext) -> bool:
        self._take_planned(page)
        return page_needs_ocr(page)

    def find(self, page: PageContext) -> list[Flag]:
        self._take_planned(page)
        return find_raster_flags(page, self.edges)

    def _take_planned(self, page: PageContext) -> None:
        """Give the page what the plan found on it, as if found here: the same page, looked
        at the same way (`find_highlights` depends on the page alone), except that a summary
        page holds no marks, and the plan cannot know that."""
        planned = self._planned.pop(page.number - 1, None)
        if planned is not None and not page.is_summary and _raster_page not in page.memo:
            page.memo[_raster_page] = _raster_page(planned)
            page.adopt_images(planned)

    def finish(self, flags: list[Flag]) -> list[Flag]:
        # `_note_edges` noted, per colour, the flag that ends its page last in reading order,
        # and put each page's continuation first among that page's flags.
        return self.edges.join_across_pages(flags)


def find_raster_flags(ctx: PageContext, edges: PageEdges) -> list[Flag]:
    """One `drawn` flag per match over the page image, text by OCR (`ocr` true). Which of them
    may go on from the previous page or on to the next is noted in `edges` (`_note_edges`)."""
    page = _raster_page(ctx)
    if not page.highlights:
        return []
    matches = group_matches(page.highlights)
    texts = _read_texts(ctx, page, matches)
    flags: list[Flag] = []
    for match, parts in zip(matches, texts, strict=True):
        lines = zip(_line_ids(match.rects), parts, strict=True)
        flags.append(
            Flag(
                page=ctx.number,
                kind="drawn",
                text=normalize_text(join_texts_by_line(list(lines))),
                rect=union_rect(match.rects),
                color=hex_color(match.rgb),
                source=match.source,
                ocr=True,
                end_page=ctx.number,
                end_rect=match.rects[-1],
            )
        )
    if flags:
        _note_edges(edges, matches, flags, page)
    ctx.memo.pop(_raster_page, None)
    return flags


def _note_edges(
    edges: PageEdges, matches: list[Match], flags: list[Flag], page: RasterPage
) -> None:
    """Note which flag may continue the previous page's passage (the first untagged match on
    the page's first marked line, wherever it is drawn: reports draw matches by source number,
    and the rest of one from the previous page at its source's place) and, per colour, which
    flag ends last in reading order (the one the next page's continuation of that colour
    goes on). The continuation is moved first, so it is joined before this page's own flags
    of its colour wait for the next page."""
    top = min(h.rect[1] for h in page.highlights if not h.is_tag)
    start = next(
        (i for i, m in enumerate(matches) if not m.tagged and m.rects[0][1] <= top + 0.5), None
    )
    last_by_color: dict[str | None, Flag] = {}
    for flag in flags:
        best = last_by_color.get(flag.color)
        if best is None or _reading_end(flag) >= _reading_end(best):
            last_by_color[flag.color] = flag
    ends = {id(f) for f in last_by_color.values()}
    if start is not None:
        flags.insert(0, flags.pop(start))
    for index, flag in enumerate(flags):
        edges.note(flag, starts_page=start is not None and index == 0, ends_page=id(flag) in ends)


def _reading_end(flag: Flag) -> tuple[float, float]:
    """Where a flag ends, as a reading-order key: its last box's line (in box heights down the
    page), then how far right (a column further right is read later)."""
    end = flag.end_rect or flag.rect
    return (round(end[3] / max(1.0, end[3] - end[1])), end[0])

"""New Turnitin similarity reports (FORMATS.md §6.4, pdf-lib overlay polygons) with the exact
flags docflags must report: one per match.

The submission's pages keep their text (`overlay_layout`). An appended content stream draws each
segment as `q /GS-########## gs r g b rg 0 w [] 0 d 1 0 0 1 x y cm 0 0 m 0 H l W H l W 0 l h f Q`
under its own randomly named ExtGState (`/ca .15`, or .4 with the match-group colours). A
segment is exactly the line box of the words it covers (Word's ascent .891 and descent .216 of
the font size). A match is drawn as: its first segment, an opaque circle of r 7.2 centred on that
segment's top-left corner, the source number in white 7.2-pt real text, then its other segments.
Matches are drawn by source number, not position; the segments of a match that began on an
earlier page come first on a page, without a badge.

Variation (by seed): fonts, sizes and line pitch; the two palettes; a highlighted running header
crossing the top margin zone; ToC rows (one polygon per cell, text layer possibly by column);
two-column pages; matches with unmatched words inside them (several runs on a line); line runs
drawn as two or three abutting pieces, cut between or inside words; matches n and n+5 back to
back (same colour); matches running over column and page breaks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from docflags_gui.analysis.joining import join_texts_by_line, normalize_text
from tests.pdfbuilder.annotated import Expected
from tests.pdfbuilder.core import Rect, hex_color, new_document, save_pdf, text_width
from tests.pdfbuilder.overlay_layout import Cell, LayoutStyle, SubmissionPage, build_pages
from tests.pdfbuilder.report import tii_new_overview

SOURCE_COLORS = ("#0c78ce", "#008096", "#8260d3", "#278729", "#bc5b0e")
GROUP_COLORS = ("#f86371", "#f68e4a", "#f4e4aa", "#c1ecdf")
BADGE_RADIUS = 7.2
ASCENT, DESCENT = 0.891, 0.216

# One covered word: (submission page, cell, word index).
Token = tuple[int, Cell, int]


@dataclass
class Match:
    source: int
    color: str
    tokens: list[Token]  # highlighted words in reading order (holes left out)


@dataclass
class OverlayReport:
    path: Path
    expected: list[Expected] = field(default_factory=list)
    matches: int = 0
    style: LayoutStyle | None = None
    page_breaks: int = 0  # matches that run over a page break


def _segments(match: Match) -> list[tuple[int, Cell, int, int]]:
    """(page, cell, first word, last word) runs of consecutive highlighted words of one cell."""
    runs: list[tuple[int, Cell, int, int]] = []
    for page, cell, i in match.tokens:
        if runs and runs[-1][1] is cell and runs[-1][3] == i - 1:
            runs[-1] = (page, cell, runs[-1][2], i)
        else:
            runs.append((page, cell, i, i))
    return runs


def _box(cell: Cell, first: int, last: int, trailing: bool) -> Rect:
    """Word's line box over words first..last: from the first word's left edge to the last
    one's right edge (plus the space after it when `trailing`)."""
    line = cell.line
    x0 = line.words[first].rect[0]
    x1 = line.words[last].rect[2]
    if trailing and last + 1 < len(line.words):
        x1 += text_width(" ", line.fontsize, line.fontname)
    return (x0, line.baseline - ASCENT * line.fontsize, x1, line.baseline + DESCENT * line.fontsize)


class _Stream:
    """The appended content stream of one page and the resources it needs."""

    def __init__(self, doc: pymupdf.Document, page: pymupdf.Page, rng: random.Random) -> None:
        self.doc, self.page, self.rng = doc, page, rng
        self.ops: list[str] = []
        kind, value = doc.xref_get_key(page.xref, "Resources")
        self.owner: int = int(value.split()[0]) if kind == "xref" else page.xref
        self.prefix = "" if kind == "xref" else "Resources/"
        doc.xref_set_key(
            self.owner,
            f"{self.prefix}Font/F-badge",
            "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        )

    def polygon(self, rect: Rect, color: str, alpha: float) -> None:
        name = f"GS-{self.rng.randrange(10**9, 10**10)}"
        self.doc.xref_set_key(
            self.owner, f"{self.prefix}ExtGState/{name}", f"<</Type/ExtGState/ca {alpha}>>"
        )
        r, g, b = hex_color(color)
        x0, y0, x1, y1 = rect
        height = self.page.rect.height
        w, h = x1 - x0, y1 - y0
        self.ops.append(
            f"q /{name} gs {r:.5f} {g:.5f} {b:.5f} rg 0 w [] 0 d 1 0 0 1 {x0:.3f} "
            f"{height - y1:.3f} cm 0 0 m 0 {h:.3f} l {w:.3f} {h:.3f} l {w:.3f} 0 l h f Q"
        )

    def badge(self, corner: tuple[float, float], number: int, color: str) -> None:
        """An opaque circle centred on `corner` and the number in white real text."""
        cx, cy = corner[0], self.page.rect.height - corner[1]
        k = 0.5523 * BADGE_RADIUS
        rad = BADGE_RADIUS
        r, g, b = hex_color(color)
        self.ops.append(
            f"q {r:.5f} {g:.5f} {b:.5f} rg {cx - rad:.3f} {cy:.3f} m "
            f"{cx - rad:.3f} {cy + k:.3f} {cx - k:.3f} {cy + rad:.3f} {cx:.3f} {cy + rad:.3f} c "
            f"{cx + k:.3f} {cy + rad:.3f} {cx + rad:.3f} {cy + k:.3f} {cx + rad:.3f} {cy:.3f} c "
            f"{cx + rad:.3f} {cy - k:.3f} {cx + k:.3f} {cy - rad:.3f} {cx:.3f} {cy - rad:.3f} c "
            f"{cx - k:.3f} {cy - rad:.3f} {cx - rad:.3f} {cy - k:.3f} {cx - rad:.3f} {cy:.3f} c "
            "f Q"
        )
        text = str(number)
        width = text_width(text, BADGE_RADIUS)
        self.ops.append(
            f"BT 1 1 1 rg /F-badge {BADGE_RADIUS} Tf {cx - width / 2:.3f} "
            f"{cy - 0.36 * BADGE_RADIUS:.3f} Td ({text}) Tj ET"
        )

    def commit(self) -> None:
        if not self.ops:
            return
        stream = self.doc.get_new_xref()
        self.doc.update_object(stream, "<<>>")
        self.doc.update_stream(stream, "\n".join(self.ops).encode())
        _, contents = self.doc.xref_get_key(self.page.xref, "Contents")
        refs = contents.strip("[]").strip()
        self.doc.xref_set_key(self.page.xref, "Contents", f"[{refs} {stream} 0 R]")


def _plan(pages: list[SubmissionPage], rng: random.Random, palette: str) -> list[Match]:
    """The matches, in reading order of their first word."""
    sources = rng.randint(6, 30)

    def new(tokens: list[Token], source: int | None = None) -> Match:
        n = source or rng.randint(1, sources)
        color = SOURCE_COLORS[(n - 1) % 5] if palette == "source" else rng.choice(GROUP_COLORS)
        return Match(n, color, tokens)

    matches: list[Match] = []
    body: list[Token] = []
    for p, page in enumerate(pages):
        if page.header and rng.random() < 0.8:
            matches.append(new([(p, c, i) for c in page.header for i in range(len(c.line.words))]))
        if page.toc:
            rows = sorted({c.row for c in page.toc})
            at = rng.randint(0, 1)
            while at < len(rows):
                take = rows[at : at + rng.randint(1, 3)]
                cells = [c for c in page.toc if c.row in take]
                matches.append(new([(p, c, i) for c in cells for i in range(len(c.line.words))]))
                at += len(take) + rng.randint(1, 2)
        body.extend((p, c, i) for c in page.body for i in range(len(c.line.words)))
    at = rng.randint(0, 20)
    previous: Match | None = None
    while at < len(body) - 3:
        length = min(rng.randint(3, 50), len(body) - at)
        tokens = body[at : at + length]
        if length > 12 and rng.random() < 0.35:
            hole = rng.randint(3, length - 6)
            del tokens[hole : hole + rng.randint(1, 3)]  # unmatched words inside the match
        back_to_back = previous is not None and rng.random() < 0.25 and previous.source + 5 <= 40
        match = new(tokens, previous.source + 5 if back_to_back and previous else None)
        if palette != "source" and back_to_back and previous:
            match.color = previous.color
        matches.append(match)
        previous = match
        at += length + (0 if rng.random() < 0.25 else rng.randint(8, 60))
    matches.sort(key=lambda m: (m.tokens[0][0], _reading_key(m.tokens[0])))
    return matches


def _reading_key(token: Token) -> tuple[int, float, float]:
    _, cell, i = token
    region = {"header": 0, "toc": 1, "body": 2}[cell.region]
    return (
        region,
        cell.line.baseline if cell.region != "body" else 0.0,
        cell.line.words[i].rect[0],
    )


def _expected_text(match: Match) -> str:
    parts = [(id(cell), cell.line.words[i].text) for _, cell, i in match.tokens]
    return normalize_text(join_texts_by_line(parts))


def _draw(
    doc: pymupdf.Document,
    pages: list[SubmissionPage],
    matches: list[Match],
    offset: int,
    alpha: float,
    rng: random.Random,
    badge_first: bool,
) -> None:
    streams = [_Stream(doc, doc[offset + p], rng) for p in range(len(pages))]
    later: dict[int, list[tuple[Match, list[tuple[int, Cell, int, int]]]]] = {}
    first: dict[int, list[tuple[Match, list[tuple[int, Cell, int, int]]]]] = {}
    for match in matches:
        segments = _segments(match)
        start = segments[0][0]
        by_page: dict[int, list[tuple[int, Cell, int, int]]] = {}
        for seg in segments:
            by_page.setdefault(seg[0], []).append(seg)
        for p, segs in by_page.items():
            (first if p == start else later).setdefault(p, []).append((match, segs))
    for p, stream in enumerate(streams):
        # Continuations first, then the page's own matches, each group by source number.
        queue = sorted(later.get(p, []), key=lambda e: e[0].source)
        queue += sorted(first.get(p, []), key=lambda e: e[0].source)
        for match, segs in queue:
            for k, (_, cell, a, b) in enumerate(segs):
                box = _box(cell, a, b, trailing=rng.random() < 0.5)
                badged = k == 0 and p == match.tokens[0][0]
                if badged and badge_first:
                    stream.badge((box[0], box[1]), match.source, match.color)
                pieces = _pieces(box, rng)
                # A split first segment: the badge after its first piece (odd sources) or
                # after the whole segment.
                after = 1 if match.source % 2 else len(pieces)
                for n, piece in enumerate(pieces, 1):
                    stream.polygon(piece, match.color, alpha)
                    if badged and not badge_first and n == after:
                        stream.badge((box[0], box[1]), match.source, match.color)
        stream.commit()


def _pieces(box: Rect, rng: random.Random) -> list[Rect]:
    """The segment as one polygon, or as two or three abutting pieces (cut anywhere)."""
    if box[2] - box[0] < 30 or rng.random() > 0.2:
        return [box]
    cuts = sorted(rng.uniform(box[0] + 5, box[2] - 5) for _ in range(rng.randint(1, 2)))
    xs = [box[0], *cuts, box[2]]
    return [(xs[i], box[1], xs[i + 1], box[3]) for i in range(len(xs) - 1)]


def build_overlay_report(
    path: Path, seed: int = 1, pages: int = 4, *, badge_first: bool = False
) -> OverlayReport:
    """Write a new Turnitin report of `pages` submission pages; returns its exact flags. With
    `badge_first` each badge is drawn right before its first segment instead of after it."""
    rng = random.Random(seed)
    style = LayoutStyle.random(rng)
    palette = rng.choice(("source", "group"))
    alpha = 0.15 if palette == "source" else 0.4
    doc = new_document()
    tii_new_overview(doc, rng.randint(10, 60), pages + 1)
    submission = build_pages(doc, style, pages, pages + 1, seed, offset=1)
    matches = _plan(submission, rng, palette)
    _draw(doc, submission, matches, 1, alpha, rng, badge_first)
    report = OverlayReport(path, matches=len(matches), style=style)
    report.page_breaks = sum(m.tokens[0][0] != m.tokens[-1][0] for m in matches)
    for match in matches:
        page = match.tokens[0][0] + 2
        report.expected.append(
            Expected(page, "drawn", _expected_text(match), match.color, None, match.source)
        )
    save_pdf(doc, path)
    return report

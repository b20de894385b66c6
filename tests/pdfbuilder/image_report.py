"""Reports whose highlights are images (FORMATS.md §6.1: iThenticate classic, Turnitin 2019).

Written the way Qt 4.8.6 / wkhtmltopdf writes them: a raw content stream under
`0.06 0 0 -0.06 28.32 763.68 cm`, every element in its own `q … W* n … Q` clip block; first the
page image (DeviceRGB, no soft mask, no text layer), then, match by match in order of source
number, the match's badge (an image of the source colour with white digit *pixels*, a soft mask
clearing its rounded corners, painted under `/ca .8`) and its segments (one uniform image of the
source colour per line run, with a soft mask of 255 and a fractional one-pixel border, painted
under `/ca .2`). `get_image_info()` does not report the segments at all (alpha < 0.5).

A match that runs over a page break goes on on the next page without a badge, drawn at its
source's place in the order: after that source's own matches there, so the engine meets a
same-colour badge-less run right after a badged match (FORMATS.md §6, §6.2 traps).

`ImageReportStyle.random(seed)` varies resolution, font, size, line pitch, columns, segment
and badge geometry and the number of sources (up to 12: colour names the source; more: only
the badge's digits do).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from docflags_gui.analysis.joining import join_texts_by_line, normalize_text
from tests.pdfbuilder.annotated import Expected
from tests.pdfbuilder.core import A4, LETTER, PlacedLine, Rect, TextFlow, new_document, save_pdf
from tests.pdfbuilder.raster import TII_COLORS, manuscript_text, source_color
from tests.pdfbuilder.report import SourceRow, ithenticate_summary
from tests.pdfbuilder.report_images import (
    badge_image,
    image_xref,
    segment_image,
    shown_color,
    to_device_cmyk,
)
from tests.pdfbuilder.text_layers import VISIBLE, add_text_layer

# The page image's place on the report page (§6.1: 501.2 x 708.7 pt at 28.32 from the top left).
PAGE_LEFT, PAGE_TOP = 28.32, 28.32
PAGE_WIDTH, PAGE_HEIGHT = 501.2, 708.7
# Content-stream units per point (the `0.06 0 0 -0.06 …` matrix).
UNIT = 1 / 0.06


@dataclass(frozen=True)
class ImageReportStyle:
    """How one report looks. Defaults: the iThenticate classic sample."""

    dpi: float = 130.0  # page-image pixels per inch of the manuscript page
    fontname: str = "helv"
    fontsize: float = 11.0
    leading: float = 2.1  # baseline pitch / font size (double spacing)
    columns: int = 1
    segment_ppp: float = 8.3  # segment and badge image pixels per point
    above: float = 1.9  # the segment reaches this far above the glyphs' ink ...
    below: float = 0.5  # ... and this far below it
    badge_size: tuple[float, float, float] = (8.94, 13.14, 10.32)  # 1-digit w, 2-digit w, h
    badge_overlap: float = -0.06  # how far the badge reaches down into the segment's top
    sources: int = 9

    @classmethod
    def random(cls, seed: int) -> ImageReportStyle:
        rng = random.Random(seed)
        turnitin_2019 = rng.random() < 0.4
        if turnitin_2019:
            return cls(
                dpi=rng.uniform(120, 150),
                fontname=rng.choice(["helv", "tiro"]),
                fontsize=rng.uniform(10.5, 12),
                leading=rng.uniform(1.35, 1.6),
                columns=2,
                segment_ppp=rng.uniform(7.6, 8.6),
                above=rng.uniform(0.6, 1.2),
                below=rng.uniform(0.2, 0.6),
                badge_size=(8.40, 12.4, 9.84),
                badge_overlap=rng.uniform(0.54, 0.60),
                sources=rng.randint(2, 5),
            )
        return cls(
            dpi=rng.uniform(110, 150),
            fontname=rng.choice(["helv", "tiro", "cour"]),
            fontsize=rng.uniform(10.5, 12.5),
            leading=rng.uniform(1.8, 2.2),
            columns=1,
            segment_ppp=rng.uniform(7.8, 8.8),
            above=rng.uniform(1.4, 2.2),
            below=rng.uniform(0.3, 0.7),
            sources=rng.choice([rng.randint(3, 12), rng.randint(13, 30)]),
        )


@dataclass
class ColumnFlow(TextFlow):
    """A TextFlow that fills `columns` columns of a page before starting the next page."""

    columns: int = 1
    gutter: float = 20.0
    _column: int = 0

    @property
    def width(self) -> float:
        usable = self.page_size[0] - 2 * self.margin - (self.columns - 1) * self.gutter
        return usable / self.columns

    def new_page(self) -> pymupdf.Page:
        self._column = 0
        return super().new_page()

    def _full(self) -> bool:
        return self._page is not None and self._baseline > self.page_size[1] - self.margin

    def _next_column(self) -> None:
        if self._column + 1 < self.columns:
            self._column += 1
            self._baseline = self.margin + self.fontsize
        else:
            self.new_page()

    def skip(self, points: float) -> None:
        self.page  # noqa: B018 - make sure a page exists
        self._baseline += points
        if self._full():
            self._next_column()

    def line(self, text: str, **kwargs: object) -> PlacedLine:
        if self._full():
            self._next_column()
        indent = self._column * (self.width + self.gutter)
        return super().line(text, indent=indent)


@dataclass
class Match:
    """One match: `length` words from the `start`-th word, from `source`."""

    start: int
    length: int
    source: int


@dataclass
class ImageReport:
    path: Path
    style: ImageReportStyle
    expected: list[Expected] = field(default_factory=list)
    segments: int = 0
    badges: int = 0
    ocr: bool = True  # the text is read by OCR (no text layer)
    words: int = 0  # the manuscript's words, marked or not

    def expected_rows(self) -> list[tuple[object, ...]]:
        return [(e.page, e.kind, e.text, e.color, e.source, self.ocr) for e in self.expected]


class _Stream:
    """One report page's raw content and resources, written as Qt does."""

    def __init__(self, doc: pymupdf.Document, page: pymupdf.Page) -> None:
        self.doc = doc
        self.page_xref = page.xref  # pages are orphaned when the next page is made
        self.ops: list[str] = ["q 0.06 0 0 -0.06 28.32 763.68 cm"]
        self.xobjects: dict[str, int] = {}
        self.states: dict[str, str] = {}

    def image(self, name: str, xref: int, rect: Rect, alpha: float | None) -> None:
        """Paint image `xref` upright over page-space `rect` in its own clip block."""
        u0, v0 = (rect[0] - PAGE_LEFT) * UNIT, (rect[1] - PAGE_TOP) * UNIT
        w, h = (rect[2] - rect[0]) * UNIT, (rect[3] - rect[1]) * UNIT
        self.xobjects[name] = xref
        gs = ""
        if alpha is not None:
            state = f"Ga{round(alpha * 100)}"
            self.states[state] = f"<</Type/ExtGState/ca {alpha:g}/CA {alpha:g}>>"
            gs = f"/{state} gs "
        self.ops.append(
            f"q {u0:.2f} {v0:.2f} {w:.2f} {h:.2f} re W* n {gs}"
            f"{w:.4f} 0 0 {-h:.4f} {u0:.4f} {v0 + h:.4f} cm /{name} Do Q"
        )

    def finish(self) -> None:
        self.ops.append("Q")
        xobjects = "".join(f"/{n} {x} 0 R" for n, x in self.xobjects.items())
        states = "".join(f"/{n} {v}" for n, v in self.states.items())
        self.doc.xref_set_key(
            self.page_xref, "Resources", f"<</XObject<<{xobjects}>>/ExtGState<<{states}>>>>"
        )
        content = self.doc.get_new_xref()
        self.doc.update_object(content, "<<>>")
        self.doc.update_stream(content, "\n".join(self.ops).encode())
        self.doc.xref_set_key(self.page_xref, "Contents", f"{content} 0 R")


def _runs(flow: TextFlow, match: Match) -> list[tuple[PlacedLine, int, int]]:
    flat = [(line, i) for line in flow.lines for i in range(len(line.words))]
    runs: list[tuple[PlacedLine, int, int]] = []
    for line, i in flat[match.start : match.start + match.length]:
        if runs and runs[-1][0] is line:
            runs[-1] = (line, runs[-1][1], i)
        else:
            runs.append((line, i, i))
    return runs


def plan_matches(flow: TextFlow, style: ImageReportStyle, rng: random.Random) -> list[Match]:
    """Matches spread over the manuscript, one over each page break (continued without a
    badge), and on each page after a break a match of the breaking match's colour."""
    total = sum(len(line.words) for line in flow.lines)
    pages = max(line.page for line in flow.lines)
    breaks = {
        sum(len(line.words) for line in flow.lines if line.page <= p): p for p in range(1, pages)
    }
    matches: list[Match] = []
    at = rng.randint(2, 20)
    while at < total - 3:
        crossing = next((b for b in breaks if at < b + 2 and at + 40 > b - 6), None)
        if crossing is not None and not any(
            m.start < crossing < m.start + m.length for m in matches
        ):
            start = crossing - rng.randint(3, 8)
            match = Match(max(at, start), crossing - max(at, start) + rng.randint(4, 12), 0)
        else:
            match = Match(at, rng.randint(3, 28), 0)
        match.length = min(match.length, total - match.start)
        match.source = rng.randint(1, style.sources)
        matches.append(match)
        at = match.start + match.length + rng.randint(8, 45)
    for break_at in breaks:
        over = [m for m in matches if m.start < break_at < m.start + m.length]
        later = [m for m in matches if m.start > break_at + 2]
        if over and later:
            # a badged match of the same colour on the next page, drawn before the continuation
            later[0].source = over[0].source + (12 if style.sources > 12 + over[0].source else 0)
    return matches


def build_image_report(
    path: Path,
    seed: int = 1,
    style: ImageReportStyle | None = None,
    paragraphs: int = 7,
    *,
    text_layer: str | None = None,
    space: str = "DeviceRGB",
    sources_list: bool = False,
) -> ImageReport:
    """Write an image-segment report (§6.1) of seeded random text and matches. `text_layer`
    (`text_layers.VISIBLE` / `INVISIBLE`) gives its pages a text layer; `space` is the colour
    space of the segment and badge images (`report_images.IMAGE_REPORT_SPACES`; the sources list
    that `sources_list` adds last is then in DeviceCMYK too)."""
    style = style or ImageReportStyle.random(seed)
    rng = random.Random(seed * 7919 + 1)
    doc = new_document()
    flow = ColumnFlow(
        doc,
        page_size=A4,
        margin=60 if style.columns == 2 else 72,
        fontsize=style.fontsize,
        fontname=style.fontname,
        leading=style.leading,
        columns=style.columns,
    )
    words = 60 if style.columns == 2 else 90
    for text in manuscript_text(paragraphs, seed=seed, words_per_paragraph=words):
        flow.paragraph(text, gap=style.fontsize * style.leading * 0.5)
    matches = plan_matches(flow, style, rng)
    scale = PAGE_WIDTH / A4[0]
    font = pymupdf.Font(style.fontname)
    ink_top = -font.ascender * style.fontsize
    ink_bottom = -font.descender * style.fontsize

    def to_report(x: float, y: float) -> tuple[float, float]:
        return (PAGE_LEFT + x * scale, PAGE_TOP + y * scale)

    report = ImageReport(path, style, ocr=text_layer is None)
    report.words = sum(len(line.words) for line in flow.lines)
    out = new_document()
    streams: list[_Stream] = []
    page_box = (PAGE_LEFT, PAGE_TOP, PAGE_LEFT + PAGE_WIDTH, PAGE_TOP + PAGE_HEIGHT)
    for index in range(flow.doc.page_count):
        page = out.new_page(width=LETTER[0], height=LETTER[1])
        stream = _Stream(out, page)
        if text_layer != VISIBLE:
            pix = flow.doc[index].get_pixmap(dpi=round(style.dpi))
            size = (pix.width, pix.height)
            stream.image("Im0", image_xref(out, size, bytes(pix.samples), None), page_box, None)
        streams.append(stream)
    # What each page paints: (source, continuation, first word, painter)
    paints: dict[int, list[tuple[int, int, int, list[tuple[str, Rect]]]]] = {}
    for match in matches:
        runs = _runs(flow, match)
        if not runs:
            continue
        color = source_color(match.source)
        first_page = runs[0][0].page
        by_page: dict[int, list[Rect]] = {}
        for line, first, last in runs:
            w0, w1 = line.words[first], line.words[last]
            x0, top = to_report(w0.rect[0] - 0.3, line.baseline + ink_top * 0.72)
            x1, bottom = to_report(w1.rect[2] + 0.3, line.baseline + ink_bottom)
            by_page.setdefault(line.page, []).append(
                (x0, top - style.above, x1, bottom + style.below)
            )
        for number, rects in by_page.items():
            items: list[tuple[str, Rect]] = []
            if number == first_page:
                one, two, height = style.badge_size
                width = one if match.source < 10 else two
                seg = rects[0]
                bx0 = seg[0] - rng.uniform(0.90, 0.96)
                bottom = seg[1] + style.badge_overlap + (0.0 if style.badge_overlap > 0 else 0.12)
                items.append(("badge", (bx0, bottom - height, bx0 + width, bottom)))
            items.extend(("segment", r) for r in rects)
            paints.setdefault(number, []).append(
                (match.source, int(number != first_page), match.start, items)
            )
        report.expected.append(
            Expected(
                first_page,
                "drawn",
                normalize_text(
                    join_texts_by_line([(id(ln), ln.span_text(f, last)) for ln, f, last in runs])
                ),
                shown_color(color, space),
                None,
                match.source,
            )
        )
    for number, items_of_page in paints.items():
        stream = streams[number - 1]
        for k, (source, _, _, items) in enumerate(sorted(items_of_page)):
            color = source_color(source)
            for j, (kind, rect) in enumerate(items):
                w = max(1, round((rect[2] - rect[0]) * style.segment_ppp))
                h = max(1, round((rect[3] - rect[1]) * style.segment_ppp))
                if kind == "badge":
                    xref = badge_image(out, source, color, (w, h), space)
                    stream.image(f"B{k}", xref, rect, 0.8)
                    report.badges += 1
                else:
                    xref = segment_image(out, color, (w, h), rng, space)
                    stream.image(f"S{k}x{j}", xref, rect, 0.2)
                    report.segments += 1
    for stream in streams:
        stream.finish()
    if text_layer is not None:
        add_text_layer(out, flow, text_layer, page_box)
    if sources_list:
        rows = [
            SourceRow(n, f"repository{n}.example.org", "Internet Source", f"{max(1, 24 // n)}%")
            for n in range(1, style.sources + 1)
        ]
        ithenticate_summary(out, 31, rows)
        if space == "DeviceCMYK":
            to_device_cmyk(out, out[-1])
    save_pdf(out, path)
    out.close()
    return report


__all__ = ["TII_COLORS", "ImageReport", "ImageReportStyle", "build_image_report"]

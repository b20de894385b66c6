"""Raster similarity reports (Turnitin classic, iThenticate) with their exact flags.

A manuscript is written with the base-14 fonts of `core`, each page rendered to a pixmap (~130
px per inch, as Turnitin does) and placed as the only content of a report page, inside a stroked
frame, without a text layer. Matches are then painted over the image the way the real reports
do it, in content-stream order: a small rounded tag in the source colour (80% opacity) holding
the source number in white real text, then one box per line run of the match (20% opacity).

- `opacity="direct"`: the boxes' fill carries the 20% (get_drawings says 0.2);
- `opacity="group"`: opaque boxes inside a Form XObject painted at 20%, as Chromium writes
  Turnitin classic (get_drawings says 1.0);
- `opacity="one-path"`: all boxes of a match on a page filled as one path of rectangles;
- `style="ithenticate"`: tags and boxes are small soft-masked images (get_drawings sees none).

Because the words' boxes are known, each match's expected text is the words it covers.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf

from docflags_gui.analysis.joining import join_texts_by_line, normalize_text
from docflags_gui.result import ResultDocument
from tests.pdfbuilder.annotated import Expected
from tests.pdfbuilder.core import (
    A4,
    BLACK,
    LETTER,
    WHITE,
    PlacedLine,
    PlacedWord,
    Rect,
    TextFlow,
    font,
    hex_color,
    new_document,
    save_pdf,
    write_line,
)
from tests.pdfbuilder.report import SourceRow, classic_summary, ithenticate_summary

# Turnitin classic's source colours, by source number (source 13 is red again).
TII_COLORS = (
    "#ff0000",
    "#e80cd7",
    "#8c06ff",
    "#00aaaa",
    "#00aa00",
    "#ab7000",
    "#7a2e06",
    "#06477a",
    "#993399",
    "#4e7602",
    "#231d9b",
    "#0064d1",
)

# Where the page image goes on the report page (Turnitin classic, Letter): left, top, width.
IMAGE_LEFT, IMAGE_TOP, IMAGE_WIDTH = 34.42, 29.4, 409.36

_VOCABULARY = (
    "penelitian pendidikan mahasiswa menunjukkan bahwa digital kebijakan program kelas data "
    "analisis teori model hasil metode observasi wawancara kuesioner validitas reliabilitas "
    "kerangka infrastruktur pelatihan kelembagaan sekolah provinsi literasi teknologi guru "
    "responden temuan keterbatasan signifikan berkelanjutan pendampingan sosiokultural "
    "study results learning students teachers policy framework evidence schools reading "
    "support training survey method analysis review outcome digital access rural urban "
    "yang dan pada dari untuk dengan dalam secara tetap lebih"
)
WORDS = tuple(_VOCABULARY.split())


def require_ocr() -> None:
    """Skip a test that needs Tesseract's language data when it is missing, unless
    DOCFLAGS_REQUIRE_OCR is set (CI sets it): then missing data fails the test."""
    import pytest

    from docflags_gui.analysis.tessdata import find_tessdata

    if find_tessdata() is not None:
        return
    if os.environ.get("DOCFLAGS_REQUIRE_OCR"):
        pytest.fail("DOCFLAGS_REQUIRE_OCR is set but no Tesseract language data (tessdata) found")
    pytest.skip("Tesseract language data (tessdata) not installed")


def source_color(source: int) -> str:
    return TII_COLORS[(source - 1) % len(TII_COLORS)]


@dataclass(frozen=True)
class MatchSpec:
    """One match to paint: `length` words from the `start`-th word of the manuscript."""

    start: int
    length: int
    source: int


MatchPlanner = Callable[[TextFlow], list[MatchSpec]]


@dataclass
class RasterReport:
    """A built report: where it is and what the engine must find in it."""

    path: Path
    expected: list[Expected]
    pages: int
    raster_pages: list[int] = field(default_factory=list)  # 1-based
    similarity: int | None = None
    sources: list[dict[str, object]] = field(default_factory=list)  # docflags/1 sources
    # The manuscript's words where the report shows them: (report page, word, box, font size).
    words: list[tuple[int, str, Rect, float]] = field(default_factory=list)

    def expected_rows(self) -> list[tuple[Any, ...]]:
        """The flags the engine must find, as `flag_rows` gives them: all read by OCR."""
        return [(e.page, e.kind, e.text, e.color, e.source, True) for e in self.expected]


def flag_rows(result: ResultDocument) -> list[tuple[Any, ...]]:
    """A docflags/1 result's flags as (page, kind, text, colour, source, ocr)."""
    return [
        (f["page"], f["kind"], f["text"], f["color"], f["source"], f["ocr"])
        for f in result["flags"]
    ]


def manuscript_text(paragraphs: int, seed: int = 7, words_per_paragraph: int = 90) -> list[str]:
    """Paragraphs of pseudo-random words, deterministic for a seed, with sentence punctuation."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(paragraphs):
        words: list[str] = []
        sentence = 0
        for _ in range(words_per_paragraph):
            word = rng.choice(WORDS)
            if sentence == 0:
                word = word.capitalize()
            sentence += 1
            if sentence >= rng.randint(9, 16):
                word += "."
                sentence = 0
            elif rng.random() < 0.05:
                word += ","
            words.append(word)
        if not words[-1].endswith("."):
            words[-1] = words[-1].rstrip(",") + "."
        out.append(" ".join(words))
    return out


def write_manuscript(
    paragraphs: Sequence[str], fontsize: float = 11.0, fontname: str = "helv"
) -> TextFlow:
    """Write the paragraphs, wrapped to the text width; a paragraph with newlines is written
    line by line as given (to place a hyphenated word across a line break)."""
    doc = new_document()
    flow = TextFlow(doc, page_size=A4, margin=72, fontsize=fontsize, fontname=fontname)
    for text in paragraphs:
        if "\n" in text:
            for line in text.split("\n"):
                flow.line(line)
            flow.skip(fontsize * flow.leading)
        else:
            flow.paragraph(text, gap=fontsize * flow.leading)
    return flow


def spaced_matches(
    flow: TextFlow, every: int = 40, length: tuple[int, int] = (4, 30), seed: int = 3
) -> list[MatchSpec]:
    """Matches spread over the manuscript: one starting about every `every` words."""
    rng = random.Random(seed)
    total = sum(len(line.words) for line in flow.lines)
    specs: list[MatchSpec] = []
    at = rng.randint(0, every // 2)
    while at < total - 2:
        n = min(rng.randint(*length), total - at)
        specs.append(MatchSpec(at, n, rng.randint(1, 15)))
        at += n + rng.randint(every // 3, every)
    return specs


def words_before_page_end(flow: TextFlow, page: int) -> int:
    """Index (in the whole manuscript) of the first word after page `page` (1-based)."""
    return sum(len(line.words) for line in flow.lines if line.page <= page)


def with_page_break_match(
    every: int = 40, source: int = 3, before: int = 6, after: int = 9
) -> MatchPlanner:
    """Spaced matches plus one that runs from the end of page 1 onto page 2."""

    def plan(flow: TextFlow) -> list[MatchSpec]:
        start = words_before_page_end(flow, 1) - before
        crossing = MatchSpec(start, before + after, source)
        others = [
            m
            for m in spaced_matches(flow, every)
            if m.start + m.length + 2 < start or m.start > start + before + after + 2
        ]
        return sorted([*others, crossing], key=lambda m: m.start)

    return plan


def _line_runs(flow: TextFlow, spec: MatchSpec) -> list[tuple[PlacedLine, int, int]]:
    flat = [(line, i) for line in flow.lines for i in range(len(line.words))]
    runs: list[tuple[PlacedLine, int, int]] = []
    for line, i in flat[spec.start : spec.start + spec.length]:
        if runs and runs[-1][0] is line:
            runs[-1] = (line, runs[-1][1], i)
        else:
            runs.append((line, i, i))
    return runs


def _run_box(line: PlacedLine, first: int, last: int, pitch: float, share: float) -> Rect:
    """The highlight box of words first..last of `line` (manuscript page space): the words'
    width and `share` of the line pitch, centred on the text like a browser's selection box."""
    words: list[PlacedWord] = line.words[first : last + 1]
    height = pitch * share
    middle = (words[0].rect[1] + words[0].rect[3]) / 2
    top, bottom = middle - height / 2, middle + height / 2
    return (words[0].rect[0] - 0.3, top, words[-1].rect[2] + 0.3, bottom)


def _expected_text(runs: Sequence[tuple[PlacedLine, int, int]]) -> str:
    """The passage as FORMATS.md §2 writes it (textlayer's joining rule: line-end hyphens
    joined)."""
    parts = [(id(line), line.span_text(first, last)) for line, first, last in runs]
    return normalize_text(join_texts_by_line(parts))


class _Painter:
    """Paints tags and boxes on one report page, in the chosen style."""

    def __init__(
        self, doc: pymupdf.Document, number: int, style: str, opacity: str, numbered: bool
    ) -> None:
        self.doc = doc
        self.numbered = numbered
        self.number = number  # 0-based; pages are loaded when painted (new pages orphan old ones)
        self.style = style
        self.opacity = opacity
        self._images: dict[tuple[str, int], tuple[bytes, bytes]] = {}

    @property
    def page(self) -> pymupdf.Page:
        page: pymupdf.Page = self.doc[self.number]
        return page

    def _masked(self, rect: Rect, color: str, alpha: int) -> None:
        """A small image of `color` with a soft mask of `alpha` (0..255), stretched over `rect`."""
        key = (color, alpha)
        if key not in self._images:
            base = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 4, 4), False)
            base.set_rect(base.irect, tuple(int(color[i : i + 2], 16) for i in (1, 3, 5)))
            mask = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 4, 4), False)
            mask.set_rect(mask.irect, (alpha,))
            self._images[key] = (base.tobytes("png"), mask.tobytes("png"))
        image, mask_bytes = self._images[key]
        self.page.insert_image(
            pymupdf.Rect(rect), stream=image, mask=mask_bytes, keep_proportion=False
        )

    def tag(self, rect: Rect, number: int, color: str) -> None:
        page = self.page
        if self.style == "ithenticate":
            self._masked(rect, color, 204)
        else:
            page.draw_rect(
                pymupdf.Rect(rect), color=None, fill=hex_color(color), fill_opacity=0.8, radius=0.25
            )
        if not self.numbered:
            return
        size = 5.3
        digits = str(number)
        width = font().text_length(digits, size)
        x = (rect[0] + rect[2]) / 2 - width / 2
        y = rect[3] - (rect[3] - rect[1] - size * 0.72) / 2
        write_line(page, (x, y), digits, fontsize=size, color=WHITE)

    def boxes(self, rects: Sequence[Rect], color: str) -> None:
        if self.style == "ithenticate":
            for r in rects:
                self._masked(r, color, 51)
        elif self.opacity == "group":
            self._group(rects, color)
        elif self.opacity == "one-path":
            shape = self.page.new_shape()
            for r in rects:
                shape.draw_rect(pymupdf.Rect(r))
            shape.finish(color=None, fill=hex_color(color), fill_opacity=0.2)
            shape.commit()
        else:
            page = self.page
            for r in rects:
                page.draw_rect(pymupdf.Rect(r), color=None, fill=hex_color(color), fill_opacity=0.2)

    def _group(self, rects: Sequence[Rect], color: str) -> None:
        """Opaque boxes in a transparency-group Form XObject painted at 20% (Chromium's way)."""
        page = self.page
        height = page.rect.height
        r, g, b = hex_color(color)
        ops = [f"{r:.4f} {g:.4f} {b:.4f} rg"]
        for x0, y0, x1, y1 in rects:
            ops.append(f"{x0:.3f} {height - y1:.3f} {x1 - x0:.3f} {y1 - y0:.3f} re f")
        form = self.doc.get_new_xref()
        self.doc.update_object(
            form,
            f"<< /Type /XObject /Subtype /Form /BBox [0 0 {page.rect.width} {height}] "
            "/Group << /S /Transparency >> /Resources << >> >>",
        )
        self.doc.update_stream(form, "\n".join(ops).encode())
        name = f"Mk{form}"
        self._resource(page.xref, "XObject", name, f"{form} 0 R")
        self._resource(page.xref, "ExtGState", "Ga20", "<< /Type /ExtGState /ca 0.2 /CA 0.2 >>")
        self._append(f"q /Ga20 gs /{name} Do Q".encode())

    def _resource(self, page_xref: int, category: str, name: str, value: str) -> None:
        """Set /Resources/<category>/<name>, following indirect dictionaries on the way."""
        target, prefix = page_xref, "Resources/"
        kind, ref = self.doc.xref_get_key(page_xref, "Resources")
        if kind == "xref":
            target, prefix = int(ref.split()[0]), ""
        kind, ref = self.doc.xref_get_key(target, prefix + category)
        if kind == "xref":
            self.doc.xref_set_key(int(ref.split()[0]), name, value)
        else:
            self.doc.xref_set_key(target, f"{prefix}{category}/{name}", value)

    def _append(self, content: bytes) -> None:
        stream = self.doc.get_new_xref()
        self.doc.update_object(stream, "<< >>")
        self.doc.update_stream(stream, content)
        xref = self.page.xref
        kind, value = self.doc.xref_get_key(xref, "Contents")
        refs = value.strip("[]").strip() if kind == "array" else value
        self.doc.xref_set_key(xref, "Contents", f"[{refs} {stream} 0 R]")


def _insert_tiled(page: pymupdf.Page, frame: pymupdf.Rect, pix: pymupdf.Pixmap, tiles: int) -> None:
    """Place `pix` over `frame`, whole or as `tiles` horizontal strips (as some producers do)."""
    if tiles <= 1:
        page.insert_image(frame, pixmap=pix)
        return
    rows = -(-pix.height // tiles)
    for top in range(0, pix.height, rows):
        bottom = min(pix.height, top + rows)
        strip = pymupdf.Pixmap(pix.colorspace, pymupdf.IRect(0, top, pix.width, bottom), False)
        strip.copy(pix, strip.irect)
        strip.set_origin(0, 0)
        y0 = frame.y0 + frame.height * top / pix.height
        y1 = frame.y0 + frame.height * bottom / pix.height
        page.insert_image(
            pymupdf.Rect(frame.x0, y0, frame.x1, y1), pixmap=strip, keep_proportion=False
        )


def _shade(color: str, darker: float) -> str:
    r, g, b = (round(int(color[i : i + 2], 16) * (1 - darker)) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def build_raster_report(
    path: Path,
    paragraphs: Sequence[str],
    matches: Sequence[MatchSpec] | MatchPlanner | None = None,
    *,
    style: str = "turnitin",
    opacity: str = "direct",
    dpi: int = 130,
    fontsize: float = 11.0,
    box_share: float = 0.95,
    cover: bool = True,
    numbered_tags: bool = True,
    tiles: int = 1,
    encoding: str = "png",
    summary: bool = False,
    tag_shade: float = 0.0,
    fontname: str = "helv",
) -> RasterReport:
    """Write a raster report of `paragraphs` with `matches` painted over it; returns what the
    engine must find. A match that runs over a page break is one flag, on its first page.
    Without `numbered_tags` the tags hold no digits (as if drawn as outlines): no sources.
    With `tiles` > 1 the page image is cut into that many horizontal strips. `encoding` "jpeg"
    stores it as a JPEG (quality 80), "gray" as a greyscale image. With `summary`, the report
    ends with its ORIGINALITY REPORT page(s) (`report.py`), listing sources 1..highest used.
    `tag_shade` darkens the tags by that share (the flags keep the boxes' colour)."""
    flow = write_manuscript(paragraphs, fontsize, fontname)
    if matches is None:
        specs = spaced_matches(flow)
    elif callable(matches):
        specs = matches(flow)
    else:
        specs = list(matches)
    pitch = flow.fontsize * flow.leading
    scale = IMAGE_WIDTH / A4[0]

    def to_report(r: Rect) -> Rect:
        return (
            IMAGE_LEFT + r[0] * scale,
            IMAGE_TOP + r[1] * scale,
            IMAGE_LEFT + r[2] * scale,
            IMAGE_TOP + r[3] * scale,
        )

    report = new_document()
    offset = 0
    raster_pages: list[int] = []
    if cover:
        page = report.new_page(width=LETTER[0], height=LETTER[1])
        write_line(page, (72, 100), "Chapter draft", fontsize=16, color=BLACK)
        write_line(page, (72, 130), "by Student Account", fontsize=11, color=BLACK)
        write_line(page, (72, 150), "Submission ID: 1648630332", fontsize=11, color=BLACK)
        offset = 1
    painters: list[_Painter] = []
    for index in range(flow.doc.page_count):
        manuscript_page = flow.doc[index]
        pix = manuscript_page.get_pixmap(dpi=dpi)
        if encoding == "gray":
            pix = pymupdf.Pixmap(pymupdf.csGRAY, pix)
        page = report.new_page(width=LETTER[0], height=LETTER[1])
        frame = pymupdf.Rect(
            IMAGE_LEFT, IMAGE_TOP, IMAGE_LEFT + IMAGE_WIDTH, IMAGE_TOP + A4[1] * scale
        )
        if encoding == "jpeg":
            page.insert_image(frame, stream=pix.tobytes("jpeg", jpg_quality=80))
        else:
            _insert_tiled(page, frame, pix, tiles)
        page.draw_rect(frame, color=BLACK, width=0.5)
        painters.append(_Painter(report, report.page_count - 1, style, opacity, numbered_tags))
        raster_pages.append(report.page_count)

    expected: list[Expected] = []
    for spec in specs:
        runs = _line_runs(flow, spec)
        if not runs:
            continue
        color = source_color(spec.source)
        by_page: dict[int, list[Rect]] = {}
        for line, first, last in runs:
            by_page.setdefault(line.page, []).append(
                to_report(_run_box(line, first, last, pitch, box_share))
            )
        first_page = runs[0][0].page
        for number, rects in by_page.items():
            painter = painters[number - 1]
            if number == first_page:
                digits_width = font().text_length(str(spec.source), 5.3)
                x0, y0 = rects[0][0] - 1.0, rects[0][1] + 0.8
                painter.tag(
                    (x0, y0 - 8.4, x0 + digits_width + 3.9, y0),
                    spec.source,
                    _shade(color, tag_shade),
                )
            painter.boxes(rects, color)
        expected.append(
            Expected(
                first_page + offset,
                "drawn",
                _expected_text(runs),
                color,
                None,
                spec.source if numbered_tags else None,
            )
        )
    similarity, sources = _summary(report, specs, style, len(flow.lines)) if summary else (None, [])
    save_pdf(report, path)
    words = [
        (raster_pages[line.page - 1], w.text, to_report(w.rect), w.fontsize * scale)
        for line in flow.lines
        for w in line.words
    ]
    return RasterReport(
        path, expected, report.page_count, raster_pages, similarity, sources, words=words
    )


def _summary(
    doc: pymupdf.Document, specs: Sequence[MatchSpec], style: str, lines: int
) -> tuple[int, list[dict[str, object]]]:
    rows = [
        SourceRow(
            n,
            ("Submitted to Universitas Negeri Malang", f"repository.univ{n}.ac.id")[min(1, n % 3)],
            ("Student Paper", "Internet Source", "Publication")[n % 3],
            f"{12 - n}%" if n < 12 else "<1%",
        )
        for n in range(1, max(m.source for m in specs) + 1)
    ]
    similarity = min(99, sum(r.percent for r in rows) + lines % 7)
    if style == "ithenticate":
        ithenticate_summary(doc, similarity, rows)
    else:
        classic_summary(doc, similarity, (similarity // 2, similarity // 4, similarity // 4), rows)
    return similarity, [r.expected() for r in rows]

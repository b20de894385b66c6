"""Turnitin classic reports whose matches run over table cells (FORMATS.md §6.2, sample C).

The manuscript page is a raster image with no text layer; each match is a rounded tag and then
one opaque `re` per cell line in a transparency-group Form painted at 20 % (`raster._Painter`,
"group"), in cell order: a caption and the header cells (a two-line header cell's lines one
after the other), or five data rows cell by cell. Rows abut exactly: a segment is as tall as the
row pitch, so segments of neighbouring rows touch, and a one-digit cell's segment is a few
points wide. The expected text of a match is its cells' text in that order. Variation (seed):
font, size, row pitch, resolution, column positions, which rows and sources.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from tests.pdfbuilder.annotated import Expected
from tests.pdfbuilder.core import (
    A4,
    BLACK,
    LETTER,
    PlacedLine,
    Rect,
    new_document,
    save_pdf,
    wrap_words,
    write_line,
)
from tests.pdfbuilder.raster import (
    IMAGE_LEFT,
    IMAGE_TOP,
    IMAGE_WIDTH,
    _Painter,
    manuscript_text,
    source_color,
)

HEADERS = (
    ("No.",),
    ("Province",),
    ("Number of", "schools"),
    ("Teachers", "trained"),
    ("Share", "(%)"),
    ("Method",),
)
PROVINCES = ("Aceh", "Bali", "Jambi", "Riau", "Banten", "Papua", "Maluku", "Lampung", "Gorontalo")
METHODS = ("survey", "interview", "observation", "review")


@dataclass
class TableReport:
    path: Path
    expected: list[Expected] = field(default_factory=list)
    dpi: int = 0


Cell = list[PlacedLine]  # the lines of one table cell


def _paragraph(
    page: pymupdf.Page, text: str, top: float, size: float, fontname: str
) -> tuple[list[PlacedLine], float]:
    lines = []
    for row in wrap_words(text, A4[0] - 144, size, fontname):
        lines.append(write_line(page, (72, top + size), row, fontsize=size, fontname=fontname))
        top += size * 1.45
    return lines, top + size


def _table(
    page: pymupdf.Page, top: float, size: float, fontname: str, rng: random.Random
) -> tuple[list[list[Cell]], float, float]:
    """Header row (some cells on two lines) and data rows; returns the rows, bottom, pitch."""
    pitch = size * rng.uniform(1.1, 1.3)
    x, xs = 72.0, []
    for width in (28, 66, 72, 70, 56, 70):
        xs.append(x)
        x += width * rng.uniform(0.95, 1.15)
    rows: list[list[Cell]] = []
    header = []
    # A one-line header cell sits on the first line or, as centred cells do, between the two.
    middle = pitch / 2 if rng.random() < 0.5 else 0.0
    for cx, texts in zip(xs, HEADERS, strict=True):
        shift = middle if len(texts) == 1 else 0.0
        header.append(
            [
                write_line(
                    page, (cx, top + size + shift + k * pitch), t, fontsize=size, fontname=fontname
                )
                for k, t in enumerate(texts)
            ]
        )
    rows.append(header)
    y = top + 2 * pitch
    for n in range(1, rng.randint(8, 11)):
        values = (
            str(n),
            rng.choice(PROVINCES),
            str(rng.randint(3, 420)),
            str(rng.randint(10, 3000)),
            f"{rng.randint(1, 99)}.{rng.randint(0, 9)}",
            rng.choice(METHODS),
        )
        rows.append(
            [
                [write_line(page, (cx, y + size), t, fontsize=size, fontname=fontname)]
                for cx, t in zip(xs, values, strict=True)
            ]
        )
        y += pitch
    return rows, y + size, pitch


def _box(line: PlacedLine, pitch: float) -> Rect:
    """A cell line's segment: its words' width, one row pitch tall, centred on the text."""
    x0, y0, x1, y1 = line.rect
    middle = (y0 + y1) / 2
    return (x0 - 0.3, middle - pitch / 2, x1 + 0.3, middle + pitch / 2)


class _Forms:
    """Chromium's way (§6.2): each segment its own transparency-group Form holding one opaque
    `re`, invoked `q 1 0 0 1 tx ty cm /Gn gs /Xn Do Q` under a .2 ExtGState."""

    def __init__(self, doc: pymupdf.Document, index: int) -> None:
        self.doc, self.index = doc, index

    def segment(self, rect: Rect, color: str) -> None:
        page = self.doc[self.index]
        height = page.rect.height
        r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
        x0, y0, x1, y1 = rect
        form = self.doc.get_new_xref()
        self.doc.update_object(
            form,
            f"<</Type/XObject/Subtype/Form/BBox[0 0 {x1 - x0:.3f} {y1 - y0:.3f}]"
            "/Group<</Type/Group/S/Transparency/I true>>/Resources<<>>>>",
        )
        self.doc.update_stream(
            form, f"{r:.4f} {g:.4f} {b:.4f} rg 0 0 {x1 - x0:.3f} {y1 - y0:.3f} re f".encode()
        )
        painter = _Painter(self.doc, self.index, "turnitin", "group", True)
        painter._resource(page.xref, "XObject", f"X{form}", f"{form} 0 R")
        painter._resource(page.xref, "ExtGState", "G7", "<</ca .2/BM/Normal>>")
        painter._append(f"q 1 0 0 1 {x0:.3f} {height - y1:.3f} cm /G7 gs /X{form} Do Q".encode())


def build_table_report(path: Path, seed: int = 1) -> TableReport:
    rng = random.Random(seed)
    size = rng.choice((10.0, 10.5, 11.0))
    fontname = rng.choice(("helv", "tiro"))
    dpi = rng.choice((110, 130, 150))
    manuscript = new_document()
    page = manuscript.new_page(width=A4[0], height=A4[1])
    text = manuscript_text(2, seed=seed, words_per_paragraph=60)
    before, top = _paragraph(page, text[0], 72, size, fontname)
    caption = write_line(
        page,
        (72, top + size),
        "Table 2. Teachers trained per province in 2024",
        fontsize=size,
        fontname=fontname,
    )
    rows, top, pitch = _table(page, top + size * 1.8, size, fontname, rng)
    _paragraph(page, text[1], top + size, size, fontname)

    # Matches, each as segments (manuscript space) in cell order, with its text.
    first = rng.randint(1, len(rows) - 5)
    matches: list[tuple[int, list[Rect], list[str]]] = []
    head = [caption, *(line for cell in rows[0] for line in cell)]
    matches.append((0, [_box(ln, pitch) for ln in head], [ln.text for ln in head]))
    data = [line for row in rows[first : first + 5] for cell in row for line in cell]
    matches.append((0, [_box(ln, pitch) for ln in data], [ln.text for ln in data]))
    lead = before[1:3]
    matches.append((0, [_box(ln, size * 1.45) for ln in lead], [ln.text for ln in lead]))
    sources = rng.sample(range(1, 13), len(matches))
    matches = [(s, boxes, texts) for s, (_, boxes, texts) in zip(sources, matches, strict=True)]

    report = new_document()
    cover = report.new_page(width=LETTER[0], height=LETTER[1])
    write_line(cover, (72, 100), "Chapter draft", fontsize=16, color=BLACK)
    scale = IMAGE_WIDTH / A4[0]
    sheet = report.new_page(width=LETTER[0], height=LETTER[1])
    frame = pymupdf.Rect(IMAGE_LEFT, IMAGE_TOP, IMAGE_LEFT + IMAGE_WIDTH, IMAGE_TOP + A4[1] * scale)
    sheet.insert_image(frame, pixmap=page.get_pixmap(dpi=dpi))
    sheet.draw_rect(frame, color=BLACK, width=0.5)
    painter = _Painter(report, 1, "turnitin", "group", True)

    def to_report(r: Rect) -> Rect:
        x0, y0, x1, y1 = r
        return (
            IMAGE_LEFT + x0 * scale,
            IMAGE_TOP + y0 * scale,
            IMAGE_LEFT + x1 * scale,
            IMAGE_TOP + y1 * scale,
        )

    result = TableReport(path, dpi=dpi)
    forms = _Forms(report, 1)
    per_segment = rng.random() < 0.5
    for source, boxes, texts in sorted(matches):
        color = source_color(source)
        rects = [to_report(b) for b in boxes]
        x0, y0 = rects[0][0] - 1.0, rects[0][1] + 0.8
        painter.tag((x0, y0 - 8.4, x0 + 3.0 * len(str(source)) + 3.9, y0), source, color)
        if per_segment:
            for r in rects:
                forms.segment(r, color)
        else:
            painter.boxes(rects, color)
        result.expected.append(Expected(2, "drawn", " ".join(texts), color, None, source))
    save_pdf(report, path)
    return result

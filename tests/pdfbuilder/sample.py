"""The bundled sample, resources/sample-report.pdf: every kind of flag docflags reads, on 3 pages.

    python -m tests.pdfbuilder.sample [OUT.pdf]     (default: resources/sample-report.pdf)

Page 1 is a reviewed draft (highlight, underline and strike-out annotations with comments, a
sticky note); page 2 a similarity report's marks (an opaque fill behind text across two lines,
a translucent polygon over text, coloured text, each followed by a superscript source number,
plus grey table shading that is not a flag); page 3 the report's summary (similarity index and
primary sources). `EXPECTED` lists the flags the engine must report; the file is deterministic,
so the committed copy always equals a fresh build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pymupdf

from tests.pdfbuilder.annotated import Expected, add_markup
from tests.pdfbuilder.core import (
    A4,
    BLACK,
    RGB,
    WHITE,
    PlacedLine,
    TextFlow,
    font,
    hex_color,
    locate,
    new_document,
    save_pdf,
    write_line,
    write_superscript,
)

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "sample-report.pdf"

GREY: RGB = (0.47, 0.47, 0.47)
SOURCE_COLORS = {1: "#fd7366", 2: "#2196f2", 3: "#9c26b0"}

HIGHLIGHTED = "a quarter of first-year students read no book for pleasure during term"
UNDERLINED = "reading for pleasure predicts vocabulary growth more strongly than homework"
STRUCK = "always and everywhere"
FILLED = (
    "Short daily reading sessions of fifteen minutes raised reported enjoyment in every "
    "faculty that took part."
)
POLYGON = "students who chose their own books kept reading after the programme ended."
COLOURED = "libraries that stayed open in the evening saw twice as many loans."
NOTE = "Reviewer: please state the sample size and response rate here."

EXPECTED: list[Expected] = [
    Expected(1, "highlight", HIGHLIGHTED, "#ffeb3b", "Quote this and cite the survey."),
    Expected(1, "note", NOTE, None),
    Expected(1, "underline", UNDERLINED, "#1e88e5", "Which study shows this? Add a citation."),
    Expected(1, "strikeout", STRUCK, "#e53935", "Remove: an unsupported claim."),
    Expected(2, "drawn", FILLED, SOURCE_COLORS[1], source=1),
    Expected(2, "drawn", POLYGON, SOURCE_COLORS[2], source=2),
    Expected(2, "colored-text", COLOURED, SOURCE_COLORS[3], source=3),
]
SIMILARITY = 18
SOURCES = [
    (1, "journal.reading-research.example.org", "Publication", "9%"),
    (2, "repository.example.ac.id", "Internet Source", "6%"),
    (3, "Submitted to Example University", "Student Paper", "3%"),
]


def _title(flow: TextFlow, title: str, subtitle: str) -> None:
    flow.line(title, fontsize=17, fontname="hebo")
    flow.line(subtitle, fontsize=9, color=GREY)
    flow.skip(8)


def _mark_phrase(page: pymupdf.Page, lines: list[PlacedLine], phrase: str, **markup: str) -> None:
    rects = [line.span(a, b) for line, a, b in locate(lines, phrase)]
    kind = markup.pop("kind")
    add_markup(page, kind, rects, markup.pop("color"), author="Reviewer", **markup)


def _reviewed_draft(flow: TextFlow) -> None:
    _title(
        flow,
        "Reading for pleasure in the first year",
        "docflags sample, page 1 of 3: a reviewed draft with annotations",
    )
    page = flow.page
    first = flow.paragraph(
        "Our survey of 412 students at three universities found that "
        f"{HIGHLIGHTED} although most of them read daily for their courses. The gap was "
        "widest in engineering and smallest in the humanities."
    )
    _mark_phrase(
        page,
        first,
        HIGHLIGHTED,
        kind="highlight",
        color="#ffeb3b",
        comment="Quote this and cite the survey.",
    )
    second = flow.paragraph(
        f"Earlier work suggests that {UNDERLINED} and that the effect {STRUCK} grows with "
        "every year of study. We therefore asked students how often they read, what they "
        "read, and what kept them from reading more."
    )
    _mark_phrase(
        page,
        second,
        UNDERLINED,
        kind="underline",
        color="#1e88e5",
        comment="Which study shows this? Add a citation.",
    )
    _mark_phrase(
        page,
        second,
        STRUCK,
        kind="strikeout",
        color="#e53935",
        comment="Remove: an unsupported claim.",
    )
    flow.paragraph(
        "Answers were collected online over four weeks and coded by two readers "
        "independently; disagreements were settled by discussion."
    )
    note = page.add_text_annot((A4[0] - 60, first[0].rect[1]), NOTE, icon="Comment")
    note.set_info(title="Reviewer")
    note.update()


def _superscript_after(page: pymupdf.Page, line: PlacedLine, number: int) -> None:
    write_superscript(page, line.words[-1], str(number))


def _report_marks(flow: TextFlow) -> None:
    flow.new_page()
    _title(
        flow,
        "2 What helped students read more",
        "docflags sample, page 2 of 3: a similarity report's marks with source numbers",
    )
    page = flow.page
    # 1: an opaque fill drawn behind the text (as Word and Copyleaks export), over two lines.
    filled = flow.paragraph("We tried three small changes in the spring term. " + FILLED)
    for line, a, b in locate(filled, FILLED):
        page.draw_rect(
            pymupdf.Rect(line.span(a, b)),
            color=None,
            fill=hex_color(SOURCE_COLORS[1]),
            overlay=False,
        )
    _superscript_after(page, filled[-1], 1)
    # 2: a translucent four-point polygon drawn over the text (as new Turnitin reports do).
    polygon = flow.paragraph("The second change mattered most: " + POLYGON)
    for line, a, b in locate(polygon, POLYGON):
        x0, y0, x1, y1 = line.span(a, b)
        shape = page.new_shape()
        shape.draw_polyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
        shape.finish(color=None, fill=hex_color(SOURCE_COLORS[2]), fill_opacity=0.4, closePath=True)
        shape.commit(overlay=True)
    _superscript_after(page, polygon[-1], 2)
    # 3: the text itself coloured (CNKI style), after black text on the same line.
    lead = "Opening hours counted too: "
    placed = flow.line(lead)
    x = placed.rect[2] + font().text_length(" ", flow.fontsize)
    baseline = placed.baseline
    coloured = write_line(
        page, (x, baseline), COLOURED, fontsize=flow.fontsize, color=hex_color(SOURCE_COLORS[3])
    )
    _superscript_after(page, coloured, 3)
    flow.skip(flow.fontsize)
    # Not flags: grey table shading and black text on it.
    table_top = flow.line("Table 1. Loans per week before and after the changes").rect[3] + 4
    page.draw_rect(
        pymupdf.Rect(flow.margin, table_top, A4[0] - flow.margin, table_top + 40),
        color=None,
        fill=(0.9, 0.9, 0.9),
        overlay=False,
    )
    write_line(page, (flow.margin + 6, table_top + 16), "Before: 1,240 loans", color=BLACK)
    write_line(page, (flow.margin + 6, table_top + 32), "After: 2,515 loans", color=BLACK)


def _summary(doc: pymupdf.Document) -> None:
    page = doc.new_page(width=A4[0], height=A4[1])
    red = hex_color("#e60000")
    write_line(page, (36, 60), "ORIGINALITY REPORT", fontsize=7.6, color=red)
    write_line(page, (36, 105), str(SIMILARITY), fontsize=40, color=red)
    write_line(page, (36 + font().text_length(str(SIMILARITY), 40) + 4, 105), "%", fontsize=11)
    write_line(page, (36, 128), "SIMILARITY INDEX", fontsize=7.6)
    write_line(page, (36, 160), "PRIMARY SOURCES", fontsize=7.6, color=red)
    top = 172.0
    for n, name, kind, label in SOURCES:
        page.draw_rect(
            pymupdf.Rect(42, top, 64.7, top + 23.4), color=None, fill=hex_color(SOURCE_COLORS[n])
        )
        write_line(page, (48, top + 17), str(n), fontsize=14.5, color=WHITE)
        write_line(page, (78, top + 13), name, fontsize=12, color=hex_color(SOURCE_COLORS[n]))
        write_line(page, (78, top + 27), kind, fontsize=7.5, color=GREY)
        digits = label.rstrip("%")
        write_line(page, (455, top + 20), digits, fontsize=26)
        write_line(page, (455 + font().text_length(digits, 26) + 2, top + 20), "%", fontsize=12)
        page.draw_line((33, top + 38), (482, top + 38), color=(0.8, 0.8, 0.8), width=0.5)
        top += 51.5


def build_sample(path: Path) -> list[Expected]:
    doc = new_document()
    flow = TextFlow(doc, page_size=A4, margin=72)
    _reviewed_draft(flow)
    _report_marks(flow)
    _summary(doc)
    save_pdf(doc, path)
    return EXPECTED


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else SAMPLE_PATH
    build_sample(target)
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A reviewed manuscript whose marks are painted in every colour space (`color_spaces.py`).

Seeded random passages of a text-layer manuscript, each marked in one space, in one of the ways
real files draw highlights: an opaque fill behind the text (Word, Copyleaks), a translucent
fill or a closed polygon over it (Turnitin new), a coloured underline stroke; plus highlight
annotations whose `/C` is CMYK or gray, and a paragraph of coloured text. Gray fills are there too:
they are never flags. `expected` has each flag with the colour MuPDF renders its paint in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from tests.pdfbuilder.color_spaces import (
    CHROMATIC_SPACES,
    GRAY_SPACES,
    ColorSpaces,
    Paint,
    placeholder,
    recolor,
)
from tests.pdfbuilder.core import (
    PlacedLine,
    TextFlow,
    hex_color,
    new_document,
    quad_points,
    save_pdf,
)
from tests.pdfbuilder.drawn import Run, fill_behind, fill_over, passage_text, polygons_over
from tests.pdfbuilder.raster import manuscript_text

MODES = ("behind", "over", "polygon")
# Text may be coloured in these spaces (a paragraph of it); its placeholder is apart from the
# marks' ones.
TEXT_SPACES = ("DeviceCMYK", "ICCBased-CMYK", "ICCBased-RGB", "Separation")
TEXT_PLACEHOLDER = 40


@dataclass(frozen=True)
class Expected:
    page: int
    kind: str
    text: str
    color: str | None
    space: str


@dataclass
class ColorReport:
    path: Path
    expected: list[Expected] = field(default_factory=list)
    gray_marks: int = 0  # achromatic fills drawn (never flags)


def _passages(flow: TextFlow, count: int, rng: random.Random) -> list[list[Run]]:
    """`count` passages of 2-16 words, some over a line break, apart from each other, on body
    lines of at least four words."""
    lines = [ln for ln in flow.lines if len(ln.words) >= 4]
    spots = sorted(rng.sample(range(0, len(lines) - 1, 2), count))
    found: list[list[Run]] = []
    for at in spots:
        line = lines[at]
        n = len(line.words)
        first = rng.randint(0, n - 2)
        nxt = lines[at + 1]
        if (
            rng.random() < 0.4
            and nxt.page == line.page
            and nxt is flow.lines[flow.lines.index(line) + 1]
        ):
            found.append([Run(line, first, n - 1), Run(nxt, 0, rng.randint(0, len(nxt.words) - 2))])
        else:
            found.append([Run(line, first, rng.randint(first + 1, n - 1))])
    return found


def build_color_report(path: Path, seed: int = 1) -> ColorReport:
    """Write the manuscript and return what docflags must find in it."""
    rng = random.Random(seed)
    doc = new_document()
    spaces = ColorSpaces(doc, rng)
    flow = TextFlow(doc, fontsize=rng.uniform(10, 12), leading=rng.uniform(1.35, 1.8))
    texts = manuscript_text(7, seed=seed, words_per_paragraph=70)
    text_paint = spaces.paint(rng.choice(TEXT_SPACES))
    text_color = placeholder(TEXT_PLACEHOLDER)
    colored: list[PlacedLine] = []
    for k, text in enumerate(texts):
        if k == 3:  # a paragraph set in a colour: coloured text, one passage
            colored = flow.paragraph(" ".join(text.split()[:30]), color=hex_color(text_color))
        else:
            flow.paragraph(text)
    report = ColorReport(path)
    page_of_text = colored[0].page
    report.expected.append(
        Expected(
            page_of_text,
            "colored-text",
            " ".join(line.text for line in colored),
            spaces.rendered_hex(text_paint),
            text_paint.space,
        )
    )
    marked = list(CHROMATIC_SPACES + GRAY_SPACES)
    rng.shuffle(marked)
    annotated = ["DeviceCMYK", "DeviceCMYK", "DeviceGray"]
    passages = _passages(flow, len(marked) + len(annotated) + 1, rng)
    rng.shuffle(passages)
    by_page: dict[int, dict[str, Paint]] = {page_of_text: {text_color: text_paint}}
    for index, space in enumerate(marked):
        runs = passages[index]
        paint = spaces.paint(space)
        page = doc[runs[0].line.page - 1]
        color = placeholder(index)
        mode = rng.choice(MODES)
        if mode == "behind":
            fill_behind(page, runs, color)
        elif mode == "over":
            fill_over(page, runs, color, opacity=rng.uniform(0.3, 0.45))
        else:
            polygons_over(page, runs, color, opacity=rng.uniform(0.3, 0.45))
        by_page.setdefault(runs[0].line.page, {})[color] = paint
        if space in GRAY_SPACES:
            report.gray_marks += 1
            continue
        report.expected.append(
            Expected(
                runs[0].line.page, "drawn", passage_text(runs), spaces.rendered_hex(paint), space
            )
        )
    for k, space in enumerate(annotated):
        runs = passages[len(marked) + k]
        paint = spaces.paint(space)
        page = doc[runs[0].line.page - 1]
        quads = [pymupdf.Quad(*quad_points(run.rect)) for run in runs]
        annot = page.add_highlight_annot(quads=quads)
        doc.xref_set_key(
            annot.xref, "C", "[" + " ".join(f"{c:.4g}" for c in paint.components) + "]"
        )
        page.load_annot(annot.xref).update()
        report.expected.append(
            Expected(
                runs[0].line.page,
                "highlight",
                passage_text(runs),
                spaces.rendered_hex(paint),
                space,
            )
        )
    for page_number, paints in by_page.items():
        recolor(doc, doc[page_number - 1], paints, spaces)
    save_pdf(doc, path)
    return report


__all__ = ["ColorReport", "Expected", "build_color_report", "hex_color"]

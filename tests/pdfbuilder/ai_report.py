"""AI-writing reports (FORMATS.md §6.4): the submission's own text, each line of a flagged
paragraph overlaid with a pdf-lib polygon (`0 0 m 0 H l W H l W 0 l h f`) in #52c6da under its
own randomly named ExtGState (`/ca .4 /BM /Multiply`), no badges, no separators. Paragraphs are
set with a wider gap between them than between their lines; last lines are usually short; one
paragraph runs over the page break. One flag per highlighted paragraph.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from docflags_gui.analysis.joining import join_texts_by_line, normalize_text
from tests.pdfbuilder.annotated import Expected
from tests.pdfbuilder.core import LETTER, PlacedLine, new_document, save_pdf, wrap_words, write_line
from tests.pdfbuilder.raster import manuscript_text

AI_COLOR = "#52c6da"
LEFT = 71.99


@dataclass
class AiReport:
    path: Path
    expected: list[Expected] = field(default_factory=list)


def _polygons(
    doc: pymupdf.Document, page: pymupdf.Page, lines: list[PlacedLine], rng: random.Random
) -> None:
    """Append one Multiply polygon per line, each under its own ExtGState."""
    height = page.rect.height
    kind, value = doc.xref_get_key(page.xref, "Resources")
    owner, prefix = (int(value.split()[0]), "") if kind == "xref" else (page.xref, "Resources/")
    ops: list[str] = []
    for line in lines:
        x0, y0, x1, y1 = line.rect
        name = f"GS-{rng.randrange(10**9, 10**10)}"
        state = "<</Type/ExtGState/ca .4/BM/Multiply>>"
        doc.xref_set_key(owner, f"{prefix}ExtGState/{name}", state)
        w, h = x1 - x0, y1 - y0
        ops.append(
            f"q /{name} gs 0.32157 0.77647 0.85490 rg 0 w [] 0 d "
            f"1 0 0 1 {x0:.3f} {height - y1:.3f} cm "
            f"0 0 m 0 {h:.3f} l {w:.3f} {h:.3f} l {w:.3f} 0 l h f Q"
        )
    stream = doc.get_new_xref()
    doc.update_object(stream, "<<>>")
    doc.update_stream(stream, "\n".join(ops).encode())
    _, contents = doc.xref_get_key(page.xref, "Contents")
    refs = contents.strip("[]").strip()
    doc.xref_set_key(page.xref, "Contents", f"[{refs} {stream} 0 R]")


def build_ai_report(path: Path, seed: int = 1, paragraphs: int = 8) -> AiReport:
    rng = random.Random(seed)
    doc = new_document()
    pitch = rng.uniform(26.4, 27.2)
    extra = rng.uniform(7.5, 9.0)  # the paragraph gap is this much wider than a line's
    size = rng.uniform(10.5, 11.5)
    width = LETTER[0] - LEFT - 72
    report = AiReport(path)
    page = doc.new_page(width=LETTER[0], height=LETTER[1])
    pages = [page]
    marked: dict[int, list[PlacedLine]] = {0: []}
    y = 90.0
    texts = manuscript_text(paragraphs, seed=seed, words_per_paragraph=rng.randint(55, 80))
    for k, text in enumerate(texts):
        flagged = k % 4 != 3  # most paragraphs, not all
        placed: list[PlacedLine] = []
        for row in wrap_words(text, width, size, "helv"):
            if y > LETTER[1] - 80:
                page = doc.new_page(width=LETTER[0], height=LETTER[1])
                pages.append(page)
                marked[len(pages) - 1] = []
                y = 90.0
            line = write_line(page, (LEFT, y), row, fontsize=size)
            placed.append(line)
            if flagged:
                marked[len(pages) - 1].append(line)
            y += pitch
        y += extra
        if flagged:
            report.expected.append(
                Expected(
                    placed[0].page,
                    "drawn",
                    normalize_text(join_texts_by_line([(id(ln), ln.text) for ln in placed])),
                    AI_COLOR,
                )
            )
    for index, lines in marked.items():
        if lines:
            _polygons(doc, doc[index], lines, rng)
    save_pdf(doc, path)
    return report

"""A small report PDF (highlight annotations over lines of text) and the manuscript it flags."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from tests.pdfbuilder.core import hex_color, new_document, new_page, save_pdf, write_line

MANUSCRIPT_PARAGRAPHS = [
    "Blended learning changed how rural schools teach: teachers recorded lessons, and pupils "
    "watched them at home when the network allowed it.",
    "The questionnaire measured perceived usefulness, ease of use and the intention to keep "
    "using the platform after the pilot semester ended.",
    "Reliability was acceptable, with Cronbach's alpha above the usual threshold for every "
    "scale, and the interviews confirmed the main findings.",
    "Teachers in the third province reported the most problems with hardware, electricity and "
    "the time it took to prepare recorded lessons.",
]
# Report lines, each highlighted whole: the flagged passages.
REPORT_LINES = [
    "teachers recorded lessons, and pupils watched them at home",
    "the intention to keep using the platform after the pilot semester",
    "this sentence was never written by the author of the thesis",
    "reported the most problems with hardware, electricity and the time",
]
FOUND = [0, 1, 3]  # report lines whose passage is in the manuscript
NOT_FOUND = [2]


def write_manuscript_txt(path: Path) -> Path:
    path.write_text("\n\n".join(MANUSCRIPT_PARAGRAPHS) + "\n", encoding="utf-8")
    return path


def build_report(path: Path, lines: list[str] = REPORT_LINES, color: str = "#ffff00") -> Path:
    """One page, one highlight per report line (yellow unless `color` says otherwise)."""
    doc = new_document()
    page = new_page(doc)
    for number, text in enumerate(lines):
        line = write_line(page, (72, 100 + 30 * number), text)
        annot = page.add_highlight_annot(quads=[pymupdf.Rect(line.span(0, -1))])
        annot.set_colors(stroke=hex_color(color))
        annot.update()
    return save_pdf(doc, path)

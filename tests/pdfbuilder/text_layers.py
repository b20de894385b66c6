"""Text layers over a report's page: the manuscript page shown as real text (a report that
keeps the submission's text), or an invisible OCR layer (`3 Tr`) over the page image (a
report run through `ocrmypdf`). Either way the words sit where the page shows them, so marks
painted over the page are read from the text layer instead of by OCR."""

from __future__ import annotations

import pymupdf

from tests.pdfbuilder.core import TextFlow

VISIBLE = "visible"
INVISIBLE = "invisible"


def add_text_layer(
    out: pymupdf.Document, flow: TextFlow, kind: str, box: tuple[float, float, float, float]
) -> None:
    """Lay `flow`'s pages (one per page of `out`) into `box` of each page: as the manuscript
    page itself, drawn before everything else (VISIBLE), or as invisible words on top
    (INVISIBLE)."""
    if kind == VISIBLE:
        for index in range(flow.doc.page_count):
            out[index].show_pdf_page(pymupdf.Rect(box), flow.doc, index, overlay=False)
        return
    scale = (box[2] - box[0]) / flow.page_size[0]
    for line in flow.lines:
        page = out[line.page - 1]
        page.insert_text(
            (box[0] + line.words[0].rect[0] * scale, box[1] + line.baseline * scale),
            line.text,
            fontsize=line.fontsize * scale,
            fontname=line.fontname,
            render_mode=3,
        )

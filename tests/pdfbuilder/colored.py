"""Reports that colour the flagged text itself (CNKI-style), with distractors, and their flags.

`build_colored_report(path)` writes a two-page PDF and returns the `Expected` flags (from
`annotated`) in reading order. Coloured passages run across lines, a paragraph break, a column
break and a page break; distractors that must not become flags: black, grey and white text,
a blue-grey theme colour, a coloured heading, light text on a dark header band, blue link text
inside a link box, a bare URL, small coloured badge digits; a superscript source number after a
passage becomes that passage's `source`.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from tests.pdfbuilder.annotated import DEJAVU, PURPLE, Expected
from tests.pdfbuilder.core import (
    A4,
    BLACK,
    RGB,
    WHITE,
    PlacedLine,
    font,
    hex_color,
    new_document,
    new_page,
    save_pdf,
    write_line,
    write_superscript,
)

RED = "#e53935"
GREEN = "#43a047"
BLUE = "#1e88e5"
ORANGE = "#fb8c00"
GREY: RGB = (0.5, 0.5, 0.5)
THEME_BLUE_GREY = "#44546a"
LINK_BLUE = "#0563c1"
NAVY: RGB = (0.1, 0.15, 0.35)

FONTSIZE = 11.0
LEADING = 16.0


class _Writer:
    """Writes lines made of (text, colour) runs; runs join without extra spaces."""

    def __init__(self, page: pymupdf.Page, x: float, y: float) -> None:
        self.page = page
        self.x0 = x
        self.y = y

    def line(self, runs: list[tuple[str, RGB]], *, size: float = FONTSIZE) -> list[PlacedLine]:
        x = self.x0
        placed = []
        for text, color in runs:
            placed.append(write_line(self.page, (x, self.y), text, fontsize=size, color=color))
            x += font().text_length(text, size)
        self.y += LEADING * size / FONTSIZE
        return placed


def c(value: str) -> RGB:
    return hex_color(value)


def build_colored_report(path: Path) -> list[Expected]:
    doc = new_document()
    page = new_page(doc, A4)
    # Furniture: a dark header band with light (even light-coloured) text, a footer number.
    page.draw_rect(pymupdf.Rect(0, 20, A4[0], 52), color=None, fill=NAVY)
    write_line(page, (60, 42), "Chapter 1", fontsize=12, color=WHITE)
    write_line(page, (200, 42), "Draft for review", fontsize=12, color=c("#ffd54f"))
    write_line(page, (290, 815), "1", fontsize=9)
    w = _Writer(page, 60, 100)
    # Coloured headings are not flags: larger (Word's Heading 2) or, at body size, a line of
    # its own in bold (Word's Heading 4 style).
    w.line([("Methods and sample", c("#2f5496"))], size=13)
    w.y += 10
    page.insert_text((60, w.y), "Schools and teachers", fontsize=FONTSIZE, fontname="hebo",
                     color=c("#1f3763"))  # fmt: skip
    w.y += LEADING + 10
    # 1: red across two lines and across a paragraph break.
    w.line([("The study followed ", BLACK), ("twelve rural schools over", c(RED))])
    w.line([("one semester of observation.", c(RED))])
    w.y += 8
    w.line([("Interviews with teachers", c(RED)), (" were coded twice by", BLACK)])
    # 2 and 3: two colours back to back are two passages; grey and theme text are not flags.
    w.line([("independent ", GREY), ("raters who", c(GREEN)), (" agreed on most", c(BLUE))])
    w.line([("codes and ", BLACK), ("disagreed", c(THEME_BLUE_GREY)), (" on a few.", BLACK)])
    # 4: hyphenation inside a coloured passage; a superscript source number after it.
    w.line([("Their frame-", c(ORANGE))])
    lines = w.line([("work of support", c(ORANGE))])
    label = write_superscript(page, lines[0].words[-1], "3", color=c(ORANGE))
    write_line(page, (label.rect[2], lines[0].baseline), " matters for adoption.")
    # A black superscript right after a passage is its source (as `badges` has it) ...
    lines = w.line([("Results on ", BLACK), ("reading scores", c(BLUE))])
    label = write_superscript(page, lines[1].words[-1], "4")
    write_line(page, (label.rect[2], lines[1].baseline), " rose.")
    # ... inside a passage it is a footnote reference: neither text nor a break.
    lines = w.line([("Mean ", BLACK), ("reading time", c(GREEN))])
    label = write_superscript(page, lines[1].words[-1], "5")
    write_line(page, (label.rect[2], lines[1].baseline), " fell too", color=c(GREEN))
    # Link text in a link box and a bare URL: hyperlinks, not flags.
    links = w.line([("See ", BLACK), ("the project site", c(LINK_BLUE)), (" or", BLACK)])
    link_box = pymupdf.Rect(links[1].rect)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": link_box, "uri": "https://example.org"})
    w.line([("https://example.org/data", c(LINK_BLUE)), (" for the data.", BLACK)])
    # Badge digits: small coloured digits in a box.
    page.draw_rect(pymupdf.Rect(60, w.y - 9, 68, w.y - 1), color=None, fill=c(RED))
    write_line(page, (61.5, w.y - 2.5), "7", fontsize=6, color=c(RED))
    w.line([("    A sentence in black only.", BLACK)])
    # A coloured paragraph of one line in the body font is a passage, not a heading.
    w.y += 10
    w.line([("Every school took part.", c(PURPLE))])
    w.y += 10
    # 5: partly coloured word ("pre" black, "tested" red): only the coloured characters.
    w.line([("All items were pre", BLACK), ("tested in", c(RED)), (" a pilot.", BLACK)])
    # 6: a passage that runs from the last body line of page 1 to the first of page 2.
    w.y = 780
    w.line([("Finally, ", BLACK), ("the survey instrument was", c(GREEN))])
    page2 = new_page(doc, A4)
    page2.draw_rect(pymupdf.Rect(0, 20, A4[0], 52), color=None, fill=NAVY)
    write_line(page2, (290, 815), "2", fontsize=9)  # footer first in the stream
    write_line(page2, (60, 42), "Chapter 1", fontsize=12, color=WHITE)
    w2 = _Writer(page2, 60, 100)
    w2.line([("translated and back-translated", c(GREEN)), (" by two", BLACK)])
    w2.line([("people.", BLACK)])
    save_pdf(doc, path)
    return [
        Expected(
            1,
            "colored-text",
            "twelve rural schools over one semester of observation. Interviews with teachers",
            RED,
        ),
        Expected(1, "colored-text", "raters who", GREEN),
        Expected(1, "colored-text", "agreed on most", BLUE),
        Expected(1, "colored-text", "Their framework of support", ORANGE, source=3),
        Expected(1, "colored-text", "reading scores", BLUE, source=4),
        Expected(1, "colored-text", "reading time fell too", GREEN),
        Expected(1, "colored-text", "Every school took part.", PURPLE),
        Expected(1, "colored-text", "tested in", RED),
        Expected(
            1,
            "colored-text",
            "the survey instrument was translated and back-translated",
            GREEN,
        ),
    ]


def build_colored_columns(path: Path) -> list[Expected]:
    """Two pages of two columns under a blue running header and above a page number: a red
    passage from the foot of column one to the head of column two; two green runs split by
    one black word (two flags); on page two a purple passage in Hebrew (logical order) when
    DejaVu Sans is installed."""
    doc = new_document()
    expected: list[Expected] = []
    filler = "the schools in the study were visited twice during the term"
    for number in (1, 2):
        page = new_page(doc, A4)
        write_line(page, (60, 40), "Journal of Rural Education", fontsize=9, color=c(BLUE))
        write_line(page, (290, 815), str(number), fontsize=9)
        # Column one is written first, then column two, as word processors do.
        left = _Writer(page, 60, 100)
        for _ in range(6):
            left.line([(filler[:38], BLACK)])
        if number == 1:
            left.line([("the ", BLACK), ("first run", c(GREEN)), (" and ", BLACK)])
            left.line([("second run", c(GREEN)), (" differ", BLACK)])
            left.line([("most teachers said that ", BLACK), ("peer", c(RED))])
            expected.append(Expected(1, "colored-text", "first run", GREEN))
            expected.append(Expected(1, "colored-text", "second run", GREEN))
            expected.append(Expected(1, "colored-text", "peer mentoring helped them", RED))
        right = _Writer(page, 320, 100)
        if number == 1:
            # Column two starts with the end of the passage begun at the foot of column one.
            right.line([("mentoring helped them", c(RED)), (" most", BLACK)])
        for _ in range(6):
            right.line([(filler[:38], BLACK)])
        if number == 2 and DEJAVU.exists():
            hebrew = "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"  # שלום עולם
            page.insert_text(
                (60, left.y),
                hebrew[::-1],  # stored in visual order, as Word writes right-to-left text
                fontfile=str(DEJAVU),
                fontname="dv",
                fontsize=FONTSIZE,
                color=c(PURPLE),
            )
            expected.append(Expected(2, "colored-text", hebrew, PURPLE))
    save_pdf(doc, path)
    return expected


__all__ = ["build_colored_columns", "build_colored_report"]

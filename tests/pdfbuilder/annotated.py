"""Reviewed drafts: PDFs with markup annotations, notes and replies, and their exact flags.

Each `build_*` function writes one PDF and returns the flags docflags must report for it, in
reading order, as `Expected(page, kind, text, color, comment)`. Text is written with the base-14
fonts of `core` (or DejaVu Sans for ligatures and Hebrew, when installed), so word boxes, and
therefore what each quad covers, are known without reading the page back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

from tests.pdfbuilder.core import (
    PlacedLine,
    Rect,
    TextFlow,
    font,
    hex_color,
    new_document,
    new_page,
    save_pdf,
    write_line,
)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

YELLOW = "#ffeb3b"
GREEN = "#4cb04f"
BLUE = "#2196f2"
RED = "#f54236"
PURPLE = "#9c26b0"

MARKUP = {
    "highlight": "add_highlight_annot",
    "underline": "add_underline_annot",
    "strikeout": "add_strikeout_annot",
    "squiggly": "add_squiggly_annot",
}


@dataclass(frozen=True)
class Expected:
    """One flag the engine must report."""

    page: int
    kind: str
    text: str
    color: str | None
    comment: str | None = None
    source: int | None = None


def add_markup(
    page: pymupdf.Page,
    kind: str,
    rects: list[Rect],
    color: str,
    *,
    comment: str | None = None,
    author: str | None = None,
) -> pymupdf.Annot:
    """A markup annotation with one quad per rect, in the colour given, with an appearance."""
    annot: pymupdf.Annot = getattr(page, MARKUP[kind])([pymupdf.Rect(r) for r in rects])
    annot.set_colors(stroke=hex_color(color))
    info = {}
    if comment is not None:
        info["content"] = comment
    if author is not None:
        info["title"] = author
    if info:
        annot.set_info(**info)
    annot.update()
    return annot


def add_reply(page: pymupdf.Page, parent: pymupdf.Annot, text: str, author: str) -> None:
    """A reply as Acrobat writes one: a Text annotation whose /IRT is the parent."""
    reply = page.add_text_annot(parent.rect.tl, text)
    reply.set_info(title=author)
    reply.update()
    page.parent.xref_set_key(reply.xref, "IRT", f"{parent.xref} 0 R")


def glyph_x(line: PlacedLine, word: int, chars: int) -> float:
    """x where the first `chars` characters of word `word` of `line` end."""
    w = line.words[word]
    return float(w.rect[0] + font(line.fontname).text_length(w.text[:chars], w.fontsize))


def _body(flow: TextFlow, paragraphs: int = 3) -> list[PlacedLine]:
    sample = (
        "The survey of rural schools examined how teachers adopt digital tools in "
        "their classrooms and which forms of support sustain that adoption over a "
        "semester of observation interviews and questionnaires"
    )
    lines: list[PlacedLine] = []
    for _ in range(paragraphs):
        lines += flow.paragraph(sample)
    return lines


def build_markup_kinds(path: Path) -> list[Expected]:
    """All four markup kinds, multi-line quads, comments and a reply, an Acrobat replace-text
    group, insertion carets, a sticky note with a reply and a review state, free-text notes,
    an empty sticky note, Ink and a Square."""
    doc = new_document()
    flow = TextFlow(doc)
    lines = _body(flow)
    page = flow.page
    expected: list[Expected] = []

    a = add_markup(page, "highlight", [lines[0].span(1, 4)], YELLOW, comment="quote this")
    add_reply(page, a, "Agreed, it is a quotation.", "Rina")
    expected.append(
        Expected(1, "highlight", lines[0].span_text(1, 4), YELLOW,
                 "quote this\nRina: Agreed, it is a quotation.")
    )  # fmt: skip
    # Two lines with one annotation: one flag.
    add_markup(page, "underline", [lines[1].span(-3, -1), lines[2].span(0, 1)], BLUE)
    expected.append(
        Expected(1, "underline", lines[1].span_text(-3, -1) + " " + lines[2].span_text(0, 1), BLUE)
    )
    add_markup(page, "squiggly", [lines[3].span(2, 3)], GREEN, comment="nit")
    expected.append(Expected(1, "squiggly", lines[3].span_text(2, 3), GREEN, "nit"))
    # Acrobat "replace text": a caret holding the replacement, the strike-out in its group.
    struck = lines[4].span(0, 1)
    caret = page.add_caret_annot(pymupdf.Point(struck[2], struck[3]))
    caret.set_info(content="teachers")
    caret.update()
    strike = add_markup(page, "strikeout", [struck], RED)
    doc.xref_set_key(strike.xref, "IRT", f"{caret.xref} 0 R")
    doc.xref_set_key(strike.xref, "RT", "/Group")
    expected.append(Expected(1, "strikeout", lines[4].span_text(0, 1), RED, "teachers"))
    # An insertion caret with words: a note; without words (line 5): nothing to report.
    inserted = lines[5].span(2, 2)
    insert = page.add_caret_annot(pymupdf.Point(inserted[0], inserted[3]))
    insert.set_info(content="insert: rural")
    insert.update()
    expected.append(Expected(1, "note", "insert: rural", None))
    page.add_caret_annot(pymupdf.Point(lines[5].span(4, 4)[0], inserted[3])).update()
    # Notes: a sticky note with a reply and a review state ("Accepted" carries no words), a
    # free-text box, an empty sticky note (nothing to report).
    note_line = lines[6]
    note = page.add_text_annot((20, note_line.rect[1]), "Citation missing here.")
    add_reply(page, note, "Added in the next draft.", "Ana")
    state = page.add_text_annot((20, note_line.rect[1]), "Accepted set by Ana")
    doc.xref_set_key(state.xref, "IRT", f"{note.xref} 0 R")
    doc.xref_set_key(state.xref, "State", "(Accepted)")
    doc.xref_set_key(state.xref, "StateModel", "(Review)")
    expected.append(
        Expected(1, "note", "Citation missing here.", None, "Ana: Added in the next draft.")
    )
    free = page.add_freetext_annot(
        pymupdf.Rect(400, 760, 560, 790), "Check the figures.", fontsize=9
    )
    free.update()
    page.add_text_annot((20, 780), "")
    expected.append(Expected(1, "note", "Check the figures.", None))
    # A free-text note with rich text (/RC) only, no /Contents.
    rich = page.add_freetext_annot(pymupdf.Rect(400, 720, 560, 750), "", fontsize=9)
    rich.update()
    doc.xref_set_key(
        rich.xref, "RC", '(<?xml version="1.0"?><body><p>Rich &amp; plain</p><p>two</p></body>)'
    )
    # It sits above the other free-text note, so it comes first in reading order.
    expected.insert(-1, Expected(1, "note", "Rich & plain\ntwo", None))
    # Not flags: a hidden highlight, ink and a square.
    hidden = add_markup(page, "highlight", [lines[7].span(0, 1)], RED)
    hidden.set_flags(pymupdf.mupdf.PDF_ANNOT_IS_HIDDEN)
    hidden.update()
    page.add_ink_annot([[(100, 700), (150, 720), (200, 700)]])
    page.add_rect_annot(pymupdf.Rect(100, 730, 200, 750))
    save_pdf(doc, path)
    return expected


def build_rotated(path: Path, rotation: int, *, cropped: bool = False) -> list[Expected]:
    """A page written upright and then given /Rotate `rotation` (and, if `cropped`, a CropBox
    that does not start at the origin), with markup over its text."""
    doc = new_document()
    flow = TextFlow(doc)
    lines = _body(flow, 2)
    page = flow.page
    add_markup(page, "highlight", [lines[0].span(0, 2)], PURPLE)
    add_markup(page, "strikeout", [lines[2].span(-2, -1), lines[3].span(0, 0)], RED, comment="x")
    if cropped:
        page.set_cropbox(pymupdf.Rect(30, 40, page.rect.width - 10, page.rect.height - 20))
    page.set_rotation(rotation)
    save_pdf(doc, path)
    return [
        Expected(1, "highlight", lines[0].span_text(0, 2), PURPLE),
        Expected(
            1, "strikeout", lines[2].span_text(-2, -1) + " " + lines[3].span_text(0, 0), RED, "x"
        ),
    ]


def build_partial_words(path: Path) -> list[Expected]:
    """Marks that start and end inside words, a glyph covered 40% (out) and 60% (in), and one
    quad per glyph (as pdf.js and some iOS apps write them)."""
    doc = new_document()
    page = new_page(doc)
    line = write_line(page, (72, 100), "the framework of understanding matters", fontsize=12)
    top, bottom = line.words[0].rect[1], line.words[0].rect[3]
    # "frame|work": from the 6th character of word 1 to the end of it.
    add_markup(page, "highlight", [(glyph_x(line, 1, 5), top, line.words[1].rect[2], bottom)], RED)
    # "under|stand|ing": a mark that begins 60% into "u" is not a "u" (40% covered) ...
    u0, u1 = glyph_x(line, 3, 0), glyph_x(line, 3, 1)
    add_markup(page, "underline", [(u0 + 0.6 * (u1 - u0), top, glyph_x(line, 3, 10), bottom)], BLUE)
    # ... and one that begins 40% into "t" of "the" takes it (60% covered): "the"
    t0, t1 = glyph_x(line, 0, 0), glyph_x(line, 0, 1)
    second = write_line(page, (72, 130), "the end", fontsize=12)
    _, s_top, s_right, s_bottom = second.words[0].rect
    add_markup(page, "squiggly", [(t0 + 0.4 * (t1 - t0), s_top, s_right, s_bottom)], GREEN)
    # One quad per glyph over "matters".
    word = line.words[4]
    glyph_rects = [
        (glyph_x(line, 4, i), top, glyph_x(line, 4, i + 1), bottom) for i in range(len(word.text))
    ]
    add_markup(page, "strikeout", glyph_rects, PURPLE)
    save_pdf(doc, path)
    return [
        Expected(1, "highlight", "work", RED),
        Expected(1, "underline", "nderstand", BLUE),
        Expected(1, "strikeout", "matters", PURPLE),
        Expected(1, "squiggly", "the", GREEN),
    ]


def build_quads_and_appearance_quirks(path: Path) -> list[Expected]:
    """Quads whose vertices come in a non-standard order, an annotation without /AP, one whose
    /Rect is written upside down (x1 < x0), and one whose QuadPoints are garbage."""
    doc = new_document()
    flow = TextFlow(doc)
    lines = _body(flow, 1)
    page = flow.page
    a = add_markup(page, "highlight", [lines[0].span(0, 1)], YELLOW)
    # LibreOffice-style order: ll, lr, ul, ur, in PDF space (y up).
    x0, y0, x1, y1 = lines[0].span(0, 1)
    h = page.rect.height
    odd = [x0, h - y1, x1, h - y1, x0, h - y0, x1, h - y0]
    doc.xref_set_key(a.xref, "QuadPoints", "[" + " ".join(f"{v:.3f}" for v in odd) + "]")
    b = add_markup(page, "underline", [lines[1].span(2, 3)], BLUE)
    doc.xref_set_key(b.xref, "AP", "null")
    c = add_markup(page, "strikeout", [lines[2].span(0, 0)], RED)
    r = c.rect
    doc.xref_set_key(c.xref, "Rect", f"[{r.x1} {h - r.y0} {r.x0} {h - r.y1}]")
    # QuadPoints that are not numbers: the annotation's /Rect stands in for them.
    d = add_markup(page, "squiggly", [lines[2].span(2, 3)], GREEN)
    doc.xref_set_key(d.xref, "QuadPoints", "[/Garbage (text) 1 2]")
    save_pdf(doc, path)
    return [
        Expected(1, "highlight", lines[0].span_text(0, 1), YELLOW),
        Expected(1, "underline", lines[1].span_text(2, 3), BLUE),
        Expected(1, "strikeout", lines[2].span_text(0, 0), RED),
        Expected(1, "squiggly", lines[2].span_text(2, 3), GREEN),
    ]


def build_columns_and_hyphenation(path: Path) -> list[Expected]:
    """Two columns; a highlight from the foot of column one to the head of column two; a word
    hyphenated at a line end ("frame-" / "work") inside a mark, and a mark ending on a hyphen."""
    doc = new_document()
    page = new_page(doc)
    left = [
        "Teachers in rural schools",
        "adopt a new frame-",
        "work for their lessons",
        "when support is steady.",
    ]
    right = [
        "Observation notes show",
        "that peer mentoring and",
        "a well-",
        "planned schedule help.",
    ]
    col1 = [write_line(page, (60, 100 + 16 * i), t) for i, t in enumerate(left)]
    col2 = [write_line(page, (330, 100 + 16 * i), t) for i, t in enumerate(right)]
    add_markup(page, "highlight", [col1[1].span(2, 3), col1[2].span(0, 1)], YELLOW)
    add_markup(page, "underline", [col1[3].span(2, 3), col2[0].span(0, 1)], BLUE)
    add_markup(page, "squiggly", [col2[2].span(0, 1)], GREEN)
    save_pdf(doc, path)
    return [
        Expected(1, "highlight", "new framework for", YELLOW),
        Expected(1, "underline", "is steady. Observation notes", BLUE),
        Expected(1, "squiggly", "a well-", GREEN),
    ]


def build_ligatures_and_rtl(path: Path) -> list[Expected]:
    """A ligature glyph (ﬃ) inside a highlight and a Hebrew word written in visual order (as
    Word does), which must come out in logical order. Needs DejaVu Sans."""
    doc = new_document()
    page = new_page(doc)
    fontfile = str(DEJAVU)
    page.insert_text(
        (72, 100), "a di\ufb03cult case", fontfile=fontfile, fontname="dv", fontsize=12
    )
    hebrew = "\u05e9\u05dc\u05d5\u05dd"  # שלום, logical order
    page.insert_text((72, 140), hebrew[::-1], fontfile=fontfile, fontname="dv", fontsize=12)
    f = pymupdf.Font(fontfile=fontfile)
    x_word = 72 + f.text_length("a ", 12)
    w_word = f.text_length("di\ufb03cult", 12)
    asc, desc = f.ascender * 12, f.descender * 12
    add_markup(page, "highlight", [(x_word, 100 - asc, x_word + w_word, 100 - desc)], YELLOW)
    add_markup(
        page, "highlight", [(72, 140 - asc, 72 + f.text_length(hebrew, 12), 140 - desc)], RED
    )
    save_pdf(doc, path)
    return [
        Expected(1, "highlight", "difficult", YELLOW),
        Expected(1, "highlight", hebrew, RED),
    ]


def build_scanned(path: Path) -> list[Expected]:
    """A scanned page: the text exists only as pixels of a page image (150 dpi); a highlight
    and an underline over it must be read by OCR."""
    source = new_document()
    page = new_page(source)
    first = write_line(page, (72, 120), "Teachers adopt digital tools slowly", fontsize=14)
    second = write_line(page, (72, 150), "when support is missing at school", fontsize=14)
    pixmap = page.get_pixmap(dpi=150)
    doc = new_document()
    scanned = new_page(doc)
    scanned.insert_image(scanned.rect, pixmap=pixmap)
    add_markup(scanned, "highlight", [first.span(1, 3)], YELLOW)
    add_markup(scanned, "underline", [second.span(1, 2)], BLUE, comment="why?")
    save_pdf(doc, path)
    return [
        Expected(1, "highlight", first.span_text(1, 3), YELLOW),
        Expected(1, "underline", second.span_text(1, 2), BLUE, "why?"),
    ]


def build_upright_on_rotated(path: Path, rotation: int) -> list[Expected]:
    """A landscape scan's usual make-up: a /Rotate page whose text is written turned the other
    way, so that it reads upright on screen; its words run vertically in unrotated page space.
    A highlight over two of them and a partial underline over a third."""
    doc = new_document()
    page = new_page(doc)
    page.set_rotation(rotation)
    page.insert_text((100, 300), "upright words on a turned page", fontsize=12, rotate=rotation)
    words = page.get_text("words")
    both = pymupdf.Rect(words[1][:4]) | pymupdf.Rect(words[2][:4])
    add_markup(page, "highlight", [(both.x0, both.y0, both.x1, both.y1)], YELLOW)
    # Half of "turned" along its writing direction: the glyphs decide ("tur" or "ned").
    x0, y0, x1, y1 = words[4][:4]
    half = (y0 + y1) / 2
    add_markup(page, "underline", [(x0, y0, x1, half)], BLUE)
    save_pdf(doc, path)
    first_half = "ned" if rotation == 90 else "tur"
    return [
        Expected(1, "highlight", "words on", YELLOW),
        Expected(1, "underline", first_half, BLUE),
    ]

"""A scan-like annotated page whose highlights are thin bands over large type (FORMATS.md §6.5),
with the exact expected flags.

Recipe as measured: a tall page (1404 x 1872 pt) whose content is one Form XObject (`/fzFrm0 Do`)
holding a page image over ≈85 % of the page (the text as pixels) and the same text as an
invisible OCR layer (`3 Tr`) at 26-56 pt; Highlight annotations `/C [1 1 0] /CA .6 /BM
/Multiply`, one quad each, as thin as 16 %, 26 % and 45 % of the font box, lying inside the
glyph boxes (above the line's centre, through the ink), plus one quad over three lines; Ink
annotations around them. A glyph counts when most of its width lies inside a thin quad; the
builder computes that from the font's advances, with quad ends kept clear of the 50 % point.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from tests.pdfbuilder.annotated import Expected
from tests.pdfbuilder.core import font, new_document, save_pdf, text_width

PAGE = (1404.0, 1872.0)
YELLOW = "#ffff00"
# Band heights as shares of the font box (ascender - descender), as measured.
BANDS = (0.16, 0.26, 0.45)
TITLES = (
    "Digital Tools in Rural Schools",
    "Teacher Adoption Survey Notes",
    "Peer Support and Training",
)
LINES = (
    "teachers adopt digital tools when peers support them",
    "training programmes are short and backing is weak",
    "infrastructure gaps remain the strongest predictor",
    "principals reported access bandwidth and devices",
    "interviews and questionnaires over one semester",
    "district officers visited each school twice a term",
)


@dataclass
class _Line:
    text: str
    x: float
    baseline: float
    size: float
    fontname: str

    @property
    def box(self) -> tuple[float, float]:
        f = font(self.fontname)
        return self.baseline - f.ascender * self.size, self.baseline - f.descender * self.size

    def glyphs(self) -> list[tuple[str, float, float]]:
        """(character, x0, x1) of every character, spaces included."""
        out = []
        x = self.x
        for ch in self.text:
            w = text_width(ch, self.size, self.fontname)
            out.append((ch, x, x + w))
            x += w
        return out

    def covered(self, x0: float, x1: float) -> str:
        """The words of the line whose glyphs have most of their width inside x0..x1."""
        words: list[str] = []
        current = ""
        for ch, g0, g1 in self.glyphs():
            if ch == " ":
                if current:
                    words.append(current)
                current = ""
                continue
            if min(g1, x1) - max(g0, x0) >= 0.5 * (g1 - g0):
                current += ch
            elif current:
                words.append(current)
                current = ""
        if current:
            words.append(current)
        return " ".join(words)

    def clear_x(self, rng: random.Random, start: bool) -> float:
        """A quad end inside a word, kept clear of any glyph's half (0-30 % or 70-100 %)."""
        glyphs = [g for g in self.glyphs() if g[0] != " "]
        n = len(glyphs)
        lo, hi = (1, n // 3) if start else (2 * n // 3, n - 2)
        _, g0, g1 = glyphs[rng.randint(lo, hi)]
        share = rng.uniform(0.0, 0.3) if rng.random() < 0.5 else rng.uniform(0.7, 1.0)
        return g0 + share * (g1 - g0)


def _scan_image(lines: list[_Line], image_rect: pymupdf.Rect) -> pymupdf.Pixmap:
    """The text as pixels: a 1630-px-wide grey-paper rendering of the visible page."""
    doc = new_document()
    page = doc.new_page(width=PAGE[0], height=PAGE[1])
    page.draw_rect(page.rect, color=None, fill=(0.96, 0.95, 0.93))
    for line in lines:
        page.insert_text(
            (line.x, line.baseline), line.text, fontsize=line.size, fontname=line.fontname
        )
    zoom = 1630 / image_rect.width
    return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=image_rect)


def build_thin_quads(path: Path, seed: int = 1) -> list[Expected]:
    """One §6.5 page; returns its highlights' exact flags in reading order."""
    rng = random.Random(seed)
    fontname = rng.choice(("helv", "tiro"))
    title_size = rng.uniform(48.0, 56.0)
    body_size = rng.uniform(26.0, 28.0)
    margin = rng.uniform(140.0, 180.0)
    y = rng.uniform(230.0, 280.0)
    lines = [_Line(rng.choice(TITLES), margin, y, title_size, fontname)]
    y += title_size * 1.8
    for text in rng.sample(LINES, len(LINES)):
        lines.append(_Line(text, margin, y, body_size, fontname))
        y += body_size * rng.uniform(1.35, 1.6)

    inset = (PAGE[0] * 0.04, PAGE[1] * 0.04)
    image_rect = pymupdf.Rect(inset[0], inset[1], PAGE[0] - inset[0], PAGE[1] - inset[1])
    scan = new_document()
    inner = scan.new_page(width=PAGE[0], height=PAGE[1])
    inner.insert_image(image_rect, pixmap=_scan_image(lines, image_rect))
    for line in lines:
        inner.insert_text(
            (line.x, line.baseline),
            line.text,
            fontsize=line.size,
            fontname=fontname,
            render_mode=3,
        )
    doc = new_document()
    page = doc.new_page(width=PAGE[0], height=PAGE[1])
    page.show_pdf_page(page.rect, scan, 0)  # the content becomes one Form: /fzFrm0 Do

    expected: list[Expected] = []
    # Thin bands: the title (16 %) and two body lines (26 %, 45 %).
    for line, share in zip((lines[0], lines[2], lines[3]), BANDS, strict=True):
        top, bottom = line.box
        height = share * (bottom - top)
        # Inside the glyph box, above the line's centre or through the ink.
        y0 = top + rng.uniform(0.15, 0.5 - share / 2) * (bottom - top)
        x0, x1 = line.clear_x(rng, True), line.clear_x(rng, False)
        _highlight(page, (x0, y0, x1, y0 + height))
        expected.append(Expected(1, "highlight", line.covered(x0, x1), YELLOW))
    # One quad over three whole lines.
    block = lines[4:7]
    x0 = margin - 3.0
    x1 = margin + 3.0 + max(text_width(line.text, line.size, fontname) for line in block)
    _highlight(page, (x0, block[0].box[0] - 1.0, x1, block[-1].box[1] + 1.0))
    expected.append(Expected(1, "highlight", " ".join(line.text for line in block), YELLOW))
    for _ in range(rng.randint(3, 8)):
        ink = page.add_ink_annot([[(rng.uniform(100, 1300), rng.uniform(1500, 1800))] * 2])
        ink.update()
    save_pdf(doc, path)
    return expected


def _highlight(page: pymupdf.Page, rect: tuple[float, float, float, float]) -> None:
    annot = page.add_highlight_annot(quads=[pymupdf.Rect(rect).quad])
    annot.set_colors(stroke=(1, 1, 0))
    annot.set_opacity(0.6)
    annot.set_blendmode("Multiply")
    annot.update()

"""Annotated papers full of things that look like flags and are not (FORMATS.md §6.6), with real
flags mixed in, and their exact expected flags.

`build_paper(path, seed)` writes a three-page paper as real ones are made, varying fonts, sizes,
page size, colours and which encodings appear:

- citation numbers in one colour throughout the text ("[3]", "[4-6]", "[2, 7]"), each number
  inside its own /Link GoTo rect (in some papers only most of them, or none: printed to PDF),
  brackets, commas and dashes in black (so MuPDF merges a token such as "[4-6]" into one word
  whose centre lies between two link rects);
- hyperlinks: blue anchor text (a URL or words) under a /Link URI rect, underlined by a thin
  stroke or a 0.24-pt fill of the text's own colour; and link-styled text without a /Link (the
  sticky-note sample of §6.6);
- a bar chart: opaque `m l l l h f` bars in three repeating series colours on a common
  baseline, rotated value labels inside them, legend swatches with legend text (black or in the
  series colour), bar bottoms overlapping the caption line;
- a figure box: a light panel with its label, padded well beyond the words;
- FreeText annotations, whose visible text MuPDF's extraction returns as coloured page text;
- real flags: highlight and underline annotations in blue (one over a hyperlink), a coloured-text
  passage (sometimes in the citation colour, outside any link), a Word-style opaque highlight.

The expected flags are the real ones only: every look-alike must give nothing.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from tests.pdfbuilder.annotated import Expected, add_markup
from tests.pdfbuilder.core import (
    A4,
    BLACK,
    LETTER,
    RGB,
    Rect,
    font,
    hex_color,
    new_document,
    new_page,
    save_pdf,
    text_width,
    union,
)

CITATION_COLORS = ("#0875b7", "#0000ff", "#1a0dab", "#2e3192", "#c00000")
LINK_COLORS = ("#0000ff", "#0000e9", "#1154cc", "#0563c1")
SERIES = (("#4472c4", "#ed7d31", "#a5a5a5"), ("#1f77b4", "#ff7f0e", "#2ca02c"))
REAL_TEXT_COLORS = ("#e53935", "#2e7d32", "#ef6c00", "#8e24aa")
HIGHLIGHT_BLUES = ("#2196f2", "#0000ff", "#4f81bd")
WORD_YELLOW = "#ffff00"
PANEL = "#dbe9f6"

VOCABULARY = tuple(
    " ".join(
        (
            "teachers adopt digital tools in rural schools across three provinces and the survey",
            "found that support from peers matters most when training is short while",
            "infrastructure gaps remain the strongest predictor of classroom use over a semester",
            "of observation interviews and questionnaires with principals parents and district",
            "officers who reported on access bandwidth devices schedules workload and",
            "professional learning communities",
        )
    ).split(" ")
)
CAPTION = "Figure 2. Share of teachers using digital tools by province"
NOTES = (
    "Please cite the original survey here",
    "Rephrase: too close to the source",
    "Check these numbers",
    "Too close to the cited survey; paraphrase it or quote it with quotation marks",
)


@dataclass
class Word:
    """A word as MuPDF will extract it: its text and box (parts of several colours joined)."""

    text: str
    rect: Rect


@dataclass
class Line:
    words: list[Word]
    page: int

    def span(self, first: int, last: int) -> Rect:
        return union(w.rect for w in self.words[first : last + 1])

    def text(self, first: int, last: int) -> str:
        return " ".join(w.text for w in self.words[first : last + 1])


Part = tuple[str, RGB]


@dataclass
class _Page:
    page: pymupdf.Page
    number: int
    fontname: str
    size: float
    margin: float
    leading: float
    y: float = 0.0
    lines: list[Line] = field(default_factory=list)
    parts: list[tuple[str, RGB, Rect]] = field(default_factory=list)  # of the last line

    @property
    def width(self) -> float:
        return float(self.page.rect.width) - 2 * self.margin

    def write(self, words: Sequence[Sequence[Part]], x: float | None = None) -> Line:
        """Write one line of words, each made of coloured parts; returns the words' boxes and
        the box of each part (for link rects), in order."""
        x = self.margin if x is None else x
        baseline = self.y + self.size
        f = font(self.fontname)
        top, bottom = baseline - f.ascender * self.size, baseline - f.descender * self.size
        placed: list[Word] = []
        self.parts = []
        runs: list[tuple[float, str, RGB]] = []  # what to write: same-colour parts joined
        space = text_width(" ", self.size, self.fontname)

        def put(x: float, text: str, color: RGB) -> None:
            if runs and runs[-1][2] == color:
                runs[-1] = (runs[-1][0], runs[-1][1] + text, color)
            else:
                runs.append((x, text, color))

        for i, parts in enumerate(words):
            if i:
                put(x, " ", runs[-1][2])
                x += space
            start = x
            for text, color in parts:
                width = text_width(text, self.size, self.fontname)
                put(x, text, color)
                self.parts.append((text, color, (x, top, x + width, bottom)))
                x += width
            placed.append(Word("".join(t for t, _ in parts), (start, top, x, bottom)))
        for run_x, text, color in runs:
            self.page.insert_text(
                (run_x, baseline), text, fontsize=self.size, fontname=self.fontname, color=color
            )
        self.y += self.size * self.leading
        line = Line(placed, self.number)
        self.lines.append(line)
        return line


def _plain(words: Sequence[str]) -> list[list[Part]]:
    return [[(w, BLACK)] for w in words]


def _citation(rng: random.Random, color: RGB) -> list[list[Part]]:
    """A citation or cross-reference token (one or two words): numbers (and names) in
    `color`, brackets and separators in black."""
    a = rng.randint(1, 40)
    form = rng.choice(("single", "range", "range", "list", "paren", "figure", "author"))
    if form == "single":
        return [[("[", BLACK), (str(a), color), ("]", BLACK)]]
    if form == "range":
        dash = "-"  # base-14 fonts have no en dash
        return [[("[", BLACK), (str(a), color), (dash, BLACK), (str(a + 2), color), ("]", BLACK)]]
    if form == "list":
        return [[("[", BLACK), (str(a), color), (",", BLACK)], [(str(a + 5), color), ("]", BLACK)]]
    if form == "figure":
        return [[(rng.choice(("Fig.", "Table", "Eq.")), color)], [(str(a % 9 + 1), color)]]
    if form == "author":
        name = rng.choice(("Smith", "Rahman", "Nguyen", "Putri"))
        year = str(rng.randint(2001, 2024))
        return [[("(", BLACK), (name, color)], [(year, color), (")", BLACK)]]
    return [[("(", BLACK), (str(a), color), (")", BLACK)]]


class _Paper:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.doc = new_document()
        self.size_pt = rng.choice((A4, LETTER))
        self.fontname = rng.choice(("helv", "tiro"))
        self.size = rng.choice((9.5, 10.0, 10.5, 11.0))
        self.leading = rng.uniform(1.3, 1.5)
        self.margin = rng.uniform(60, 80)
        self.cite_hex = rng.choice(CITATION_COLORS)
        self.cite_color = hex_color(self.cite_hex)
        # Share of citation numbers with a link rect: all (LaTeX, Word), some (links lost in
        # an edit), none (a paper printed to PDF: the colour alone remains).
        self.link_rate = rng.choice((1.0, 1.0, 0.7, 0.0))
        self.links: list[tuple[int, Rect]] = []  # (page, rect) GoTo links to add at the end
        self.expected: list[Expected] = []
        self.pages: list[_Page] = []

    def new_page(self) -> _Page:
        page = new_page(self.doc, self.size_pt)
        p = _Page(page, len(self.pages) + 1, self.fontname, self.size, self.margin, self.leading)
        p.y = self.margin
        self.pages.append(p)
        return p

    def body_line(self, p: _Page, cite: bool) -> Line:
        """A line of body words filling the text width, with a citation token when `cite`."""
        words: list[list[Part]] = []
        used = 0.0
        space = text_width(" ", self.size, self.fontname)
        cite_at = self.rng.randint(2, 6) if cite else -1
        while True:
            if len(words) == cite_at:
                group = _citation(self.rng, self.cite_color)
            else:
                group = [[(self.rng.choice(VOCABULARY), BLACK)]]
            width = sum(
                text_width("".join(t for t, _ in w), self.size, self.fontname) for w in group
            ) + space * len(group)
            if used + width > p.width:
                break
            words.extend(group)
            used += width
        line = p.write(words)
        self._note_links(p)
        return line

    def _note_links(self, p: _Page) -> None:
        """A link rect per coloured part, as LaTeX's hyperref writes them: the glyphs' box with
        a little slack, shifted by up to a point."""
        dy = self.rng.uniform(-1.0, 1.0)
        slack = self.rng.uniform(0.0, 1.0)
        for _, color, rect in p.parts:
            if color == self.cite_color and self.rng.random() < self.link_rate:
                r = (rect[0] - slack, rect[1] - slack + dy, rect[2] + slack, rect[3] + slack + dy)
                self.links.append((p.number, r))

    def paragraph(self, p: _Page, lines: int) -> list[Line]:
        out = [self.body_line(p, self.rng.random() < 0.6) for _ in range(lines)]
        p.y += self.size * 0.6
        return out

    # -- look-alikes ---------------------------------------------------------------------------

    def hyperlink(self, p: _Page, with_link: bool) -> tuple[Line, int]:
        """A line ending in blue anchor text, underlined in its own colour; the line and the
        index of the anchor's first word."""
        color_hex = self.rng.choice(LINK_COLORS)
        color = hex_color(color_hex)
        anchor = self.rng.choice(
            (
                [f"https://doi.org/10.5281/zenodo.{self.rng.randint(1000000, 9999999)}"],
                ["the", "project", "website"],
                ["supplementary", "data", "repository"],
                ["www.example.ac.id/survey"],
            )
        )
        lead = [self.rng.choice(VOCABULARY) for _ in range(self.rng.randint(2, 4))]
        words = _plain(["Data", "are", "available", "from", *lead])
        line = p.write(words + [[(a, color)] for a in anchor])
        rect = union(w.rect for w in line.words[-len(anchor) :])
        if with_link:
            p.page.insert_link(
                {"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(rect), "uri": "https://example.org"}
            )
        bottom = rect[3]
        if self.rng.random() < 0.4:  # the span's extent: the rule runs under a trailing space
            rect = (rect[0], rect[1], rect[2] + text_width(" ", self.size, self.fontname), rect[3])
        if self.rng.random() < 0.5:
            y = bottom - 0.9 - 0.24
            p.page.draw_rect((rect[0], y, rect[2], y + 0.24), color=None, fill=color)
        else:
            y = bottom - 1.2
            width = self.rng.choice((0.4, 0.6, 1.0))
            p.page.draw_line((rect[0], y), (rect[2], y), color=color, width=width)
        return line, len(line.words) - len(anchor)

    def chart(self, p: _Page) -> None:
        """A grouped bar chart with rotated value labels, a legend and a caption under it."""
        rng = self.rng
        colors = [hex_color(c) for c in rng.choice(SERIES)]
        groups = 5
        bar_w = rng.uniform(18.0, 26.0)
        gap = rng.uniform(8.0, 16.0)
        height = rng.uniform(150.0, 230.0)
        x0 = p.margin + 30
        top = p.y + 10
        base = top + height
        caption_top = base - 8.0  # bars overlap the caption line by 8 pt (§6.6)
        shape = p.page.new_shape()
        bars: list[tuple[float, float]] = []  # (x, height)
        for g in range(groups):
            for s in range(3):
                x = x0 + g * (3 * bar_w + gap) + s * bar_w
                h = rng.uniform(0.3, 1.0) * height
                bars.append((x, h))
                pts = [(x, base), (x, base - h), (x + bar_w, base - h), (x + bar_w, base)]
                shape.draw_polyline([pymupdf.Point(*q) for q in pts])
                shape.finish(fill=colors[s], color=None, closePath=True)
        shape.commit()
        # Rotated labels inside the bars: values, or category names nearly as long as the bar.
        names = rng.random() < 0.5
        label_color = BLACK if rng.random() < 0.5 else (1.0, 1.0, 1.0)
        for x, h in bars:
            if names:
                label = rng.choice(("Internet sources", "Publications", "Student papers"))
                size = min(9.0, 0.8 * (h - 20) / text_width(label, 1.0, "helv"))
            else:
                label, size = f"{rng.uniform(10, 90):.1f}", 8.0
            p.page.insert_text(
                (x + bar_w / 2 + size / 3, base - 14),
                label,
                fontsize=size,
                rotate=90,
                color=label_color,
            )
        p.page.draw_line((x0 - 4, top), (x0 - 4, base), color=BLACK, width=0.5)
        for k in range(5):
            y = base - 14 - k * (height - 14) / 4
            p.page.insert_text((x0 - 22, y + 3), f"{k * 25}", fontsize=7)
        legend_x = x0 + groups * (3 * bar_w + gap) + 10
        colored_legend = rng.random() < 0.6
        for s, name in enumerate(("Province A", "Province B", "Province C")):
            y = top + 20 + 16 * s
            p.page.draw_rect((legend_x, y, legend_x + 10.5, y + 10.5), color=None, fill=colors[s])
            p.page.insert_text(
                (legend_x + 14, y + 9),
                name,
                fontsize=9,
                fontname=self.fontname,
                color=colors[s] if colored_legend else BLACK,
            )
        p.y = caption_top - self.size * 0.2
        p.write(_plain(CAPTION.split(" ")))
        p.y += self.size * 0.8

    def figure_box(self, p: _Page) -> None:
        """A light panel around a short label, padded far beyond it (a diagram node)."""
        pad_x, pad_y = self.rng.uniform(20, 40), self.rng.uniform(14, 24)
        label = ["Teacher", "survey"]
        width = text_width(" ".join(label), self.size, self.fontname)
        x = p.margin + 60
        p.y += pad_y  # the panel starts below the paragraph before it
        box = (x - pad_x, p.y - pad_y, x + width + pad_x, p.y + self.size * 1.2 + pad_y)
        p.page.draw_rect(box, color=None, fill=hex_color(PANEL))
        p.write(_plain(label), x=x)
        p.y = box[3] + self.size

    def freetext(self, p: _Page, rect: Rect) -> None:
        """A FreeText comment: a note flag; its visible text is no coloured-text flag."""
        text = self.rng.choice(NOTES)
        color = hex_color(self.rng.choice(("#ff0000", "#0000ff", "#e53935")))
        annot = p.page.add_freetext_annot(
            pymupdf.Rect(rect), text, fontsize=self.rng.choice((9, 10, 11)), text_color=color
        )
        annot.update()
        self.expected.append(Expected(p.number, "note", text, None))

    # -- real flags ---------------------------------------------------------------------------

    def real_markup(self, kind: str, line: Line, first: int, last: int, color: str) -> None:
        add_markup(self.pages[line.page - 1].page, kind, [line.span(first, last)], color)
        self.expected.append(Expected(line.page, kind, line.text(first, last), color))

    def real_colored(self, p: _Page, color_hex: str) -> None:
        """A coloured-text passage: five to nine words of a line in a colour of their own."""
        color = hex_color(color_hex)
        n = self.rng.randint(5, 9)
        lead = [self.rng.choice(VOCABULARY) for _ in range(2)]
        words = [self.rng.choice(VOCABULARY) for _ in range(n)]
        p.write(_plain(lead) + [[(w, color)] for w in words] + _plain(["today."]))
        self.expected.append(Expected(p.number, "colored-text", " ".join(words), color_hex))

    def word_highlight(self, line: Line, first: int, last: int) -> None:
        page = self.pages[line.page - 1].page
        fill = hex_color(WORD_YELLOW)
        page.draw_rect(line.span(first, last), color=None, fill=fill, overlay=False)
        self.expected.append(Expected(line.page, "drawn", line.text(first, last), WORD_YELLOW))

    def finish(self, path: Path) -> list[Expected]:
        target = len(self.pages) - 1
        for number, rect in self.links:
            self.doc[number - 1].insert_link(
                {
                    "kind": pymupdf.LINK_GOTO,
                    "from": pymupdf.Rect(rect),
                    "page": target,
                    "to": pymupdf.Point(72, 100),
                }
            )
        save_pdf(self.doc, path)
        return self.expected


def build_paper(path: Path, seed: int) -> list[Expected]:
    """A three-page paper with every look-alike of §6.6 and real flags among them."""
    rng = random.Random(seed)
    paper = _Paper(rng)
    blue = rng.choice(HIGHLIGHT_BLUES)

    p1 = paper.new_page()
    lines = paper.paragraph(p1, 6)
    link_line, anchor_first = paper.hyperlink(p1, with_link=True)
    more = paper.paragraph(p1, 5)
    paper.real_markup("highlight", lines[1], 1, len(lines[1].words) - 2, blue)
    paper.real_markup("underline", more[2], 0, 3, blue)
    # A real highlight over a hyperlink's anchor text.
    paper.real_markup("highlight", link_line, anchor_first, len(link_line.words) - 1, "#ffeb3b")
    paper.real_colored(p1, rng.choice(REAL_TEXT_COLORS))
    paper.paragraph(p1, 3)
    right = float(p1.page.rect.width)
    paper.freetext(p1, (right - p1.margin + 4, 120, right - 4, 200))

    p2 = paper.new_page()
    paper.paragraph(p2, 3)
    paper.chart(p2)
    after = paper.paragraph(p2, 4)
    paper.word_highlight(after[1], 2, 5)
    paper.hyperlink(p2, with_link=False)
    paper.paragraph(p2, 2)

    p3 = paper.new_page()
    paper.paragraph(p3, 4)
    paper.figure_box(p3)
    lines3 = paper.paragraph(p3, 4)
    # A real coloured passage in the citation colour, outside every link.
    paper.real_colored(p3, paper.cite_hex)
    paper.real_markup("highlight", lines3[2], 0, 2, blue)
    paper.freetext(p3, (p3.margin, p3.y + 10, p3.margin + 220, p3.y + 40))
    return paper.finish(path)

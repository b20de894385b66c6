"""An annotated copy of a PDF manuscript: a highlight annotation in the flag's colour over each
passage, carrying the comment (a passage running onto the next page continues there as an
underline). The page content is untouched, so the copy's text is the original's.

Offsets index the text the PDF reader builds (each text block a paragraph, its lines joined with
a space, hyphenation joined). Each block's characters, with their boxes, are aligned to that text
character by character, skipping what the reader's text lacks (a joined line-end hyphen).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docflags_gui.matching.manuscript import PARAGRAPH_SEPARATOR
from docflags_gui.matching.pdf_reader import block_paragraph, text_flags
from docflags_gui.review.marks import Mark

AUTHOR = "docflags"


@dataclass(frozen=True, slots=True)
class _Glyph:
    offset: int  # index of the character in the manuscript text
    page: int  # 0-based
    line: tuple[int, int]  # (block, line) on the page
    box: tuple[float, float, float, float]


def _block_glyphs(
    page_number: int, block_number: int, block: dict[str, Any], base: int, paragraph: str
) -> list[_Glyph]:
    chars = [
        (char["c"], (line_number, char["bbox"]))
        for line_number, line in enumerate(block["lines"])
        for span in line["spans"]
        for char in span["chars"]
    ]
    glyphs: list[_Glyph] = []
    j = 0
    for i, wanted in enumerate(paragraph):
        if wanted.isspace():
            continue
        while j < len(chars) and (chars[j][0].isspace() or chars[j][0] != wanted):
            j += 1
        if j == len(chars):
            break
        line_number, box = chars[j][1]
        glyphs.append(_Glyph(base + i, page_number, (block_number, line_number), tuple(box)))
        j += 1
    return glyphs


def _glyphs(document: Any) -> list[_Glyph]:
    """Every non-space character of the manuscript text with its page, line and box."""
    glyphs: list[_Glyph] = []
    offset = 0
    first = True
    flags = text_flags()
    for page_number in range(document.page_count):
        page = document[page_number]
        texts = page.get_text("blocks", flags=flags, sort=False)
        raw_blocks = page.get_text("rawdict", flags=flags, sort=False)["blocks"]
        for block_number, (text_block, raw_block) in enumerate(zip(texts, raw_blocks)):  # noqa: B905
            if text_block[6] != 0 or raw_block.get("type") != 0:
                continue
            paragraph = block_paragraph(str(text_block[4]))
            if not paragraph.strip():
                continue
            if not first:
                offset += len(PARAGRAPH_SEPARATOR)
            first = False
            glyphs += _block_glyphs(page_number, block_number, raw_block, offset, paragraph)
            offset += len(paragraph)
    return glyphs


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def annotate_pdf(source: Path, target: Path, marks: Sequence[Mark]) -> int:
    """Write `target`: `source` with a commented highlight over every mark (its continuation on
    a later page underlined). Returns the number of marks highlighted."""
    import pymupdf

    written = 0
    with pymupdf.open(source) as document:
        glyphs = _glyphs(document)
        offsets = [glyph.offset for glyph in glyphs]
        for mark in marks:
            lo, hi = bisect_left(offsets, mark.start), bisect_left(offsets, mark.end)
            lines: dict[int, dict[tuple[int, int], pymupdf.Rect]] = defaultdict(dict)
            for glyph in glyphs[lo:hi]:
                boxes = lines[glyph.page]
                box = pymupdf.Rect(glyph.box)
                boxes[glyph.line] = boxes[glyph.line] | box if glyph.line in boxes else box
            if not lines:
                continue
            for part, (page_number, boxes) in enumerate(sorted(lines.items())):
                page = document[page_number]
                quads = [rect.quad for rect in boxes.values()]
                # One highlight per passage, on the page it starts on; its continuation on the
                # next page is underlined in the same colour, so every flag is one highlight.
                if part == 0:
                    annot = page.add_highlight_annot(quads=quads)
                else:
                    annot = page.add_underline_annot(quads=quads)
                annot.set_colors(stroke=_rgb(mark.color))
                comment = mark.comment if part == 0 else f"(continued)\n{mark.comment}"
                annot.set_info(content=comment, title=AUTHOR, subject="docflags")
                annot.update()
            written += 1
        document.save(target, garbage=1, deflate=True)
    return written

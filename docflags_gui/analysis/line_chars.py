"""A line's characters with their boxes, exactly as `TextPage.extractRAWDICT()` gives them, made
for that line alone.

Marks that cover part of a word need its characters one by one (`coverage.cover_word`). The
whole page's dict of characters cost more CPU than reading the page's words and drawings
together (on a 300-page report of pdf-lib overlays, 1.1 s of a 3.4 s analysis, freeing the
dicts included), yet such pages need a few lines of it. `LineChars` makes the characters of a
line when asked, with the routine PyMuPDF builds the page's dict with (`JM_make_spanlist`) on
MuPDF's own line, numbered as that dict numbers blocks and lines (it leaves out blocks and
lines outside the page's box). `DictChars` reads them from a dict made otherwise (OCR).
"""

from __future__ import annotations

from typing import Any

import pymupdf
from pymupdf import mupdf

from docflags_gui.analysis.words import Glyph


def _glyphs(line: dict[str, Any]) -> list[Glyph]:
    return [Glyph(ch["c"], *ch["bbox"]) for span in line["spans"] for ch in span["chars"]]


class DictChars:
    """Characters from a page dict in `extractRAWDICT`'s form."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self._blocks = raw["blocks"]

    def glyphs(self, block: int, line: int) -> list[Glyph]:
        if block >= len(self._blocks):
            return []
        lines = self._blocks[block].get("lines", ())
        return _glyphs(lines[line]) if line < len(lines) else []


class LineChars:
    """Characters from a MuPDF text page, made one line at a time."""

    def __init__(self, textpage: pymupdf.TextPage) -> None:
        # The wrappers below point into MuPDF's text page: keep it alive with them.
        self._textpage = textpage
        stext = textpage.this
        self._rect = mupdf.FzRect(stext.m_internal.mediabox)
        self._blocks = [b for b in stext if self._kept_block(b.m_internal)]
        self._buffer = mupdf.fz_new_buffer(128)
        self._lines: dict[int, list[Any]] = {}  # a block's lines, as the page dict keeps them
        self._made: dict[tuple[int, int], list[Glyph]] = {}

    def _inside(self, bbox: Any) -> bool:
        """The test the page dict leaves blocks and lines out by."""
        rect = self._rect
        return mupdf.fz_is_infinite_rect(rect) or not mupdf.fz_is_empty_rect(
            mupdf.fz_intersect_rect(rect, mupdf.FzRect(bbox))
        )

    def _kept_block(self, block: Any) -> bool:
        if (
            block.type == mupdf.FZ_STEXT_BLOCK_IMAGE
            and not mupdf.fz_contains_rect(self._rect, mupdf.FzRect(block.bbox))
            and not mupdf.fz_is_infinite_rect(self._rect)
        ):
            return False
        return self._inside(block.bbox)

    def glyphs(self, block: int, line: int) -> list[Glyph]:
        # Several words of a line, and several lines of a block, are often asked for.
        made = self._made.get((block, line))
        if made is None:
            made = self._made[(block, line)] = self._make(block, line)
        return list(made)

    def _make(self, block: int, line: int) -> list[Glyph]:
        if block >= len(self._blocks):
            return []
        lines = self._lines.get(block)
        if lines is None:
            found = self._blocks[block]
            if found.m_internal.type != mupdf.FZ_STEXT_BLOCK_TEXT:
                return []
            lines = self._lines[block] = [
                text_line for text_line in found if self._inside(text_line.m_internal.bbox)
            ]
        if line >= len(lines):
            return []
        made: dict[str, Any] = {}
        pymupdf.extra.JM_make_spanlist(made, lines[line], 1, self._buffer, self._rect)
        return _glyphs(made)

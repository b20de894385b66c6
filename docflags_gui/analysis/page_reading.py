"""How a PDF is opened and a page's text layer and drawings are read from MuPDF: the same calls
with the same flags wherever they run, in the worker (`textlayer`, `context`) or in its
read-ahead helper (`read_ahead`), so that both give the same words, colours, spans and drawings.

Imports nothing of the engine but PyMuPDF: the read-ahead helper loads only this, the page
budgets and the wire format.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pymupdf

# Same flags for words and characters, so block and line numbers agree between the two.
TEXT_FLAGS = (
    pymupdf.TEXT_PRESERVE_LIGATURES
    | pymupdf.TEXT_PRESERVE_WHITESPACE
    | pymupdf.TEXT_MEDIABOX_CLIP
    | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
)

_HTML_COLOR = re.compile(r"color:#([0-9a-fA-F]{6})")

# Text is coloured when its colour's strongest and weakest channels differ by at least this
# much (0..255; `colored` flags such text): pure hues differ by 255, Word's blue-grey theme
# text (#44546a) by 38. Pages with coloured text need their spans.
MIN_TEXT_CHROMA = 60

# One span in the fields of `words.Span`: text, bbox, size, colour, alpha, font, flags, origin,
# block and line numbers (as the page dict numbers them), the line's direction.
SpanFields = tuple[Any, ...]

# What is read of one page: MuPDF's word tuples (x0, y0, x1, y1, text, block, line, word), the
# colours of its text (`html_colors`), its paths (`get_cdrawings`), when its text has colour
# (`has_colored_text`) its spans (`span_fields`; else None), and, for a scanned page whose
# pixels the read-ahead helper searched, a `scan_pixels.ScanPixels` (else None; typed Any
# here: this module loads nothing of the engine).
PageData = tuple[
    list[tuple[Any, ...]], frozenset[int], list[dict[str, Any]], list[SpanFields] | None, Any
]


def open_document(path: Path) -> pymupdf.Document:
    """MuPDF opens files by UTF-8 name: a name that is not UTF-8 (bytes Python keeps as
    surrogates) is read here and handed over as bytes."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return pymupdf.open(stream=path.read_bytes(), filetype="pdf")
    return pymupdf.open(path, filetype="pdf")


def html_colors(textpage: pymupdf.TextPage) -> frozenset[int]:
    """The colours (sRGB 0xRRGGBB) the page's text is drawn in, from MuPDF's HTML output (a
    sixth of the cost of the dict extraction)."""
    html = textpage.extractHTML()
    return frozenset(int(value, 16) for value in set(_HTML_COLOR.findall(html)))


@cache
def is_chromatic_text(color: int) -> bool:
    """Whether a text colour (sRGB 0xRRGGBB) is coloured: its strongest and weakest channels
    differ by at least MIN_TEXT_CHROMA (`colored` flags such text)."""
    red, green, blue = (color >> 16) & 0xFF, (color >> 8) & 0xFF, color & 0xFF
    return max(red, green, blue) - min(red, green, blue) >= MIN_TEXT_CHROMA


def has_colored_text(colors: frozenset[int]) -> bool:
    """Whether any of the text colours is coloured (`is_chromatic_text`)."""
    return any(map(is_chromatic_text, colors))


def span_fields(textpage: pymupdf.TextPage) -> list[SpanFields]:
    """The page's spans (MuPDF's dict extraction) in reading order, each as the fields of a
    `words.Span`; blocks and lines are numbered as in the dict, like the words' numbers."""
    out: list[SpanFields] = []
    for b_no, block in enumerate(textpage.extractDICT()["blocks"]):
        for l_no, line in enumerate(block.get("lines", ())):
            for s in line["spans"]:
                out.append(
                    (
                        s["text"],
                        tuple(s["bbox"]),
                        s["size"],
                        s["color"],
                        s.get("alpha", 255),
                        s["font"],
                        s["flags"],
                        tuple(s["origin"]),
                        b_no,
                        l_no,
                        tuple(line["dir"]),
                    )
                )
    return out


# A scanned page: its pictures cover at least this share of it (`pixel_tints` searches such
# pages), and most of its text is invisible.
SCAN_IMAGE_SHARE = 0.5
# Text spans of this texttrace type are invisible (render mode 3: an OCR layer).
INVISIBLE_TEXT = 3


def mostly_invisible_text(page: pymupdf.Page) -> bool:
    """Whether most of the page's characters are drawn invisibly (an OCR layer); False for a
    page without text."""
    trace = page.get_texttrace()
    hidden = sum(len(s.get("chars", ())) for s in trace if s.get("type") == INVISIBLE_TEXT)
    return hidden * 2 > sum(len(s.get("chars", ())) for s in trace)


def is_scanned_page(page: pymupdf.Page) -> bool:
    """Whether the page is a scan under an OCR text layer (FORMATS.md §6.3): a picture covers
    most of it and most of its characters are drawn invisibly. A few ms: the page's images are
    placed and its text traced only when it names an image."""
    if not page.get_images():
        return False
    area = page.rect.width * page.rect.height
    covered = sum((r[2] - r[0]) * (r[3] - r[1]) for r in (i["bbox"] for i in page.get_image_info()))
    return covered >= SCAN_IMAGE_SHARE * area and mostly_invisible_text(page)


def read_page(page: pymupdf.Page) -> PageData:
    """The page's words, text colours, drawings and, where its text has colour, its spans, as
    the worker would extract them (no pixels: `worker/read_ahead_helper.py` adds those)."""
    textpage = page.get_textpage(flags=TEXT_FLAGS)
    words: list[tuple[Any, ...]] = textpage.extractWORDS()
    colors = html_colors(textpage)
    drawings: list[dict[str, Any]] = page.get_cdrawings()
    spans = span_fields(textpage) if has_colored_text(colors) else None
    return words, colors, drawings, spans, None

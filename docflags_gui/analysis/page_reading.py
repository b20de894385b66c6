"""How a PDF is opened and a page's text layer and drawings are read from MuPDF: the same calls
with the same flags wherever they run, in the worker (`textlayer`, `context`) or in its
read-ahead helper (`read_ahead`), so that both give the same words, colours and drawings.

Imports nothing of the engine but PyMuPDF: the read-ahead helper loads only this, the page
budgets and the wire format.
"""

from __future__ import annotations

import os
import re
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

# What is read of one page: MuPDF's word tuples (x0, y0, x1, y1, text, block, line, word), the
# colours of its text (`html_colors`) and its paths (`get_cdrawings`).
PageData = tuple[list[tuple[Any, ...]], frozenset[int], list[dict[str, Any]]]


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


def read_page(page: pymupdf.Page) -> PageData:
    """The page's words, text colours and drawings, as the worker would extract them."""
    textpage = page.get_textpage(flags=TEXT_FLAGS)
    words: list[tuple[Any, ...]] = textpage.extractWORDS()
    colors = html_colors(textpage)
    drawings: list[dict[str, Any]] = page.get_cdrawings()
    return words, colors, drawings

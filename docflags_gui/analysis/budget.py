"""Per-page budgets: what a page may hold before the engine reads it, so one page made to be
expensive is skipped (with a warning) instead of taking the worker's memory or hours of time.

Measured on hostile files: MuPDF's `get_cdrawings` takes about 50 bytes of memory per byte of
a content stream of rectangles (+3 GB for 64 MiB), 10,000 highlights used to take minutes, and
a megabyte of repeated image paints made 441,000 image records. So before a page is loaded its
/Annots array is counted, and before its drawings or images are extracted its content
streams (and those of the forms it paints) are measured by inflating them piecewise, never
held whole, counting path-painting and `Do`/`BI` operators on the way.

Real pages stay far below every budget: a dense vector map or a page of a CAD drawing has a
few MB of content and some ten thousand paths; a reviewer's page some hundred annotations.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pymupdf
from pymupdf import mupdf

MIB = 1024 * 1024

# Path-painting operators (each is one drawing for MuPDF) and image or form paints, as whole
# tokens: preceded and followed by a delimiter or white space.
_PAINT = re.compile(rb"(?<![^\s\])>])(?:[fFSsBb]\*?|Do|BI)(?![^\s\[(</%])")
_PATH_LETTERS = (b"f", b"F", b"S", b"s", b"B", b"b")
_CHUNK = 1 << 20
_PER_THREAD = threading.local()
_REFERENCE = re.compile(r"(\d+)\s+\d+\s+R")
_GEOMETRY_KEYS = (
    mupdf.PDF_ENUM_NAME_QuadPoints,
    mupdf.PDF_ENUM_NAME_InkList,
    mupdf.PDF_ENUM_NAME_Vertices,
)


@dataclass(frozen=True)
class PageBudget:
    """The most one page may hold; `None` fields are not checked."""

    content_bytes: int | None = 32 * MIB
    drawings: int | None = 200_000
    image_paints: int | None = 20_000
    annotations: int | None = 20_000
    # Numbers in the annotations' QuadPoints, InkList and Vertices: MuPDF draws an appearance
    # for each quad or stroke when a file has none (2 million numbers: 1.25 GB of drawings).
    annotation_points: int | None = 400_000

    @classmethod
    def unlimited(cls) -> PageBudget:
        return cls(None, None, None, None, None)


class OverBudget(Exception):
    """The page holds more than its budget; the message says what, for the page's warning."""


def check_annotations(doc: pymupdf.Document, page_xref: int, budget: PageBudget) -> None:
    """Before the page is loaded (MuPDF loads every annotation with it, and draws missing
    appearances): count its /Annots and the numbers of their geometry."""
    if budget.annotations is None and budget.annotation_points is None:
        return
    kind, value = doc.xref_get_key(page_xref, "Annots")
    if kind == "xref":
        value = doc.xref_object(int(value.split()[0]), compressed=True)
    elif kind != "array":
        return
    annots = [int(n) for n in _REFERENCE.findall(value)]
    if budget.annotations is not None and len(annots) > budget.annotations:
        raise OverBudget(
            f"{len(annots):,} annotations, more than the {budget.annotations:,} allowed"
        )
    if budget.annotation_points is None:
        return
    points = 0
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    for xref in dict.fromkeys(annots):
        points += _geometry_numbers(doc, pdf, xref)
        if points > budget.annotation_points:
            raise OverBudget(f"annotations with more than {budget.annotation_points:,} coordinates")


def _geometry_numbers(doc: pymupdf.Document, pdf: mupdf.PdfDocument, xref: int) -> int:
    """About how many numbers an annotation's geometry holds: the separated items of its
    QuadPoints, InkList and Vertices as `xref_get_key` prints them (0 for a broken reference:
    MuPDF skips those when it loads the page). The dictionary is looked into directly, not
    printed whole and searched (a third of the cost)."""
    try:
        annot = mupdf.pdf_load_object(pdf, xref)
    except Exception:  # a reference beyond the cross-reference table, a damaged object
        return 0
    count = 0
    for key in _GEOMETRY_KEYS:
        try:
            value = mupdf.pdf_dict_get(annot, key)
            if not value.m_internal:
                continue
            if mupdf.pdf_is_indirect(value):  # an indirect array
                text = doc.xref_object(mupdf.pdf_to_num(value), compressed=True)
            elif mupdf.pdf_is_array(value):
                text = pymupdf.JM_UnicodeFromBuffer(pymupdf.JM_object_to_buffer(value, 1, 0))
            else:
                continue
        except Exception:
            continue
        count += text.count(" ") + 1
    return count


def check_content(page: pymupdf.Page, budget: PageBudget) -> None:
    """Before drawings, text or images are extracted: measure the page's content (its streams
    as MuPDF concatenates them) and the streams of the forms it paints.

    Counting operators with the regular expression cost more than MuPDF's reading of the page
    (a 300-page report: 0.2 s of a 1.25 s analysis), so the pieces first get cheap upper
    bounds (`_add_bounds`). Only a page whose bounds pass a budget is read again and counted
    exactly, so a page is skipped exactly when the exact count says so. Sizes are exact."""
    if budget.content_bytes is None and budget.drawings is None and budget.image_paints is None:
        return
    streams = _content_streams(page)
    try:
        _measure(streams, budget, exact=False)
    except _Uncertain:
        _measure(streams, budget, exact=True)


class _Uncertain(Exception):
    """An upper bound of the page's operators passed a budget: count them exactly."""


def _content_streams(page: pymupdf.Page) -> list[Callable[[], mupdf.FzStream]]:
    """Openers of the page's content (MuPDF joins its streams and applies every filter) and of
    each form in its resources."""
    pdf = mupdf.pdf_document_from_fz_document(page.parent.this)
    contents = mupdf.pdf_dict_get(
        mupdf.pdf_load_object(pdf, page.xref), mupdf.PDF_ENUM_NAME_Contents
    )
    streams: list[Callable[[], mupdf.FzStream]] = [
        partial(mupdf.pdf_open_contents_stream, pdf, contents)
    ]
    with contextlib.suppress(Exception):  # damaged resources: reported when the page is read
        forms = dict.fromkeys(int(entry[0]) for entry in page.get_xobjects() if entry[2] == 0)
        streams += [partial(mupdf.pdf_open_stream_number, pdf, xref) for xref in forms]
    return streams


def _measure(
    streams: list[Callable[[], mupdf.FzStream]], budget: PageBudget, *, exact: bool
) -> None:
    """Read the streams piecewise, never whole, adding up their size and operators; raise
    OverBudget once the page holds too much (or _Uncertain when only a bound says so)."""
    buffer = _buffer()
    pointer = mupdf.python_mutable_buffer_data(buffer)
    size = drawings = paints = 0
    for open_stream in streams:
        try:
            stream = open_stream()
        except Exception:  # not a stream: MuPDF skips it when it draws the page
            continue
        tail = b""
        more = True
        while more:
            length = mupdf.fz_read(stream, pointer, _CHUNK)  # MuPDF ends a damaged stream
            size += length
            more = length == _CHUNK
            # Carry the last bytes over so an operator split between pieces is still seen.
            window = tail + buffer[:length]
            counted = len(window) - 8 if more else len(window)
            tail = window[counted:]
            if exact:
                more_drawings, more_paints = _count(window, counted)
                drawings += more_drawings
                paints += more_paints
                _check(size, drawings, paints, budget)
                continue
            drawings, paints = _add_bounds(window, counted, drawings, paints, budget)
            _check(size, 0, 0, budget)
            if _over(drawings, budget.drawings) or _over(paints, budget.image_paints):
                raise _Uncertain()


def _add_bounds(
    data: bytes, end: int, drawings: int, paints: int, budget: PageBudget
) -> tuple[int, int]:
    """Upper bounds of the page's operators once `_count(data, end)` is added, at a fraction
    of its cost. Each match of `_PAINT` is followed by a delimiter unless it ends `data[:end]`,
    so there are at most (end + 1) // 2 path paints and (end + 1) // 3 image paints; where that
    would pass a budget, the letters a path paint starts with, and `Do` and `BI`, are counted."""
    more_drawings = (end + 1) // 2
    if _over(drawings + more_drawings, budget.drawings):
        more_drawings = sum(data.count(letter, 0, end) for letter in _PATH_LETTERS)
    more_paints = (end + 1) // 3
    if _over(paints + more_paints, budget.image_paints):
        more_paints = data.count(b"Do", 0, end) + data.count(b"BI", 0, end)
    return drawings + more_drawings, paints + more_paints


def _buffer() -> bytearray:
    """This thread's buffer for pieces of a stream (a megabyte made for every page cost more
    than reading a page of text)."""
    buffer: bytearray | None = getattr(_PER_THREAD, "buffer", None)
    if buffer is None:
        buffer = _PER_THREAD.buffer = bytearray(_CHUNK)
    return buffer


def _over(count: int, limit: int | None) -> bool:
    return limit is not None and count > limit


def _check(size: int, drawings: int, paints: int, budget: PageBudget) -> None:
    if _over(size, budget.content_bytes):
        raise OverBudget(
            f"more than {(budget.content_bytes or 0) // MIB} MB of drawing instructions"
            " (its content streams inflate beyond that)"
        )
    if _over(drawings, budget.drawings):
        raise OverBudget(f"more than {budget.drawings:,} drawn shapes")
    if _over(paints, budget.image_paints):
        raise OverBudget(f"more than {budget.image_paints:,} images or forms painted")


def _count(data: bytes, end: int) -> tuple[int, int]:
    """Path paints and image paints in `data[:end]`."""
    drawings = paints = 0
    for match in _PAINT.finditer(data[:end]):
        if match.group() in (b"Do", b"BI"):
            paints += 1
        else:
            drawings += 1
    return drawings, paints


def describe(exc: OverBudget) -> str:
    return f"skipped, too complex to analyse: {exc}"

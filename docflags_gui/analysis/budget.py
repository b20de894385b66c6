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
import zlib
from dataclasses import dataclass

import pymupdf

MIB = 1024 * 1024

# Path-painting operators (each is one drawing for MuPDF) and image or form paints, as whole
# tokens: preceded and followed by a delimiter or white space.
_PAINT = re.compile(rb"(?<![^\s\])>])(?:[fFSsBb]\*?|Do|BI)(?![^\s\[(</%])")
_CHUNK = 1 << 20
_REFERENCE = re.compile(r"(\d+)\s+\d+\s+R")
_GEOMETRY_KEYS = ("QuadPoints", "InkList", "Vertices")
# A stream that inflates to less than this cannot hold the budgets' number of operators.
_COUNT_FROM = 64 * 1024


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
    for xref in dict.fromkeys(annots):
        points += _geometry_numbers(doc, xref)
        if points > budget.annotation_points:
            raise OverBudget(f"annotations with more than {budget.annotation_points:,} coordinates")


def _geometry_numbers(doc: pymupdf.Document, xref: int) -> int:
    """About how many numbers an annotation's geometry holds (0 for a broken reference:
    MuPDF skips those when it loads the page)."""
    count = 0
    for key in _GEOMETRY_KEYS:
        try:
            kind, value = doc.xref_get_key(xref, key)
            if kind == "xref":  # an indirect array
                kind, value = "array", doc.xref_object(int(value.split()[0]), compressed=True)
        except Exception:
            continue
        if kind == "array":
            count += value.count(" ") + 1
    return count


def check_content(page: pymupdf.Page, budget: PageBudget) -> None:
    """Before drawings, text or images are extracted: measure the page's content streams and
    the streams of the forms in its resources."""
    if budget.content_bytes is None and budget.drawings is None and budget.image_paints is None:
        return
    doc = page.parent
    xrefs = list(page.get_contents())
    with contextlib.suppress(Exception):  # damaged resources: reported when the page is read
        xrefs += [int(entry[0]) for entry in page.get_xobjects() if entry[2] == 0]
    size = drawings = paints = 0
    for xref in dict.fromkeys(xrefs):
        stream_size, stream_drawings, stream_paints = _measure(doc, xref, budget, size)
        size += stream_size
        drawings += stream_drawings
        paints += stream_paints
        _check(size, drawings, paints, budget)


def _check(size: int, drawings: int, paints: int, budget: PageBudget) -> None:
    if budget.content_bytes is not None and size > budget.content_bytes:
        raise OverBudget(
            f"more than {budget.content_bytes // MIB} MB of drawing instructions"
            " (its content streams inflate beyond that)"
        )
    if budget.drawings is not None and drawings > budget.drawings:
        raise OverBudget(f"more than {budget.drawings:,} drawn shapes")
    if budget.image_paints is not None and paints > budget.image_paints:
        raise OverBudget(f"more than {budget.image_paints:,} images or forms painted")


def _measure(
    doc: pymupdf.Document, xref: int, budget: PageBudget, already: int
) -> tuple[int, int, int]:
    """(inflated size, path paints, image paints) of one stream, read piecewise; stops early
    once the page's budget is certainly exceeded."""
    filters = _filters(doc, xref)
    if filters and filters != ["FlateDecode"]:
        # Rare for content (LZW, ASCIIHex ...): let MuPDF inflate it; the memory cap bounds it.
        data = doc.xref_stream(xref) or b""
        drawings, paints = _count(data) if len(data) >= _COUNT_FROM else (0, 0)
        return len(data), drawings, paints
    raw = doc.xref_stream_raw(xref) or b""
    if not filters:
        drawings, paints = _count(raw) if len(raw) >= _COUNT_FROM else (0, 0)
        return len(raw), drawings, paints
    inflate = zlib.decompressobj()
    size = drawings = paints = 0
    tail = b""
    pending = raw
    limit = budget.content_bytes
    try:
        while pending:
            piece = inflate.decompress(pending, _CHUNK)
            pending = inflate.unconsumed_tail
            if not piece:
                break
            size += len(piece)
            # Carry the last bytes over so an operator split between pieces is still seen.
            window = tail + piece
            d, p = _count(window[: len(window) - 8] if pending else window)
            drawings += d
            paints += p
            tail = window[-8:] if pending else b""
            if limit is not None and already + size > limit:
                break
            _check(already + size, drawings, paints, budget)
    except zlib.error:
        pass  # a damaged stream: MuPDF reads what it can of it, and so do we
    return size, drawings, paints


def _count(data: bytes) -> tuple[int, int]:
    drawings = paints = 0
    for match in _PAINT.finditer(data):
        token = match.group()
        if token in (b"Do", b"BI"):
            paints += 1
        else:
            drawings += 1
    return drawings, paints


def _filters(doc: pymupdf.Document, xref: int) -> list[str]:
    kind, value = doc.xref_get_key(xref, "Filter")
    if kind == "name":
        return [value.lstrip("/")]
    if kind == "array":
        return [v.lstrip("/") for v in value.strip("[]").split()]
    return []


def describe(exc: OverBudget) -> str:
    return f"skipped, too complex to analyse: {exc}"

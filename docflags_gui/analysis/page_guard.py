"""One damaged page must not cost the document: which failures are the file's, which are ours.

The engine reads each page inside a guard. An exception raised by PyMuPDF or MuPDF (a
QuadPoints reference beyond the cross-reference table, an image with a negative width or an
SMask that is not a stream, "too many nested graphics states") or a request for more memory
than the worker's cap is the page's fault: the page is given up with a warning that says why,
and the other pages are still read. An exception raised by docflags' own code is a bug and
still ends the analysis as an internal error, so bugs are seen, not hidden as warnings.

Also here: what a repaired file tells the reader (MuPDF rebuilds a truncated or damaged file's
cross-reference table and reads what it can; pages may come out empty or missing).
"""

from __future__ import annotations

import os
import traceback

import pymupdf

_PYMUPDF_DIR = os.path.dirname(os.path.abspath(pymupdf.__file__))
# Longest reason quoted in a warning: MuPDF's messages can embed whole PDF objects.
MAX_REASON = 200


class PageMemoryExceeded(Exception):
    """Reading the page needed more memory than the worker may use."""


def page_failure(exc: BaseException) -> str | None:
    """Why a page could not be read, for its warning; None when `exc` is a bug of ours.

    A failure is the file's when it is MemoryError, or when it was raised inside PyMuPDF
    (MuPDF's errors surface there, and PyMuPDF's Python code trips over values a damaged file
    holds: a negative width, a missing key).
    """
    if isinstance(exc, MemoryError | PageMemoryExceeded):
        return "skipped, it needs more memory than the analysis may use"
    if not _raised_in_pymupdf(exc):
        return None
    return f"could not be read, the file is damaged here ({_reason(exc)})"


def _raised_in_pymupdf(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return False
    innermost = os.path.abspath(frames[-1].filename)
    return innermost.startswith(_PYMUPDF_DIR + os.sep)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    # MuPDF prefixes its messages with "code=2: "; the user needs only what follows.
    if text.startswith("code=") and ": " in text:
        text = text.split(": ", 1)[1]
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 3] + "..."


def is_repaired(doc: pymupdf.Document) -> bool:
    """Whether MuPDF had to rebuild the file's cross-reference table to open it."""
    try:
        return bool(doc.is_repaired)
    except Exception:
        return False


def repair_warnings(doc: pymupdf.Document) -> list[str]:
    """A document-wide warning when MuPDF had to repair the file to open it."""
    if not is_repaired(doc):
        return []
    return [
        "the file is damaged (truncated or altered) and was repaired to be read: "
        "some pages or passages may be missing"
    ]


def page_is_empty(page: pymupdf.Page) -> bool:
    """No content stream with anything in it and no annotations: what a page lost in a
    truncated file looks like."""
    try:
        if page.first_annot is not None:
            return False
        doc = page.parent
        return all(not (doc.xref_stream_raw(xref) or b"").strip() for xref in page.get_contents())
    except Exception:
        return False

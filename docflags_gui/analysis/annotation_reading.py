"""A page's annotations as the detectors read them: walked in MuPDF's own list, each property
read from the annotation's PDF object with MuPDF's calls, once, and exactly as PyMuPDF's
properties read it (same calls, same values).

Why not PyMuPDF's `Annot` objects: its properties read the object anew on every access through
several layers (`type` 25 us, `info` 35 us, `colors` 16 us, `rect` 14 us, `xref_get_key` 6 us;
an annotated report has 6 annotations a page and two detectors look at each). And its `next`
links each annotation to a new Page object that holds the annotation in turn: a reference
cycle, which the engine (the cycle collector off during an analysis) never frees, so MuPDF
kept every page of the document open and each page load walked all the open ones (300 pages
of annotations: 0.2 s, quadratic in the pages). Here nothing refers back.
"""

from __future__ import annotations

import weakref
from functools import cached_property
from typing import Any

import pymupdf
from pymupdf import mupdf

# What `page.annots()` leaves out, as PyMuPDF does: links, popups and form fields (widgets).
_NOT_LISTED = frozenset({"Link", "Popup", "Widget"})


class Annotation:
    """One annotation of the page and what detectors read of it, each read once."""

    def __init__(self, raw: mupdf.PdfAnnot, page: pymupdf.Page, derotation: pymupdf.Matrix):
        self._raw = raw
        self.page = page
        self._derotation = derotation
        self._obj = mupdf.pdf_annot_obj(raw)
        self.xref: int = mupdf.pdf_to_num(self._obj)
        # The /Subtype name ("Highlight", "Text" ...) as PyMuPDF's `annot.type[1]` gives it.
        self.kind: str = mupdf.pdf_string_from_annot_type(mupdf.pdf_annot_type(raw))
        self.flags: int = mupdf.pdf_annot_flags(raw)

    @property
    def doc(self) -> pymupdf.Document:
        doc: pymupdf.Document = self.page.parent
        return doc

    @cached_property
    def annot(self) -> pymupdf.Annot:
        """PyMuPDF's object for what is read here only rarely (a rotated page's quads)."""
        annot = pymupdf.Annot(self._raw)
        annot.thisown = True
        annot.parent = weakref.proxy(self.page)  # as `Page.first_annot` links it: no cycle
        self.page._annot_refs[id(annot)] = annot
        return annot

    @cached_property
    def rect(self) -> pymupdf.Rect:
        """`Annot.rect`: MuPDF's bounds of the annotation in unrotated page space."""
        bounds = pymupdf.extra.Annot_rect3(self._raw)
        m = self._derotation
        if m.a == 1 and m.d == 1 and m.b == 0 and m.c == 0:
            # An unrotated page (most): MuPDF's transform of a rectangle by this matrix is
            # this sum (float arithmetic, exact both ways), without its round trip.
            x0, y0, x1, y1 = bounds
            e, f = m.e, m.f
            return pymupdf.Rect(x0 + e, y0 + f, x1 + e, y1 + f)
        rect: pymupdf.Rect = pymupdf.Rect(bounds) * self._derotation
        return rect

    @cached_property
    def colors(self) -> dict[str, Any]:
        """`Annot.colors`: {"stroke": /C, "fill": /IC}, each a list of numbers."""
        colors: dict[str, Any] = pymupdf.JM_annot_colors(self._obj)
        return colors

    @cached_property
    def contents(self) -> str:
        """/Contents as `Annot.info["content"]` gives it ("" when there is none)."""
        return _text(mupdf.pdf_annot_contents(self._raw))

    @cached_property
    def author(self) -> str:
        """/T (the author) as `Annot.info["title"]` gives it."""
        return _text(mupdf.pdf_to_text_string(mupdf.pdf_dict_get(self._obj, _NAME_T)))

    @cached_property
    def irt_xref(self) -> int:
        """The xref of the annotation this one replies to (/IRT), 0 for none."""
        irt = mupdf.pdf_dict_get(self._obj, _NAME_IRT)
        return mupdf.pdf_to_num(irt) if irt.m_internal else 0

    def key(self, name: str) -> tuple[str, str]:
        """What `Document.xref_get_key(xref, name)` says of the annotation's key `name` (a
        plain key, no path): its kind and its value as PDF text. Read from the object in hand;
        the kinds not read here (numbers, strings, booleans), and an annotation that is no
        object of its own (xref 0: PyMuPDF raises), go to PyMuPDF."""
        if self.xref <= 0:
            return self.doc.xref_get_key(self.xref, name)  # type: ignore[no-any-return]
        value = mupdf.pdf_dict_gets(self._obj, name)
        if not value.m_internal:
            return ("null", "null")
        if mupdf.pdf_is_indirect(value):
            return ("xref", f"{mupdf.pdf_to_num(value):d} 0 R")
        if mupdf.pdf_is_array(value):
            return ("array", _printed(value))
        if mupdf.pdf_is_dict(value):
            return ("dict", _printed(value))
        if mupdf.pdf_is_null(value):
            return ("null", "null")
        if mupdf.pdf_is_name(value):
            return ("name", f"/{mupdf.pdf_to_name(value)}")
        return self.doc.xref_get_key(self.xref, name)  # type: ignore[no-any-return]


_NAME_T = mupdf.PDF_ENUM_NAME_T
_NAME_IRT = mupdf.PDF_ENUM_NAME_IRT


def _text(value: str | bytes | None) -> str:
    """PyMuPDF's `JM_UnicodeFromStr`."""
    if value is None:
        return ""
    return value.decode("utf8") if isinstance(value, bytes) else value


def _printed(value: mupdf.PdfObj) -> str:
    """The object as PDF text, as `xref_get_key` prints it (compact)."""
    text: str = pymupdf.JM_UnicodeFromBuffer(pymupdf.JM_object_to_buffer(value, 1, 0))
    return text


def page_annotations(page: pymupdf.Page) -> list[Annotation]:
    """The page's annotations but links, popups and form fields, in the page's order.

    Walked as MuPDF's list: PyMuPDF's `annots()` looks each one up by xref from the start of
    the list, quadratic in their number (2,000 highlights: 7 s)."""
    this = page.this
    pdf_page = this if isinstance(this, mupdf.PdfPage) else mupdf.pdf_page_from_fz_page(this)
    raw = mupdf.pdf_first_annot(pdf_page)
    if not raw.m_internal:
        return []
    derotation = pymupdf.Matrix(pymupdf.extra.Page_derotate_matrix(this))
    found: list[Annotation] = []
    while raw.m_internal:
        annot = Annotation(raw, page, derotation)
        if annot.kind not in _NOT_LISTED:
            found.append(annot)
        raw = mupdf.pdf_next_annot(raw)
    return found

"""Per-page content budgets: the cheap upper bounds never change which page is skipped; only
the exact count of operators does (analysis/budget.py)."""

from __future__ import annotations

import pymupdf
import pytest

from docflags_gui.analysis import budget
from docflags_gui.analysis.budget import OverBudget, PageBudget, check_content


def _page_with(doc: pymupdf.Document, *streams: bytes, form: bytes | None = None) -> pymupdf.Page:
    """A page whose /Contents is `streams` (deflated), painting a form of `form` if given."""
    page = doc.new_page()
    xrefs = []
    for data in streams:
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, data, compress=True)
        xrefs.append(xref)
    doc.xref_set_key(page.xref, "Contents", "[" + " ".join(f"{x} 0 R" for x in xrefs) + "]")
    if form is not None:
        xref = doc.get_new_xref()
        doc.update_object(xref, "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] >>")
        doc.update_stream(xref, form, compress=True)
        doc.xref_set_key(page.xref, "Resources", f"<< /XObject << /Fm0 {xref} 0 R >> >>")
    return page


def _exact(page: pymupdf.Page, limits: PageBudget) -> str | None:
    """What the exact count alone says (the bounds skipped)."""
    try:
        budget._measure(budget._content_streams(page), limits, exact=True)
    except OverBudget as exc:
        return str(exc)
    return None


def _checked(page: pymupdf.Page, limits: PageBudget) -> str | None:
    try:
        check_content(page, limits)
    except OverBudget as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("paints", [999, 1000, 1001])
def test_path_paints_at_the_budget_are_counted_exactly(paints: int) -> None:
    """Text full of the letters a path paint starts with passes every cheap bound, so the
    page is counted exactly: exactly 1000 paints pass, 1001 do not."""
    doc = pymupdf.open()
    text = b"BT (fffSSSbbbBBB FFF sss) Tj ET\n" * 200
    page = _page_with(doc, text, b"0 0 1 1 re f\n" * paints)
    limits = PageBudget(drawings=1000)
    assert _checked(page, limits) == _exact(page, limits)
    assert (_checked(page, limits) is None) == (paints <= 1000)


@pytest.mark.parametrize("paints", [20, 21])
def test_image_paints_in_a_form_count_for_the_page(paints: int) -> None:
    doc = pymupdf.open()
    page = _page_with(doc, b"q /Fm0 Do Q\n", form=b"/Im0 Do\n" * (paints - 1))
    limits = PageBudget(image_paints=20)
    assert _checked(page, limits) == _exact(page, limits)
    assert (_checked(page, limits) is None) == (paints <= 20)


def test_size_is_exact_across_streams_and_pieces() -> None:
    """Content over one piece (a megabyte) in several streams: the size budget holds to the
    byte, and operators split between pieces are still seen."""
    doc = pymupdf.open()
    unit = b"10 10 5 5 re f\n"
    streams = [unit * (budget._CHUNK // len(unit) + 7), unit * 1000]
    page = _page_with(doc, *streams)
    size = sum(len(s) + 1 for s in streams)  # MuPDF ends each stream with a space
    assert _checked(page, PageBudget(content_bytes=size)) is None
    assert "MB of drawing" in (_checked(page, PageBudget(content_bytes=size - 1)) or "")
    drawings = budget._CHUNK // len(unit) + 7 + 1000
    assert _checked(page, PageBudget(drawings=drawings)) is None
    assert "drawn shapes" in (_checked(page, PageBudget(drawings=drawings - 1)) or "")


def test_a_page_without_content_passes() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    assert _checked(page, PageBudget(drawings=0, image_paints=0, content_bytes=0)) is None

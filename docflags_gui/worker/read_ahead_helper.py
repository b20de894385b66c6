"""The read-ahead helper process: reads a document's pages (words, text colours, drawings and,
on a scanned page under an invisible text layer, what its pixels hold) in order for the worker
that started it, on another core (`analysis/read_ahead.py` has the whole scheme and the wire).
Loads PyMuPDF, the page budgets and `page_reading`, and the engine's pixel modules only at
the first page that names an image; never imports Qt.

    python -m docflags_gui --read-ahead
    frozen bundle: <bundle executable> --read-ahead
    Linux: forked from the worker, which then runs `run_read_ahead` (`read_ahead_fork.py`)

stdin: the document's path and the page budgets (`analysis/read_ahead.py`), then the worker's
page positions; stdout: page frames only (C libraries' output goes to stderr, the worker's log).
It ends after the last page, at once for a document too short for it (`read_ahead.long_enough`),
at the end of stdin (the worker stopped it or died) or when its output is closed. SIGTERM and
SIGINT are ignored (`process_setup.helper_streams`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import BinaryIO

import pymupdf

from docflags_gui.analysis import budget as budgets
from docflags_gui.analysis import read_ahead
from docflags_gui.analysis.page_reading import PageData, is_scanned_page, open_document, read_page
from docflags_gui.worker.process_setup import helper_streams


def run_read_ahead() -> int:
    # Lowest priority: the helper is worth its CPU only on a core nobody else wants. On a busy
    # machine the worker's share (on Linux shared with this helper, both in one session's
    # scheduling group) stays the worker's, and pages the helper has not read in time the
    # worker reads itself.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(19)
    with helper_streams() as out:
        # EOFError, BrokenPipeError: the worker is gone or done with this helper.
        with contextlib.suppress(EOFError, BrokenPipeError, ValueError):
            _serve(sys.stdin.fileno(), out)
        return 0


def _serve(source: int, out: BinaryIO) -> None:
    """Open the document at the path the worker sends and read its pages in order within the
    page budgets it sends (None: the defaults), from the first page (a scan's middle one:
    `read_ahead.first_page`), or from just past the worker's position once it reads pages
    itself."""
    doc = open_document(Path(read_ahead.read_message(source)))
    total = doc.page_count
    if not read_ahead.long_enough(doc):
        return  # the worker reads a short document alone
    budget: budgets.PageBudget = read_ahead.read_message(source) or budgets.PageBudget()
    os.set_blocking(source, False)
    positions = _Positions(source)
    index = read_ahead.first_page(doc)
    while True:
        worker_at = positions.worker_at()
        if worker_at is not None and worker_at + 1 >= index:
            # The worker caught up (it read the page this helper was reading, or it started
            # before this helper): skip past it by a few pages, so that the next pages are
            # read here while the worker reads the ones between, rather than racing it page
            # by page (each lost race is a page read twice). Until it reads a page itself,
            # the worker takes this helper's pages from the first on.
            index = worker_at + read_ahead.SKIP_AHEAD
        if index >= total:
            return
        out.write(read_ahead.page_frame(index, _read(doc, index, budget)))
        out.flush()
        index += 1


def _read(doc: pymupdf.Document, index: int, budget: budgets.PageBudget) -> PageData | None:
    """The page's data once its budgets allow reading it, as the worker checks them; None when
    they do not or the page fails: the worker then reads it and warns as it always does."""
    try:
        budgets.check_annotations(doc, doc.page_xref(index), budget)
        page = doc[index]
        budgets.check_content(page, budget)
        data = read_page(page)
    except Exception:
        return None
    return _with_scan_pixels(doc, page, data)


def _with_scan_pixels(doc: pymupdf.Document, page: pymupdf.Page, data: PageData) -> PageData:
    """`data`, with what a scanned page's pixels hold (`analysis/scan_reading.py`) when the
    worker would search them: a scan's picture is then decoded here, not in the worker. The
    pixel modules (numpy among them) load at the first scanned page (`is_scanned_page`: not
    for a raster report's pages, whose text is read by OCR in the worker). A failure leaves
    the pixels to the worker, which meets the failure again and says so."""
    words, colors, drawings, spans, _ = data
    if not is_scanned_page(page):
        return data
    try:
        from docflags_gui.analysis.scan_reading import read_scan_pixels

        return words, colors, drawings, spans, read_scan_pixels(doc, page, data)
    except Exception:
        return data


class _Positions:
    """The worker's page positions, from the non-blocking stdin (None until it tells one: it
    has read no page itself); EOFError when it ends."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._pending = b""
        self._latest: int | None = None

    def worker_at(self) -> int | None:
        while True:
            try:
                chunk = os.read(self._fd, 4096)
            except BlockingIOError:
                return self._latest
            if not chunk:
                raise EOFError("the worker closed its end")
            data = self._pending + chunk
            whole = len(data) - len(data) % read_ahead.POSITION.size
            for (position,) in read_ahead.POSITION.iter_unpack(data[:whole]):
                if self._latest is None or position > self._latest:
                    self._latest = position
            self._pending = data[whole:]

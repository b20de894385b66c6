"""The engine's entry point: open a PDF, run every detector on every page, return docflags/1."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pymupdf

from docflags_gui.analysis import budget as budgets
from docflags_gui.analysis import page_guard, read_ahead
from docflags_gui.analysis.annotation_flags import AnnotationFlags
from docflags_gui.analysis.colored import ColoredText
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.drawn import DrawnMarks
from docflags_gui.analysis.errors import AnalysisCancelled, BadInputError
from docflags_gui.analysis.model import AnalysisResult, Flag
from docflags_gui.analysis.options import AnalysisOptions
from docflags_gui.analysis.page_reading import open_document
from docflags_gui.analysis.raster import RasterMarks
from docflags_gui.analysis.source_colors import check_sources
from docflags_gui.analysis.summary import SummaryPages
from docflags_gui.analysis.tint_flags import TintedText
from docflags_gui.hashing import file_sha256

log = logging.getLogger(__name__)

# progress(done_pages, total_pages, message), e.g. (15, 35, "Page 15/35: OCR")
ProgressCallback = Callable[[int, int, str], None]
StopCheck = Callable[[], bool]

# Each document gets a new detector of each kind, in this order: summary pages first (a page
# recognised there is no one else's), annotations before drawn marks so that drawn-mark
# detection can skip annotation appearances.
DETECTORS: tuple[type[Detector], ...] = (
    SummaryPages,
    AnnotationFlags,
    DrawnMarks,
    RasterMarks,
    TintedText,
    ColoredText,
)


def open_pdf(path: Path) -> pymupdf.Document:
    """Open `path` as a PDF or raise BadInputError with a message a user can act on.

    Messages do not repeat the path: the CLI and the job list already show which file it is.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except FileNotFoundError:
        raise BadInputError("file not found (moved or deleted?)") from None
    except IsADirectoryError:
        raise BadInputError("is a folder, not a PDF file") from None
    except PermissionError:
        raise BadInputError("no permission to read the file") from None
    except OSError as exc:  # a symlink loop, a name too long, an I/O error
        raise BadInputError(f"cannot be read ({exc.strerror or exc})") from None
    if b"%PDF-" not in head:
        raise BadInputError("not a PDF file")
    try:
        doc = open_document(path)
    except OSError as exc:
        raise BadInputError(f"cannot be read ({exc.strerror or exc})") from None
    except Exception as exc:  # MuPDF raises several types for broken files
        raise BadInputError(f"the PDF is damaged beyond repair ({exc})") from None
    if doc.needs_pass:
        doc.close()
        raise BadInputError("the PDF is password-protected (encrypted); open it and save a copy")
    try:
        pages = doc.page_count
    except Exception as exc:  # a page tree MuPDF cannot walk at all
        doc.close()
        raise BadInputError(
            f"the PDF is damaged beyond repair (its pages cannot be listed: {exc})"
        ) from None
    if pages == 0:
        doc.close()
        raise BadInputError("the PDF has no pages (damaged or empty)")
    return doc


def analyze_pdf(
    path: str | Path,
    options: AnalysisOptions | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    helper: read_ahead.ReadAhead | None = None,
) -> AnalysisResult:
    """Analyse one PDF. Raises BadInputError for unusable input, AnalysisCancelled on stop.

    `helper`: a read-ahead helper already started for this file (`read_ahead.prestart`); the
    engine uses it if it would have started one, and ends it."""
    path = Path(path)
    options = options or AnalysisOptions()
    try:
        doc = open_pdf(path)
    except BaseException:
        if helper is not None:
            helper.close()
        raise
    # Each page makes some 1500 short-lived objects (words, lines, marks), all freed by their
    # reference counts: the analysis makes no reference cycles (gc.collect() after 300 pages
    # of either benchmark report finds none), so the cycle collector's passes over them are
    # pure cost (4-6 % of the analysis). It runs again when the document is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # The name as a person reads it: a name that is not UTF-8 (surrogates in Python) has
        # U+FFFD for its bad bytes, so the result can be stored and shown anywhere.
        name = os.fsencode(path.name).decode("utf-8", "replace")
        result = AnalysisResult(file=name, sha256=file_sha256(path), pages=doc.page_count)
        doc_ctx = DocContext(doc=doc, options=options)
        for warning in page_guard.repair_warnings(doc):
            doc_ctx.warn(warning)
        detectors = [make(doc_ctx) for make in DETECTORS]
        with doc_ctx.resources:  # helper processes end here, killed on failure or stop
            ahead = _start_read_ahead(doc_ctx, path, helper)
            found = _analyze_pages(doc_ctx, detectors, progress, should_stop, ahead)
        flags = [f for d, flags in zip(detectors, found, strict=True) for f in d.finish(flags)]
        flags.sort(key=Flag.sort_key)
        result.flags = check_sources(doc_ctx, flags)
        result.similarity = doc_ctx.similarity
        result.sources = doc_ctx.sources
        result.warnings = doc_ctx.warnings
        if progress is not None:
            progress(doc.page_count, doc.page_count, "Done")
        return result
    finally:
        if helper is not None:
            helper.close()
        doc.close()
        if collecting:
            gc.enable()


def _start_read_ahead(
    doc_ctx: DocContext, path: Path, helper: read_ahead.ReadAhead | None
) -> read_ahead.ReadAhead | None:
    """A helper that reads pages ahead on another core (`helper` if one was started already),
    when the document is long enough and the job may use a second process; it ends with the
    document's other resources."""
    options, doc = doc_ctx.options, doc_ctx.doc
    if helper is not None:
        doc_ctx.resources.callback(helper.close)
    command = options.read_ahead_command
    # A damaged file's pages are read once, here.
    if not read_ahead.wanted_for(command, options.ocr_processes, doc) or (
        page_guard.is_repaired(doc)
    ):
        if helper is not None:
            helper.close()  # it reads from the start: it must not go on beside the worker
        return None
    ahead = helper or read_ahead.start(command, path, options.budget)
    if ahead is not None:
        if helper is None:
            doc_ctx.resources.callback(ahead.close)
        ahead.begin(options.budget)
    return ahead


def _analyze_pages(
    doc_ctx: DocContext,
    detectors: list[Detector],
    progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    ahead: read_ahead.ReadAhead | None = None,
) -> list[list[Flag]]:
    """Every detector on every page, in page order; each detector's flags as found.

    Each page is read inside a guard (`page_guard`): a page over its budget is skipped, a page
    the file damages is given up, each with a warning, and the other pages still count."""
    doc = doc_ctx.doc
    found: list[list[Flag]] = [[] for _ in detectors]
    total = doc.page_count
    repaired = page_guard.is_repaired(doc)
    for index in range(total):
        if should_stop is not None and should_stop():
            raise AnalysisCancelled()
        number = index + 1
        if progress is not None:
            progress(index, total, f"Page {number}/{total}: reading")
        read = None if ahead is None else ahead.take(index)
        page = _load_page(doc_ctx, index, checked=read is not None)
        if page is None:
            continue
        if repaired and page_guard.page_is_empty(page):
            doc_ctx.warn(f"page {number}: empty, its content was lost where the file is damaged")
            continue
        ctx = PageContext(doc_ctx, page, read)
        try:
            page_flags = _page_flags(ctx, detectors, index, total, progress)
        except (AnalysisCancelled, KeyboardInterrupt):
            raise
        except Exception as exc:
            why = page_guard.page_failure(exc)
            if why is None:
                raise  # our bug: an internal error, with its traceback in the log
            log.warning("page %d: %s", number, exc)
            ctx.warn(why)
            continue
        for flags, more in zip(found, page_flags, strict=True):
            flags.extend(more)
    return found


def _load_page(doc_ctx: DocContext, index: int, checked: bool = False) -> pymupdf.Page | None:
    """The page, once its budgets allow reading it; None (with a warning) when they do not or
    the page cannot be loaded. `checked`: the read-ahead helper has passed the page through
    the same checks with the same budget (it sends no data for a page that fails them), so
    its content is not read again here (0.05-0.1 s of CPU for 300 text-layer pages)."""
    doc, number, budget = doc_ctx.doc, index + 1, doc_ctx.options.budget
    try:
        if not checked:
            budgets.check_annotations(doc, doc.page_xref(index), budget)
        page = doc[index]
        if not checked:
            budgets.check_content(page, budget)
    except budgets.OverBudget as exc:
        doc_ctx.warn(f"page {number}: skipped, too complex to analyse: {exc}")
        return None
    except Exception as exc:  # a single broken page must not lose the others
        why = page_guard.page_failure(exc)
        if why is None:
            raise
        doc_ctx.warn(f"page {number}: {why}")
        return None
    return page


def _page_flags(
    ctx: PageContext,
    detectors: list[Detector],
    index: int,
    total: int,
    progress: ProgressCallback | None,
) -> list[list[Flag]]:
    """Each detector's flags on one page; all or none of them (a failing page adds none)."""
    page_flags: list[list[Flag]] = [[] for _ in detectors]
    for detector, flags in zip(detectors, page_flags, strict=True):
        if ctx.is_summary:
            break  # a report's summary page: its numbers are no one's flags
        if progress is not None and detector.is_slow(ctx):
            progress(index, total, f"Page {index + 1}/{total}: {detector.stage}")
        flags.extend(detector.find(ctx))
    return page_flags

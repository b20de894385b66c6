"""The engine's entry point: open a PDF, run every detector on every page, return docflags/1."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pymupdf

from docflags_gui.analysis import annotation_flags, colored, drawn, raster, summary
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.errors import AnalysisCancelled, BadInputError
from docflags_gui.analysis.model import AnalysisResult, Flag
from docflags_gui.analysis.options import AnalysisOptions
from docflags_gui.hashing import file_sha256

# progress(done_pages, total_pages, message), e.g. (15, 35, "Page 15/35: OCR")
ProgressCallback = Callable[[int, int, str], None]
StopCheck = Callable[[], bool]
PageDetector = Callable[[PageContext], list[Flag]]

# Order matters: summary pages are recognised first (no flags there); annotations before drawn
# marks so that drawn-mark detection can skip annotation appearances.
PAGE_DETECTORS: tuple[tuple[str, PageDetector], ...] = (
    ("annotations", annotation_flags.find_annotation_flags),
    ("marks", drawn.find_drawn_flags),
    ("OCR", raster.find_raster_flags),
    ("coloured text", colored.find_colored_text_flags),
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
    if b"%PDF-" not in head:
        raise BadInputError("not a PDF file")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises several types for broken files
        raise BadInputError(f"the PDF is damaged beyond repair ({exc})") from None
    if doc.needs_pass:
        doc.close()
        raise BadInputError("the PDF is password-protected (encrypted); open it and save a copy")
    if doc.page_count == 0:
        doc.close()
        raise BadInputError("the PDF has no pages (damaged or empty)")
    return doc


def analyze_pdf(
    path: str | Path,
    options: AnalysisOptions | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> AnalysisResult:
    """Analyse one PDF. Raises BadInputError for unusable input, AnalysisCancelled on stop."""
    path = Path(path)
    options = options or AnalysisOptions()
    doc = open_pdf(path)
    # Each page makes some 1500 short-lived objects (words, lines, marks), all freed by their
    # reference counts: the analysis makes no reference cycles (gc.collect() after 300 pages
    # of either benchmark report finds none), so the cycle collector's passes over them are
    # pure cost (4-6 % of the analysis). It runs again when the document is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = AnalysisResult(file=path.name, sha256=file_sha256(path), pages=doc.page_count)
        doc_ctx = DocContext(doc=doc, options=options)
        with doc_ctx.resources:  # OCR helper processes end here, killed on failure or stop
            flags = _analyze_pages(doc_ctx, progress, should_stop)
        flags = drawn.join_across_pages(flags, doc_ctx)
        flags.sort(key=Flag.sort_key)
        result.flags = flags
        result.similarity = doc_ctx.similarity
        result.sources = doc_ctx.sources
        result.warnings = doc_ctx.warnings
        if progress is not None:
            progress(doc.page_count, doc.page_count, "Done")
        return result
    finally:
        doc.close()
        if collecting:
            gc.enable()


def _analyze_pages(
    doc_ctx: DocContext, progress: ProgressCallback | None, should_stop: StopCheck | None
) -> list[Flag]:
    """Every detector on every page, in page order; the flags as found."""
    doc = doc_ctx.doc
    flags: list[Flag] = []
    total = doc.page_count
    for index in range(total):
        if should_stop is not None and should_stop():
            raise AnalysisCancelled()
        number = index + 1
        try:
            page = doc[index]
        except Exception as exc:  # a single broken page must not lose the others
            doc_ctx.warn(f"page {number}: could not be read ({exc})")
            continue
        ctx = PageContext(doc_ctx, page)
        if progress is not None:
            progress(index, total, f"Page {number}/{total}: reading")
        summary.read_summary_page(ctx)
        if ctx.is_summary:
            continue
        for stage, detector in PAGE_DETECTORS:
            if stage == "OCR" and progress is not None and raster.page_needs_ocr(ctx):
                progress(index, total, f"Page {number}/{total}: OCR")
            flags.extend(detector(ctx))
    return flags

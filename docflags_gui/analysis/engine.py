"""The engine's entry point: open a PDF, run every detector on every page, return docflags/1."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pymupdf

from docflags_gui.analysis.annotation_flags import AnnotationFlags
from docflags_gui.analysis.colored import ColoredText
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.drawn import DrawnMarks
from docflags_gui.analysis.errors import AnalysisCancelled, BadInputError
from docflags_gui.analysis.model import AnalysisResult, Flag
from docflags_gui.analysis.options import AnalysisOptions
from docflags_gui.analysis.raster import RasterMarks
from docflags_gui.analysis.summary import SummaryPages
from docflags_gui.analysis.tint_flags import TintedText
from docflags_gui.hashing import file_sha256

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
        detectors = [make(doc_ctx) for make in DETECTORS]
        with doc_ctx.resources:  # OCR helper processes end here, killed on failure or stop
            found = _analyze_pages(doc_ctx, detectors, progress, should_stop)
        flags = [f for d, flags in zip(detectors, found, strict=True) for f in d.finish(flags)]
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
    doc_ctx: DocContext,
    detectors: list[Detector],
    progress: ProgressCallback | None,
    should_stop: StopCheck | None,
) -> list[list[Flag]]:
    """Every detector on every page, in page order; each detector's flags as found."""
    doc = doc_ctx.doc
    found: list[list[Flag]] = [[] for _ in detectors]
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
        for detector, flags in zip(detectors, found, strict=True):
            if ctx.is_summary:
                break  # a report's summary page: its numbers are no one's flags
            if progress is not None and detector.is_slow(ctx):
                progress(index, total, f"Page {number}/{total}: {detector.stage}")
            flags.extend(detector.find(ctx))
    return found

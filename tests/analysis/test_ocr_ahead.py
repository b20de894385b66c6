"""Raster pages read ahead by OCR threads (tesserocr) or OCR helper processes (MuPDF's
Tesseract): the same flags as reading them in one thread, helper processes only when a
document has more than one page to read, threads that share each page and load their models
early, and a helper that cannot start, dies or is stopped never loses a page or outlives the
analysis."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from docflags_gui.analysis import (
    AnalysisCancelled,
    AnalysisOptions,
    analyze_pdf,
    ocr,
    ocr_ahead,
    ocr_pool,
    ocr_threads,
    page_images,
    raster,
    raster_marks,
    tessdata,
)
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.ocr_backend import BACKEND_ENV
from docflags_gui.analysis.ocr_tesserocr import TesserocrBackend
from docflags_gui.worker.launch import ocr_helper_command
from tests.pdfbuilder.raster import (
    RasterReport,
    build_raster_report,
    flag_rows,
    manuscript_text,
    require_ocr,
    spaced_matches,
)


def build(path: Path, paragraphs: int) -> RasterReport:
    return build_raster_report(
        path, manuscript_text(paragraphs, seed=23), lambda flow: spaced_matches(flow, every=60)
    )


@pytest.fixture(scope="module")
def four_pages(tmp_path_factory: pytest.TempPathFactory) -> RasterReport:
    require_ocr()
    report = build(tmp_path_factory.mktemp("ahead") / "four.pdf", 14)
    assert len(report.raster_pages) >= 4
    return report


class HelperSpy:
    """Counts the canvases handed to helpers and keeps the helper processes started."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.canvases = 0
        self.processes: list[subprocess.Popen[bytes]] = []
        submit, start = ocr_pool.OcrHelpers.submit, ocr_pool._Helper._start

        def counting_submit(helpers: ocr_pool.OcrHelpers, canvas: ocr.Canvas) -> Any:
            self.canvases += 1
            return submit(helpers, canvas)

        def keeping_start(helper: ocr_pool._Helper) -> subprocess.Popen[bytes]:
            process = start(helper)
            if process not in self.processes:
                self.processes.append(process)
            return process

        monkeypatch.setattr(ocr_pool.OcrHelpers, "submit", counting_submit)
        monkeypatch.setattr(ocr_pool._Helper, "_start", keeping_start)

    def all_ended(self) -> bool:
        return all(p.poll() is not None for p in self.processes)


@pytest.fixture
def mupdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """OCR with MuPDF's Tesseract: pages read ahead in helper processes (the helpers inherit
    the choice with the environment)."""
    monkeypatch.setenv(BACKEND_ENV, "mupdf")


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch, mupdf: None) -> Iterator[HelperSpy]:
    yield HelperSpy(monkeypatch)


class ThreadSpy:
    """Counts the canvases handed to OCR threads and the pools closed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.canvases = 0
        self.pools: list[ocr_threads.OcrThreads] = []
        self.closed = 0
        init, submit, close = (
            ocr_threads.OcrThreads.__init__,
            ocr_threads.OcrThreads.submit,
            ocr_threads.OcrThreads.close,
        )

        def keeping_init(pool: ocr_threads.OcrThreads, *args: Any) -> None:
            init(pool, *args)
            self.pools.append(pool)

        def counting_submit(pool: ocr_threads.OcrThreads, canvas: ocr.Canvas) -> Any:
            self.canvases += 1
            return submit(pool, canvas)

        def counting_close(pool: ocr_threads.OcrThreads, kill: bool = False) -> None:
            self.closed += 1
            close(pool, kill)

        monkeypatch.setattr(ocr_threads.OcrThreads, "__init__", keeping_init)
        monkeypatch.setattr(ocr_threads.OcrThreads, "submit", counting_submit)
        monkeypatch.setattr(ocr_threads.OcrThreads, "close", counting_close)


@pytest.fixture
def threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadSpy]:
    monkeypatch.setenv(BACKEND_ENV, "tesserocr")
    yield ThreadSpy(monkeypatch)


def with_helpers(command: list[str] | None = None, processes: int = 2) -> AnalysisOptions:
    return AnalysisOptions(
        ocr_processes=processes, ocr_helper_command=tuple(command or ocr_helper_command())
    )


def test_helpers_read_every_raster_page_and_the_flags_are_the_same(
    four_pages: RasterReport, spy: HelperSpy
) -> None:
    result = analyze_pdf(four_pages.path, with_helpers()).to_dict()
    assert flag_rows(result) == four_pages.expected_rows()
    assert result["warnings"] == []
    # Every page with marks went to a helper (one canvas per page image), two were started,
    # and both ended with the analysis.
    assert spy.canvases == len(four_pages.raster_pages)
    assert len(spy.processes) == 2
    assert spy.all_ended()


def test_a_document_with_one_page_to_read_starts_no_helper(tmp_path: Path, spy: HelperSpy) -> None:
    require_ocr()
    report = build(tmp_path / "one.pdf", 3)
    assert len(report.raster_pages) == 1
    result = analyze_pdf(report.path, with_helpers()).to_dict()
    assert flag_rows(result) == report.expected_rows()
    assert spy.canvases == 0 and spy.processes == []


def test_threads_read_every_raster_page_and_the_flags_are_the_same(
    four_pages: RasterReport, threads: ThreadSpy, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_helpers(*args: Any) -> None:
        raise AssertionError("no helper process with tesserocr")

    monkeypatch.setattr(ocr_pool.OcrHelpers, "__init__", no_helpers)
    alone = analyze_pdf(four_pages.path).to_dict()
    result = analyze_pdf(four_pages.path, with_helpers()).to_dict()
    assert flag_rows(result) == flag_rows(alone) == four_pages.expected_rows()
    assert result["warnings"] == []
    # Every page with marks went to the threads, none to a helper process, each in a part
    # per thread where it has lines enough (ocr_parts.py); the pool was closed.
    assert len(four_pages.raster_pages) < threads.canvases <= 2 * len(four_pages.raster_pages)
    assert len(threads.pools) == 1 and threads.closed == 1


def test_threads_read_a_document_with_one_page_to_read_in_parts(
    tmp_path: Path, threads: ThreadSpy
) -> None:
    require_ocr()
    report = build(tmp_path / "one.pdf", 3)
    assert len(report.raster_pages) == 1
    result = analyze_pdf(report.path, with_helpers()).to_dict()
    assert flag_rows(result) == report.expected_rows()
    assert threads.canvases == 2 and threads.closed == 1


def test_threads_load_their_models_while_the_engine_looks_at_the_first_page(
    four_pages: RasterReport, threads: ThreadSpy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each thread's first task loads its models; the canvases come after (the pool is FIFO).
    started: list[str] = []
    load, recognise = TesserocrBackend.load, TesserocrBackend.recognise

    def loading(backend: TesserocrBackend, *args: Any) -> None:
        started.append("load")
        load(backend, *args)

    def reading(backend: TesserocrBackend, canvas: Any) -> Any:
        started.append("read")
        return recognise(backend, canvas)

    monkeypatch.setattr(TesserocrBackend, "load", loading)
    monkeypatch.setattr(TesserocrBackend, "recognise", reading)
    result = analyze_pdf(four_pages.path, with_helpers()).to_dict()
    assert flag_rows(result) == four_pages.expected_rows()
    assert started[:2] == ["load", "load"] and started.count("load") == 2
    assert started.count("read") == threads.canvases


def test_a_page_planned_ahead_is_not_looked_at_again_when_the_engine_gets_there(
    tmp_path: Path, threads: ThreadSpy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plan that hands pages to the pool finds each page's marks; the engine takes them
    # over rather than finding them a second time. A summary page (listed sources, which
    # the plan cannot tell from a page of marks) still gives no flags.
    report = build_raster_report(
        tmp_path / "summary.pdf",
        manuscript_text(14, seed=23),
        lambda flow: spaced_matches(flow, every=60),
        summary=True,
    )
    alone = analyze_pdf(report.path).to_dict()
    looked_at: list[int] = []
    find_highlights = raster_marks.find_highlights

    def counting(ctx: PageContext) -> Any:
        looked_at.append(ctx.number)
        return find_highlights(ctx)

    monkeypatch.setattr(raster, "find_highlights", counting)
    result = analyze_pdf(report.path, with_helpers()).to_dict()
    assert flag_rows(result) == flag_rows(alone) == report.expected_rows()
    assert threads.canvases >= len(report.raster_pages) - 1
    assert sorted(looked_at) == sorted(set(looked_at))  # no page twice
    assert set(report.raster_pages) <= set(looked_at)


def stop_after_first_raster_page(report: RasterReport) -> None:
    """Analyse `report` with a pool and stop it once the first raster page is done."""
    first_raster = report.raster_pages[0]
    pages_begun: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        pages_begun.append(done + 1)

    def stop() -> bool:
        return bool(pages_begun) and pages_begun[-1] > first_raster

    with pytest.raises(AnalysisCancelled):
        analyze_pdf(report.path, with_helpers(), progress, stop)


def test_stopping_the_analysis_stops_its_threads(
    four_pages: RasterReport, threads: ThreadSpy
) -> None:
    stop_after_first_raster_page(four_pages)
    assert threads.closed == 1
    assert not any(t.name.startswith("ocr") for t in threading.enumerate())


def test_both_backends_give_the_same_flags(
    four_pages: RasterReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BACKEND_ENV, "mupdf")
    mupdf = analyze_pdf(four_pages.path).to_dict()
    monkeypatch.setenv(BACKEND_ENV, "tesserocr")
    tess = analyze_pdf(four_pages.path).to_dict()
    assert mupdf["flags"] == tess["flags"]
    assert flag_rows(tess) == four_pages.expected_rows()


def test_a_helper_that_cannot_start_leaves_its_pages_to_the_analysis(
    four_pages: RasterReport, tmp_path: Path, caplog: pytest.LogCaptureFixture, mupdf: None
) -> None:
    options = with_helpers([str(tmp_path / "no-such-helper")])
    result = analyze_pdf(four_pages.path, options).to_dict()
    assert flag_rows(result) == four_pages.expected_rows()
    assert result["warnings"] == []
    assert "cannot start an OCR helper" in caplog.text


def test_a_helper_that_dies_leaves_its_pages_to_the_analysis(
    four_pages: RasterReport, spy: HelperSpy, caplog: pytest.LogCaptureFixture
) -> None:
    # Takes the first bytes of a canvas, then exits: the engine reads the page itself.
    dying = [sys.executable, "-c", "import sys; sys.stdin.buffer.read(16)"]
    result = analyze_pdf(four_pages.path, with_helpers(dying)).to_dict()
    assert flag_rows(result) == four_pages.expected_rows()
    assert "OCR helper stopped" in caplog.text
    assert spy.all_ended()


def test_stopping_the_analysis_kills_its_helpers(four_pages: RasterReport, spy: HelperSpy) -> None:
    stop_after_first_raster_page(four_pages)
    assert len(spy.processes) == 2  # the later pages were in their hands
    assert spy.all_ended()


@pytest.mark.parametrize("backend", ["mupdf", "tesserocr"])
def test_a_helper_reports_a_failed_reading_and_goes_on_reading(
    tmp_path: Path, backend: str
) -> None:
    require_ocr()
    setup = tessdata.ocr_setup(True, None)
    assert setup.tessdata is not None
    white = bytes([255]) * (60 * 20 * 3)
    good = ocr.Canvas(white, 60, 20, 96, setup.language, str(setup.tessdata))
    bad = ocr.Canvas(white, 60, 20, 96, "eng", str(tmp_path))  # no language data there
    helpers = ocr_pool.OcrHelpers(ocr_helper_command(), 1, backend)
    try:
        with pytest.raises(RuntimeError):
            helpers.result(helpers.submit(bad))
        assert helpers.result(helpers.submit(good)) == ()  # white: nothing to read
    finally:
        helpers.close()


@pytest.mark.parametrize("backend", ["mupdf", "tesserocr"])
def test_a_page_whose_image_cannot_be_read_is_reported_and_the_others_are_read(
    four_pages: RasterReport, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    monkeypatch.setenv(BACKEND_ENV, backend)
    # The second raster page's pixels cannot be loaded (a broken image stream): with helpers
    # reading ahead, that page's passages are listed without text and a warning says why.
    broken_page = four_pages.raster_pages[1]
    with pymupdf.open(four_pages.path) as doc:
        broken_xref = doc[broken_page - 1].get_images(full=True)[0][0]
    real_load = page_images.load_pixels

    def load(doc: pymupdf.Document, image: page_images.PageImage) -> pymupdf.Pixmap:
        if image.xref == broken_xref:
            raise RuntimeError("broken image stream")
        return real_load(doc, image)

    monkeypatch.setattr(ocr_ahead, "load_pixels", load)
    result = analyze_pdf(four_pages.path, with_helpers()).to_dict()
    got = {(f["page"], f["text"]) for f in result["flags"]}
    for e in four_pages.expected:
        if e.page == broken_page:
            assert (e.page, "") in got
        else:
            assert (e.page, e.text) in got
    assert any("broken image stream" in w for w in result["warnings"])

"""What the read-ahead helper works out from a scanned page's pixels (`scan_reading`) is what
the worker would work out itself, and a page that comes with it is not decoded again."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from docflags_gui.analysis import (
    AnalysisOptions,
    analyze_pdf,
    badge_tiles,
    decoded_images,
    read_ahead,
)
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.page_edges import PageEdges
from docflags_gui.analysis.page_reading import read_page
from docflags_gui.analysis.pixel_tints import page_tints
from docflags_gui.analysis.scan_pixels import ScanPixels
from docflags_gui.analysis.scan_reading import read_scan_pixels
from docflags_gui.analysis.tint_flags import find_tint_flags
from docflags_gui.worker.launch import read_ahead_command
from tests.cli.test_analyze import make_pdf
from tests.pdfbuilder.raster import require_ocr
from tests.pdfbuilder.tint_report import build_tint_report


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A classic report after ocrmypdf (§6.3): 400-dpi JPEG pages under a text layer."""
    folder = tmp_path_factory.mktemp("scan-reading")
    return build_tint_report(folder / "scan.pdf", seed=2, paragraphs=5).path


def _context(doc: pymupdf.Document, page: pymupdf.Page, pixels: ScanPixels | None) -> PageContext:
    words, colors, drawings, spans, _ = read_page(page)
    doc_ctx = DocContext(doc, AnalysisOptions(ocr_processes=1))
    return PageContext(doc_ctx, page, (words, colors, drawings, spans, pixels))


def test_the_helper_works_out_the_tints_and_tiles_the_worker_would(scan: Path) -> None:
    doc = pymupdf.open(scan)
    tiles_cut = 0
    for page in doc.pages():
        pixels = read_scan_pixels(doc, page, read_page(page))
        assert pixels is not None and pixels.tints.runs
        ctx = _context(doc, page, None)
        assert page_tints(ctx) == pixels.tints
        tiles = badge_tiles.baked_tiles(ctx, [b.rect for b in pixels.tints.badges])
        assert tuple(badge_tiles.plain_tile(t) for t in tiles) == pixels.tiles
        tiles_cut += sum(t is not None for t in pixels.tiles)
    assert tiles_cut >= 3


def test_a_page_that_comes_with_its_pixels_is_not_decoded_again(
    scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_ocr()  # badge digits
    doc = pymupdf.open(scan)
    page = doc[0]
    expected = find_tint_flags(_context(doc, page, None), PageEdges())
    pixels = read_scan_pixels(doc, page, read_page(page))

    def no_pixels(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page's picture was decoded again")

    monkeypatch.setattr(pymupdf.Page, "get_pixmap", no_pixels)
    monkeypatch.setattr(decoded_images, "_decode", no_pixels)
    found = find_tint_flags(_context(doc, page, pixels), PageEdges())
    assert found == expected and found


def test_a_text_page_has_no_pixels_to_read(tmp_path: Path) -> None:
    doc = pymupdf.open(make_pdf(tmp_path / "text.pdf"))
    page = doc[0]
    assert read_scan_pixels(doc, page, read_page(page)) is None


def test_a_short_scan_is_read_with_a_helper_from_its_middle(scan: Path, tmp_path: Path) -> None:
    """A scan costs enough a page that a helper pays from MIN_SCAN_PAGES pages on, a text
    document only from MIN_PAGES; a scan's helper starts half-way through it."""
    doc = pymupdf.open()
    with pymupdf.open(scan) as piece:
        while doc.page_count < read_ahead.MIN_SCAN_PAGES:
            doc.insert_pdf(piece)
    assert doc.page_count < read_ahead.MIN_PAGES
    assert read_ahead.long_enough(doc)
    assert read_ahead.first_page(doc) == doc.page_count // 2
    text = pymupdf.open()
    with pymupdf.open(make_pdf(tmp_path / "text.pdf")) as piece:
        while text.page_count < read_ahead.MIN_SCAN_PAGES:
            text.insert_pdf(piece)
    assert not read_ahead.long_enough(text)
    assert read_ahead.first_page(text) == 0


def test_a_scan_read_with_the_helper_gives_what_the_worker_gives_alone(
    scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages whose pixels the helper searched and the pages the worker searched itself
    give the flags the worker alone finds."""
    require_ocr()  # badge digits
    doc = pymupdf.open()
    with pymupdf.open(scan) as piece:
        while doc.page_count < 6:
            doc.insert_pdf(piece)
    short_scan = tmp_path / "scan.pdf"
    doc.save(short_scan)
    alone = analyze_pdf(short_scan, AnalysisOptions(ocr_processes=1)).to_dict()["flags"]

    with_pixels: list[int] = []
    original = PageContext.__init__

    def noting(ctx: PageContext, doc_ctx: DocContext, page: pymupdf.Page, read: Any = None) -> None:
        original(ctx, doc_ctx, page, read)
        if ctx.scan_pixels is not None:
            with_pixels.append(ctx.number)

    monkeypatch.setattr(PageContext, "__init__", noting)
    take = read_ahead.ReadAhead.take

    def after_the_helper(ahead: read_ahead.ReadAhead, index: int) -> Any:
        # Before the worker's first page, the helper reads all it will (from the middle page
        # to the last): the test does not race it.
        deadline = time.monotonic() + 60
        while index == 0 and ahead._reading and time.monotonic() < deadline:
            ahead._receive()
            time.sleep(0.01)
        return take(ahead, index)

    monkeypatch.setattr(read_ahead.ReadAhead, "take", after_the_helper)
    options = AnalysisOptions(ocr_processes=2, read_ahead_command=tuple(read_ahead_command()))
    helped = analyze_pdf(short_scan, options).to_dict()["flags"]
    assert helped == alone and len(alone) > doc.page_count
    # The helper searched the second half, the worker the first.
    assert with_pixels == list(range(doc.page_count // 2 + 1, doc.page_count + 1))

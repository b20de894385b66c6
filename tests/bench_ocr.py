"""Benchmark (a script, not a test): the engine's OCR cost on a raster report against naive
full-page OCR at 300 dpi of the same pages, measured in the same process, and the flag F1 of the
run against the generator's truth.

    python -m tests.bench_ocr [--pages 35] [--naive-pages N] [--keep DIR]

The report is a Turnitin-classic-like raster report made by `tests/pdfbuilder/raster.py` (a
match every ~40 words, 4-30 words long: about 40% of the text marked). Target: engine OCR
seconds per page <= 0.2x naive.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pymupdf

from docflags_gui.analysis import AnalysisOptions, analyze_pdf, engine, ocr, raster
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.model import Flag
from tests.pdfbuilder.annotated import Expected
from tests.pdfbuilder.raster import build_raster_report, manuscript_text, write_manuscript

# A predicted flag matches a truth flag on the same page whose text is this alike (difflib ratio).
MATCH_RATIO = 0.85


def paragraphs_for(pages: int) -> list[str]:
    """Just enough manuscript paragraphs to fill `pages` pages."""
    count = pages * 4
    while True:
        paragraphs = manuscript_text(count, seed=35)
        if write_manuscript(paragraphs).doc.page_count >= pages:
            while write_manuscript(paragraphs[:-1]).doc.page_count >= pages:
                paragraphs = paragraphs[:-1]
            return paragraphs
        count += 2


def flag_f1(expected: Sequence[Expected], flags: Sequence[dict[str, Any]]) -> tuple[float, float]:
    """(flag F1, share of matched flags with exactly the expected text)."""
    used: set[int] = set()
    pairs: list[tuple[Expected, dict[str, Any]]] = []
    for want in expected:
        best, best_ratio = None, 0.0
        for i, got in enumerate(flags):
            if i in used or got["page"] != want.page:
                continue
            ratio = SequenceMatcher(None, want.text, got["text"]).ratio()
            if ratio > best_ratio:
                best, best_ratio = i, ratio
        if best is not None and best_ratio >= MATCH_RATIO:
            used.add(best)
            pairs.append((want, flags[best]))
    precision = len(pairs) / len(flags) if flags else 0.0
    recall = len(pairs) / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(want.text == got["text"] for want, got in pairs) / len(pairs) if pairs else 0.0
    return f1, exact


def timed_engine(path: Path) -> tuple[dict[str, Any], float, float]:
    """Analyse `path`; returns the result, total seconds and seconds in the raster/OCR stage."""
    spent = [0.0]
    original = engine.PAGE_DETECTORS

    def timing(detector: Callable[[PageContext], list[Flag]]) -> Callable[..., list[Flag]]:
        def run(ctx: PageContext) -> list[Flag]:
            start = time.perf_counter()
            try:
                return detector(ctx)
            finally:
                spent[0] += time.perf_counter() - start

        return run

    engine.PAGE_DETECTORS = tuple(
        (stage, timing(d) if d is raster.find_raster_flags else d) for stage, d in original
    )
    try:
        start = time.perf_counter()
        result = analyze_pdf(path, AnalysisOptions()).to_dict()
        total = time.perf_counter() - start
    finally:
        engine.PAGE_DETECTORS = original
    return result, total, spent[0]


def naive_ocr(path: Path, pages: Sequence[int], setup: ocr.OcrSetup) -> float:
    """Seconds for full-page OCR at 300 dpi of `pages` (1-based), as PyMuPDF's docs show it."""
    doc = pymupdf.open(path)
    start = time.perf_counter()
    for number in pages:
        doc[number - 1].get_textpage_ocr(
            dpi=300, full=True, language=setup.language, tessdata=str(setup.tessdata)
        )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=35, help="raster pages in the report")
    parser.add_argument(
        "--naive-pages", type=int, default=0, help="time naive OCR on only the first N pages"
    )
    parser.add_argument("--keep", type=Path, help="keep the generated report in this folder")
    args = parser.parse_args(argv)

    setup = ocr.ocr_setup(True, None)
    if not setup.available:
        print(f"cannot benchmark OCR: {setup.problem}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"raster-{args.pages}p.pdf"
        report = build_raster_report(path, paragraphs_for(args.pages))
        pages = report.raster_pages
        print(f"report: {path.name}, {len(pages)} raster pages, {len(report.expected)} matches")
        print(f"OCR languages: {setup.language} ({setup.tessdata})")

        result, total, ocr_stage = timed_engine(path)
        sample = pages[: args.naive_pages] if args.naive_pages else pages
        naive = naive_ocr(path, sample, setup)

    n = len(pages)
    naive_per_page = naive / len(sample)
    f1, exact = flag_f1(report.expected, result["flags"])
    print(f"engine, whole analysis     {total / n:7.3f} s/page")
    print(f"engine, raster+OCR stage   {ocr_stage / n:7.3f} s/page")
    print(f"naive OCR, 300 dpi         {naive_per_page:7.3f} s/page ({len(sample)} pages)")
    print(f"ratio OCR stage / naive    {ocr_stage / n / naive_per_page:7.3f}x  (target <= 0.2x)")
    print(f"ratio whole / naive        {total / n / naive_per_page:7.3f}x")
    print(f"flag F1 {f1:.4f}, exact text {exact:.4f} ({len(result['flags'])} flags found)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

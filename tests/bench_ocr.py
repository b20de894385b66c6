"""Benchmark (a script, not a test): the engine's OCR cost on a raster report against naive
full-page OCR at 300 dpi of the same pages, measured in the same process, and the flag F1 of the
run against the generator's truth.

    python -m tests.bench_ocr [--pages 35] [--naive-pages N] [--keep DIR] [--ocr-processes N]
                              [--style classic|image|tint] [--seed N] [--processes N]

The report is a Turnitin-classic-like raster report made by `tests/pdfbuilder/raster.py`: a
match of 4-30 words about every `--every` words (default 70: about a quarter of the text marked,
as in the shared corpus's Turnitin classic report). With `--style image` it is an image-segment
report (FORMATS.md §6.1, `tests/pdfbuilder/image_report.py`) of seeded random style and
matches (`--seed`): segments and badges are images, badge digits are pixels. With `--style
tint` it is a classic report after `ocrmypdf` (§6.3, `tests/pdfbuilder/tint_report.py`): each
page one 400-dpi JPEG with the tints and badges baked in, under an invisible text layer, so
nothing but badge digits is read by OCR and the page image's pixels are the cost. OCR cost grows
with the text under marks (Tesseract's cost is per recognised line, nearly independent of
resolution), so the ratio is printed with the marked share and the marked words a page. Times
are CPU seconds of this process (the machine is shared; wall-clock is printed too); the engine
runs before and after the naive pass and the mean of its two runs is printed. Target: engine
OCR CPU seconds per page <= 0.10x naive.

Then the whole analysis runs once more as the app and the CLI run it on this machine, with
`--ocr-processes` (default: the number of cores) reading raster pages at once (OCR threads with
tesserocr, helper processes with MuPDF's Tesseract): its wall-clock seconds per page against
naive OCR's (target <= 0.06x), and its CPU seconds counted over all its threads and processes,
so that what parallel reading costs in CPU is in view too. The engine reads with the OCR
backend `ocr_backend.load_backend` picks (DOCFLAGS_OCR_BACKEND=mupdf for the fallback); naive
OCR is always PyMuPDF's `get_textpage_ocr`, as PyMuPDF's documentation shows it.

With `--processes N` both also run as whole processes, alternated, best of N: `docflags analyze
REPORT --format json` (start-up, worker, OCR threads, history write: what a user waits for)
against naive OCR of the same pages in a `python -c` process of its own, wall-clock per page.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pymupdf

from docflags_gui.analysis import (
    AnalysisOptions,
    analyze_pdf,
    engine,
    raster,
    tessdata,
    tint_flags,
)
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.model import Flag
from docflags_gui.analysis.ocr_backend import BACKEND_ENV, load_backend
from docflags_gui.result import ResultDocument, ResultFlag
from docflags_gui.worker import launch
from tests.bench_cli import best_of, docflags_command
from tests.pdfbuilder.annotated import Expected
from tests.pdfbuilder.image_report import build_image_report
from tests.pdfbuilder.raster import (
    RasterReport,
    build_raster_report,
    manuscript_text,
    spaced_matches,
    write_manuscript,
)
from tests.pdfbuilder.tint_report import build_tint_report

# Targets: the OCR stage's CPU per page against naive OCR's, and the wall-clock of a whole
# analysis with OCR on every core against naive OCR's.
TARGET_CPU = 0.10
TARGET_WALL = 0.06
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


def classic_report(
    folder: Path, pages: int, every: int
) -> tuple[Path, list[Expected], list[int], float]:
    """A Turnitin-classic-like raster report of `pages` pages, a match about every `every`
    words: its path, expected flags, raster pages (1-based) and the share of words marked."""
    path = folder / f"raster-{pages}p.pdf"
    paragraphs = paragraphs_for(pages)
    report = build_raster_report(
        path, paragraphs, lambda flow: spaced_matches(flow, every=every), summary=True
    )
    marked = sum(len(e.text.split()) for e in report.expected)
    return (
        path,
        report.expected,
        report.raster_pages,
        marked / sum(len(p.split()) for p in paragraphs),
    )


def image_report(
    folder: Path, pages: int, seed: int
) -> tuple[Path, list[Expected], list[int], float]:
    """An image-segment report (§6.1) of about `pages` pages from `seed`: as `classic_report`
    (the share of words marked counted on the pages' OCR text at 300 dpi would cost minutes:
    it is the marked words over the manuscript's words instead)."""
    path = folder / f"image-{pages}p-s{seed}.pdf"
    report = build_image_report(path, seed=seed, paragraphs=round(pages * 6.5))
    doc = pymupdf.open(path)
    raster_pages = [i + 1 for i in range(doc.page_count) if doc[i].get_images()]
    marked = sum(len(e.text.split()) for e in report.expected)
    return path, report.expected, raster_pages, marked / max(1, report.words)


def tint_report(
    folder: Path, pages: int, seed: int
) -> tuple[Path, list[Expected], list[int], float]:
    """A classic report after `ocrmypdf` (§6.3) of about `pages` pages from `seed`: as
    `classic_report`, its text from the invisible layer."""
    path = folder / f"tint-{pages}p-s{seed}.pdf"
    source: RasterReport = build_tint_report(path, seed=seed, paragraphs=pages * 4).source
    doc = pymupdf.open(path)
    raster_pages = [i + 1 for i in range(doc.page_count) if doc[i].get_images()]
    marked = sum(len(e.text.split()) for e in source.expected)
    return path, source.expected, raster_pages, marked / max(1, len(source.words))


def flag_f1(expected: Sequence[Expected], flags: Sequence[ResultFlag]) -> tuple[float, float]:
    """(flag F1, share of matched flags with exactly the expected text)."""
    used: set[int] = set()
    pairs: list[tuple[Expected, ResultFlag]] = []
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


@dataclass
class Clock:
    """CPU and wall-clock seconds."""

    cpu: float = 0.0
    wall: float = 0.0

    @contextmanager
    def running(self) -> Iterator[None]:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu += time.process_time() - cpu
            self.wall += time.perf_counter() - wall


def parallel_engine(path: Path, processes: int) -> tuple[ResultDocument, Clock]:
    """The whole analysis with `processes` OCR processes (this one and helpers) and, where the
    worker would start one, its read-ahead helper (a scan's pictures are searched there too):
    wall-clock, and CPU seconds of this process and of the helpers (reaped before analyze_pdf
    returns)."""
    options = AnalysisOptions(
        ocr_processes=processes,
        ocr_helper_command=tuple(launch.ocr_helper_command()),
        read_ahead_command=tuple(launch.read_ahead_command()),
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = Clock()
    with clock.running():
        result = analyze_pdf(path, options).to_dict()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock.cpu += (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    return result, clock


def timed_engine(path: Path) -> tuple[ResultDocument, Clock, Clock]:
    """Analyse `path`; returns the result, the whole analysis' time and the raster stage's
    (OCR of marks on page images, and tints baked into them)."""
    stage = Clock()
    original = engine.DETECTORS

    class TimedRasterMarks(raster.RasterMarks):
        def find(self, page: PageContext) -> list[Flag]:
            with stage.running():
                return super().find(page)

    class TimedTintedText(tint_flags.TintedText):
        def find(self, page: PageContext) -> list[Flag]:
            with stage.running():
                return super().find(page)

    timed: dict[type[Detector], type[Detector]] = {
        raster.RasterMarks: TimedRasterMarks,
        tint_flags.TintedText: TimedTintedText,
    }
    engine.DETECTORS = tuple(timed.get(d, d) for d in original)
    whole = Clock()
    try:
        with whole.running():
            result = analyze_pdf(path, AnalysisOptions()).to_dict()
    finally:
        engine.DETECTORS = original
    return result, whole, stage


def naive_ocr(path: Path, pages: Sequence[int], setup: tessdata.OcrSetup) -> Clock:
    """Full-page OCR at 300 dpi of `pages` (1-based), as PyMuPDF's docs show it."""
    doc = pymupdf.open(path)
    clock = Clock()
    with clock.running():
        for number in pages:
            doc[number - 1].get_textpage_ocr(
                dpi=300, full=True, language=setup.language, tessdata=str(setup.tessdata)
            )
    return clock


# Naive OCR as a process of its own: the report, the language, the tessdata folder, then the
# page numbers (from 1) to read.
NAIVE_PROCESS = (
    "import sys, pymupdf\n"
    "doc = pymupdf.open(sys.argv[1])\n"
    "for number in sys.argv[4:]:\n"
    "    doc[int(number) - 1].get_textpage_ocr(\n"
    "        dpi=300, full=True, language=sys.argv[2], tessdata=sys.argv[3]\n"
    "    )\n"
)


def whole_processes(
    path: Path, pages: Sequence[int], sample: Sequence[int], setup: tessdata.OcrSetup, repeat: int
) -> tuple[float, float]:
    """`docflags analyze` of the report against naive OCR of `sample`, as whole processes:
    the best wall-clock seconds a page of each."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DOCFLAGS_DATA_DIR": str(Path(tmp) / "data")}
        naive = [sys.executable, "-c", NAIVE_PROCESS, str(path), setup.language]
        naive += [str(setup.tessdata), *map(str, sample)]
        ours = docflags_command("analyze", str(path), "--format", "json")
        best = best_of(repeat, {"docflags": ours, "naive": naive}, env)
    return best["docflags"].wall / len(pages), best["naive"].wall / len(sample)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=35, help="raster pages in the report")
    parser.add_argument(
        "--naive-pages", type=int, default=0, help="time naive OCR on only the first N pages"
    )
    parser.add_argument("--every", type=int, default=70, help="a match about every N words")
    parser.add_argument("--keep", type=Path, help="keep the generated report in this folder")
    parser.add_argument(
        "--style",
        choices=("classic", "image", "tint"),
        default="classic",
        help="classic: marks drawn as vector fills (default); image: §6.1 image segments; "
        "tint: §6.3 tints baked into 400-dpi scans under an invisible text layer",
    )
    parser.add_argument("--seed", type=int, default=7, help="the image or tint report's seed")
    parser.add_argument(
        "--processes",
        type=int,
        default=0,
        metavar="N",
        help="also time both as whole processes, alternated, best of N (default: 0, not)",
    )
    parser.add_argument(
        "--ocr-processes",
        type=int,
        default=os.cpu_count() or 1,
        help="OCR processes for the parallel run (default: the number of cores; 1 skips it)",
    )
    args = parser.parse_args(argv)

    setup = tessdata.ocr_setup(True, None)
    if not setup.available:
        print(f"cannot benchmark OCR: {setup.problem}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.style == "image":
            path, expected, pages, share = image_report(folder, args.pages, args.seed)
        elif args.style == "tint":
            path, expected, pages, share = tint_report(folder, args.pages, args.seed)
        else:
            path, expected, pages, share = classic_report(folder, args.pages, args.every)
        marked = sum(len(e.text.split()) for e in expected)
        print(
            f"report: {path.name}, {len(pages)} raster pages, {len(expected)} matches, "
            f"{share:.0%} of the words marked ({marked / len(pages):.0f} words a page)"
        )
        backend = load_backend()
        print(
            f"OCR backend: {backend.name} ({backend.version}; choose with "
            f"{BACKEND_ENV}=tesserocr|mupdf); languages: {setup.language} ({setup.tessdata})"
        )

        # Engine, naive, engine again: the machine's load drifts, and the mean of the two
        # engine runs sees about the load the naive run saw.
        result, whole, stage = timed_engine(path)
        sample = pages[: args.naive_pages] if args.naive_pages else pages
        naive = naive_ocr(path, sample, setup)
        _, whole_again, stage_again = timed_engine(path)
        parallel = None
        if args.ocr_processes > 1:
            parallel = parallel_engine(path, args.ocr_processes)
        processes = None
        if args.processes > 0:
            processes = whole_processes(path, pages, sample, setup, args.processes)
        for clock, again in ((whole, whole_again), (stage, stage_again)):
            clock.cpu = (clock.cpu + again.cpu) / 2
            clock.wall = (clock.wall + again.wall) / 2

    n, k = len(pages), len(sample)
    f1, exact = flag_f1(expected, result["flags"])
    print("                            CPU s/page   wall s/page")
    print(f"engine, whole analysis     {whole.cpu / n:10.3f}   {whole.wall / n:10.3f}")
    print(f"engine, raster stage       {stage.cpu / n:10.3f}   {stage.wall / n:10.3f}")
    print(f"naive OCR at 300 dpi       {naive.cpu / k:10.3f}   {naive.wall / k:10.3f}  ({k} pages)")
    print(
        f"ratio OCR stage / naive    {stage.cpu / n / (naive.cpu / k):10.3f}x  "
        f"{stage.wall / n / (naive.wall / k):9.3f}x  (target CPU <= {TARGET_CPU}x)"
    )
    print(
        f"ratio whole / naive        {whole.cpu / n / (naive.cpu / k):10.3f}x  "
        f"{whole.wall / n / (naive.wall / k):9.3f}x"
    )
    # OCR reads only the marked words, and Tesseract's cost follows the text it reads (each
    # line is scaled to the recogniser's fixed height): the ratio is about the marked share
    # times this per-word factor, which is what the engine's own choices decide.
    per_word = stage.cpu / n / (naive.cpu / k) / share if share else 0.0
    print(f"ratio per marked share     {per_word:10.3f}   (OCR cost per word read, naive = 1)")
    print(f"flag F1 {f1:.4f}, exact text {exact:.4f} ({len(result['flags'])} flags found)")
    if parallel is not None:
        parallel_result, clock = parallel
        f1, exact = flag_f1(expected, parallel_result["flags"])
        same = parallel_result["flags"] == result["flags"]
        print(
            f"with {args.ocr_processes} OCR processes (os.cpu_count() = {os.cpu_count()}), "
            "whole analysis:"
        )
        print(
            f"  wall {clock.wall / n:.3f} s/page = {clock.wall / n / (naive.wall / k):.3f}x "
            f"naive OCR's wall-clock (target <= {TARGET_WALL}x); CPU of all processes "
            f"{clock.cpu / n:.3f} s/page = {clock.cpu / n / (naive.cpu / k):.3f}x naive"
        )
        # CPU over wall-clock: the cores the run got. On a shared machine with Linux's
        # autogroup scheduling, a process's threads share one session's slice, so the
        # parallel run may get no more than the one-thread runs did (compare the two).
        print(
            f"  cores used: {clock.cpu / clock.wall:.2f} (one-thread run "
            f"{whole.cpu / whole.wall:.2f}, naive {naive.cpu / naive.wall:.2f})"
        )
        print(
            f"  flag F1 {f1:.4f}, exact text {exact:.4f}, "
            f"flags {'identical to' if same else 'DIFFERENT from'} the one-process run"
        )
    if processes is not None:
        ours, theirs = processes
        print(f"as whole processes, best of {args.processes}, alternated:")
        print(
            f"  docflags analyze {ours:.3f} s/page, naive OCR {theirs:.3f} s/page: "
            f"{ours / theirs:.3f}x (target <= {TARGET_WALL}x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

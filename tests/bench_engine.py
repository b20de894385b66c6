"""Benchmark: the engine on generated 300-page reports against a bare PyMuPDF pass (not a test).

    python -m tests.bench_engine [--pages 300] [--repeat 3] [--profile] [--pdf PATH]
                                 [--realistic-pdf PATH]

Two reports, each measured on its own:

- realistic (the headline for the 1.5x target): a new-Turnitin-like similarity report, as such
  reports come: a front page, then the submission's pages with their text layer, running header
  and footer, and on each page a few matches drawn as translucent polygons over the text, one
  per line run, with a numbered square in the margin (see build_realistic_report);
- worst case: every kind of flag on every page (fills with boxed superscripts, polygons with
  margin squares, a highlight and an underline annotation, coloured text), then a sources list
  (see build_report). No real report looks like this; it shows what the engine costs when every
  detector has work on every page, coloured text needing MuPDF's span extraction included.

The baseline opens the same file and, for every page, extracts words, drawings and annotations
(with their vertices): the least any analysis must do. Both run in this process, alternately,
best of `--repeat`. Target: the engine within 1.5x the bare pass. `--profile` adds a cProfile of
one engine run per report, by cumulative and by own time, to show where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from tests.pdfbuilder import annotated, drawn, report
from tests.pdfbuilder.core import (
    A4,
    PlacedLine,
    PlacedWord,
    font,
    hex_color,
    save_pdf,
    word_boxes,
    wrap_words,
)

TARGET_RATIO = 1.5
MARGIN = 60.0
FONTSIZE = 10.0
LEADING = 14.0
SOURCE_COLORS = ["#f86371", "#f68e4a", "#f4e4aa", "#c1ecdf", "#fd7366", "#2196f2", "#9c26b0"]
VOCABULARY_TEXT = (
    "the study of reading habits among students shows that daily practice improves vocabulary "
    "comprehension and motivation while teachers report that short sessions work best when "
    "learners choose their own books and discuss them with peers in small groups across "
    "faculties universities schools libraries programmes surveys interviews results analysis "
    "method sample data evidence framework theory practice literacy development assessment"
)
VOCABULARY = VOCABULARY_TEXT.split(" ")


TII_COLORS = [drawn.TII_RED, drawn.TII_ORANGE, drawn.TII_YELLOW, drawn.TII_GREEN]
LINES_PER_PAGE = 48


def _body_lines(rng: random.Random, number: int) -> list[PlacedLine]:
    """A page of random text: where each word lies (written by the caller)."""
    width = A4[0] - 2 * MARGIN
    text = " ".join(rng.choice(VOCABULARY) for _ in range(520))
    lines: list[PlacedLine] = []
    baseline = MARGIN + 20
    for line_text in wrap_words(text, width, FONTSIZE)[:LINES_PER_PAGE]:
        boxes = word_boxes(line_text, (MARGIN, baseline), FONTSIZE)
        words = [PlacedWord(w, rect, number, FONTSIZE) for w, rect in boxes]
        lines.append(PlacedLine(number, words, baseline, FONTSIZE))
        baseline += LEADING
    return lines


def build_realistic_report(path: Path, pages: int, seed: int = 11) -> Path:
    """A new-Turnitin-like report: an "Integrity Overview" front page, then `pages` pages of
    text with a running header ("Page 2 of 301 - Integrity Submission") and footer ("Submission
    ID trn:oid:::..."), each with three matches of one to four lines drawn as translucent
    polygons over the text (one per line run, fill alpha 0.4, in the match-group colours) and a
    numbered margin square level with each match's first line."""
    rng = random.Random(seed)
    helv = font("helv")
    doc = pymupdf.open()
    total = pages + 1
    report.tii_new_overview(doc, 23, total)
    for number in range(2, total + 1):
        page = doc.new_page(width=A4[0], height=A4[1])
        writer = pymupdf.TextWriter(page.rect)
        writer.append((MARGIN, 30), f"Page {number} of {total} - Integrity Submission", helv, 7)
        writer.append(
            (MARGIN, A4[1] - 24), f"Submission ID trn:oid:::1:{3000000 + number}", helv, 7
        )
        lines = _body_lines(rng, number)
        for line in lines:
            writer.append((MARGIN, line.baseline), line.text, helv, FONTSIZE)
        writer.write_text(page)
        # Three matches in separate thirds of the page, so that they never share a line.
        third = len(lines) // 3
        for part in range(3):
            start = part * third + rng.randrange(0, third - 5)
            count = rng.randrange(1, 5)
            runs = [drawn.Run(lines[start + i]) for i in range(count)]  # whole lines
            first = rng.randrange(0, len(runs[0].line.words) // 2)
            last_words = len(runs[-1].line.words)
            last = rng.randrange(first + 2 if count == 1 else 2, last_words - 1)
            runs[0] = drawn.Run(runs[0].line, first, -1 if count > 1 else last)
            if count > 1:
                runs[-1] = drawn.Run(runs[-1].line, 0, last)
            color = rng.choice(TII_COLORS)
            drawn.polygons_over(page, runs, color)
            drawn.margin_badge(page, runs[0], rng.randrange(1, 30), color)
    return save_pdf(doc, path)


def build_report(path: Path, pages: int, seed: int = 7) -> Path:
    """A long similarity report: dense text; on each page an opaque fill behind text across two
    lines with a boxed superscript source number, a translucent polygon over text with a margin
    square, a highlight with a comment, an underline, coloured text; a running header and
    footer; then an ORIGINALITY REPORT summary page. Marks come from the fixture builders
    (tests/pdfbuilder/drawn.py, annotated.py, report.py)."""
    rng = random.Random(seed)
    helv = font("helv")
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=A4[0], height=A4[1])
        # TextWriter puts a page's text in one content stream: insert_text per line would make
        # building 300 pages take longer than analysing them.
        writer = pymupdf.TextWriter(page.rect)
        coloured = pymupdf.TextWriter(page.rect, color=hex_color(SOURCE_COLORS[6]))
        writer.append((MARGIN, 36), f"Submission ID trn:oid:::1:{3000000 + number}", helv, 8)
        writer.append((A4[0] / 2 - 20, A4[1] - 30), f"Page {number} of {pages}", helv, 8)
        lines = _body_lines(rng, number)
        marked = sorted(rng.sample(range(2, len(lines) - 3, 3), 5))
        for index, line in enumerate(lines):
            origin = (MARGIN, line.baseline)
            if index == marked[4]:  # coloured text: the second half of the line
                half = len(line.words) // 2
                writer.append(origin, line.span_text(0, half - 1) + " ", helv, FONTSIZE)
                coloured.append(
                    (line.words[half].rect[0], line.baseline),
                    line.span_text(half, -1),
                    helv,
                    FONTSIZE,
                )
            else:
                writer.append(origin, line.text, helv, FONTSIZE)
        writer.write_text(page)
        coloured.write_text(page)
        _marks(page, rng, [lines[i] for i in marked[:4]], lines)
    report.classic_summary(doc, 38, (30, 12, 9), SUMMARY_ROWS)
    return save_pdf(doc, path)


SUMMARY_ROWS = [
    report.SourceRow(n, f"repository{n}.example.ac.id", "Internet Source", f"{13 - n}%")
    for n in range(1, 12)
]


def _marks(
    page: pymupdf.Page, rng: random.Random, chosen: list[PlacedLine], lines: list[PlacedLine]
) -> None:
    fill_line, polygon_line, highlight_line, underline_line = chosen
    colors = rng.sample(SOURCE_COLORS[:6], 4)
    # An opaque fill behind a passage running over two lines, then a boxed source number.
    following = lines[lines.index(fill_line) + 1]
    runs = [
        drawn.Run(fill_line, rng.randrange(len(fill_line.words) // 2), -1),
        drawn.Run(following, 0, rng.randrange(2, len(following.words) - 2)),
    ]
    drawn.fill_behind(page, runs, colors[0])
    drawn.superscript_badge(page, runs[-1], rng.randrange(1, 12), colors[0])
    # A translucent polygon over the text, with a numbered square in the margin.
    run = _random_run(rng, polygon_line)
    drawn.polygons_over(page, [run], colors[1])
    drawn.margin_badge(page, run, rng.randrange(1, 12), colors[1])
    # Markup annotations.
    annotated.add_markup(
        page, "highlight", [_random_run(rng, highlight_line).rect], colors[2], comment="check"
    )
    annotated.add_markup(page, "underline", [_random_run(rng, underline_line).rect], colors[3])


def _random_run(rng: random.Random, line: PlacedLine) -> drawn.Run:
    first = rng.randrange(0, len(line.words) // 2)
    return drawn.Run(line, first, rng.randrange(first + 2, len(line.words) - 1))


def bare_pass(path: Path) -> int:
    """What any analysis must at least do: words, drawings and annotations of every page."""
    count = 0
    with pymupdf.open(path) as doc:
        for page in doc:
            count += len(page.get_text("words"))
            count += len(page.get_drawings())
            for annot in page.annots():
                count += len(annot.vertices or ())
    return count


def engine_pass(path: Path) -> int:
    return len(analyze_pdf(path, AnalysisOptions()).flags)


def best_of(repeat: int, runs: list[tuple[str, Callable[[], int]]]) -> dict[str, float]:
    """Best time of each callable over `repeat` rounds, run alternately (same cache state)."""
    best = {name: float("inf") for name, _ in runs}
    for _ in range(repeat):
        for name, run in runs:
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def worker_seconds(path: Path) -> float:
    """One end-to-end run of the worker subprocess (start-up, protocol, JSON) for reference."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "docflags_gui", "--worker", "--input", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


# Where the engine's time goes: MuPDF extraction calls, then each detector (cumulative time,
# which includes the extraction a detector is the first to ask for).
STAGES = (
    ("MuPDF: text page", "page_get_textpage"),
    ("MuPDF: words", "extractWORDS"),
    ("MuPDF: spans (dict)", "JM_make_textpage_dict"),
    ("MuPDF: chars (rawdict)", "extractRAWDICT"),
    ("MuPDF: drawings", "get_cdrawings"),
    ("summary pages", "read_summary_page"),
    ("annotations", "find_annotation_flags"),
    ("drawn marks", "find_drawn_flags"),
    ("raster marks", "find_raster_flags"),
    ("coloured text", "find_colored_text_flags"),
    ("joining", "join_across_pages"),
)


def profile_engine(path: Path, lines: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    engine_pass(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = max(ct for (_, _, _, ct, _) in stats.stats.values())  # type: ignore[attr-defined]
    out.write(f"engine under cProfile: {total:.2f} s; by stage (cumulative):\n")
    for label, function in STAGES:
        seconds = sum(
            ct
            for (_, _, name), (_, _, _, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
            if name == function or name.endswith(f".{function}") or name == f"<{function}>"
        )
        out.write(f"  {label:<24} {seconds:6.2f} s  {100 * seconds / total:5.1f} %\n")
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    return out.getvalue()


def measure(title: str, path: Path, repeat: int) -> float:
    """Print the engine's time against the bare pass on `path`; returns the ratio."""
    with pymupdf.open(path) as doc:
        pages = doc.page_count
    flags = engine_pass(path)  # warm-up, and the flag count for the record
    best = best_of(
        repeat, [("bare", lambda: bare_pass(path)), ("engine", lambda: engine_pass(path))]
    )
    ratio = best["engine"] / best["bare"]
    per_page = {name: 1000 * seconds / pages for name, seconds in best.items()}
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"{title}: {pages} pages, {flags} flags")
    print(
        f"  bare PyMuPDF pass: {best['bare']:.2f} s  ({per_page['bare']:.1f} ms/page)  "
        f"[words + drawings + annotations, best of {repeat}]"
    )
    print(
        f"  engine:            {best['engine']:.2f} s  ({per_page['engine']:.1f} ms/page)  "
        f"[analyze_pdf, best of {repeat}]"
    )
    print(f"  ratio:             {ratio:.2f}x  (target <= {TARGET_RATIO}x: {verdict})")
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--pdf", type=Path, help="keep the generated worst-case report here")
    parser.add_argument(
        "--realistic-pdf", type=Path, help="keep the generated realistic report here"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        realistic = args.realistic_pdf or Path(tmp) / f"realistic-{args.pages}.pdf"
        worst = args.pdf or Path(tmp) / f"report-{args.pages}.pdf"
        for path, build in ((realistic, build_realistic_report), (worst, build_report)):
            start = time.perf_counter()
            build(path, args.pages)
            print(
                f"generated {path.name}: {args.pages} pages, {path.stat().st_size // 1024} KB "
                f"in {time.perf_counter() - start:.1f} s"
            )
        measure(
            "realistic report (new-Turnitin-like: polygons, margin squares, header/footer)",
            realistic,
            args.repeat,
        )
        measure(
            "worst case (every kind on every page, coloured text included)",
            worst,
            args.repeat,
        )
        print(
            f"worker end to end: {worker_seconds(worst):.2f} s  "
            "[one subprocess run on the worst case, for reference]"
        )
        if args.profile:
            print(profile_engine(realistic))
            print(profile_engine(worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())

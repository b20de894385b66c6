"""Benchmark: the engine on a generated 300-page report against a bare PyMuPDF pass (not a test).

    python -m tests.bench_engine [--pages 300] [--repeat 3] [--profile] [--pdf PATH]

The baseline opens the same file and, for every page, extracts words, drawings and annotations
(with their vertices): the least any analysis must do. Both run in this process, alternately,
best of `--repeat`. Target: the engine within 1.5x the bare pass. `--profile` adds a cProfile of
one engine run, by cumulative and by own time, to show where the time goes.
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
from tests.pdfbuilder.core import A4, font, hex_color, save_pdf, word_boxes, wrap_words

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


def build_report(path: Path, pages: int, seed: int = 7) -> Path:
    """A long similarity-report-like PDF: dense text; on each page opaque fills behind text,
    translucent polygons over text, a markup annotation with a comment, coloured text, and
    superscript source numbers; running header and footer."""
    rng = random.Random(seed)
    helv = font("helv")
    doc = pymupdf.open()
    width = A4[0] - 2 * MARGIN
    for number in range(1, pages + 1):
        page = doc.new_page(width=A4[0], height=A4[1])
        writer = pymupdf.TextWriter(page.rect)
        coloured = pymupdf.TextWriter(page.rect, color=hex_color(SOURCE_COLORS[6]))
        writer.append((MARGIN, 36), f"Submission ID trn:oid:::1:{3000000 + number}", helv, 8)
        writer.append((A4[0] / 2 - 20, A4[1] - 30), f"Page {number} of {pages}", helv, 8)
        text = " ".join(rng.choice(VOCABULARY) for _ in range(520))
        lines = wrap_words(text, width, FONTSIZE)
        baseline = MARGIN + 20
        marked = sorted(rng.sample(range(2, min(len(lines), 48) - 2), 5))
        for index, line in enumerate(lines[:48]):
            origin = (MARGIN, baseline)
            boxes = word_boxes(line, origin, FONTSIZE)
            if index == marked[4]:  # coloured text: the second half of the line
                half = len(boxes) // 2
                writer.append(origin, " ".join(w for w, _ in boxes[:half]) + " ", helv, FONTSIZE)
                coloured.append(
                    (boxes[half][1][0], baseline),
                    " ".join(w for w, _ in boxes[half:]),
                    helv,
                    FONTSIZE,
                )
            else:
                writer.append(origin, line, helv, FONTSIZE)
            _mark_line(page, rng, index, marked, boxes)
            baseline += LEADING
        writer.write_text(page)
        coloured.write_text(page)
    return save_pdf(doc, path)


def _mark_line(
    page: pymupdf.Page,
    rng: random.Random,
    index: int,
    marked: list[int],
    boxes: list[tuple[str, tuple[float, float, float, float]]],
) -> None:
    if index not in marked[:4] or len(boxes) < 6:
        return
    first = rng.randrange(0, len(boxes) // 2)
    last = rng.randrange(first + 2, len(boxes))
    x0, y0 = boxes[first][1][0], boxes[first][1][1]
    x1, y1 = boxes[last][1][2], boxes[last][1][3]
    rect = pymupdf.Rect(x0, y0, x1, y1)
    color = hex_color(rng.choice(SOURCE_COLORS[:6]))
    which = marked.index(index)
    if which == 0:  # opaque fill behind the text
        page.draw_rect(rect, color=None, fill=color, overlay=False)
    elif which == 1:  # translucent polygon over the text
        shape = page.new_shape()
        shape.draw_polyline([rect.tl, rect.tr, rect.br, rect.bl])
        shape.finish(color=None, fill=color, fill_opacity=0.4, closePath=True)
        shape.commit()
    elif which == 2:  # a highlight annotation with a comment
        annot = page.add_highlight_annot(quads=[rect])
        annot.set_info(content=f"comment on line {index}")
        annot.update()
    else:  # an underline annotation
        annot = page.add_underline_annot(quads=[rect])
        annot.update()
    if which < 2 and last + 1 < len(boxes):  # a superscript source number after the passage
        page.insert_text((x1 + 0.5, y1 - 6), str(rng.randrange(1, 12)), fontsize=6)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--pdf", type=Path, help="keep the generated report here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.pdf or Path(tmp) / f"report-{args.pages}.pdf"
        start = time.perf_counter()
        build_report(path, args.pages)
        print(
            f"generated {path.name}: {args.pages} pages, {path.stat().st_size // 1024} KB "
            f"in {time.perf_counter() - start:.1f} s"
        )
        flags = engine_pass(path)  # warm-up, and the flag count for the record
        best = best_of(
            args.repeat, [("bare", lambda: bare_pass(path)), ("engine", lambda: engine_pass(path))]
        )
        ratio = best["engine"] / best["bare"]
        per_page = {name: 1000 * seconds / args.pages for name, seconds in best.items()}
        print(f"flags found:       {flags}")
        print(
            f"bare PyMuPDF pass: {best['bare']:.2f} s  ({per_page['bare']:.1f} ms/page)  "
            f"[words + drawings + annotations, best of {args.repeat}]"
        )
        print(
            f"engine:            {best['engine']:.2f} s  ({per_page['engine']:.1f} ms/page)  "
            f"[analyze_pdf, best of {args.repeat}]"
        )
        verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(f"ratio:             {ratio:.2f}x  (target <= {TARGET_RATIO}x: {verdict})")
        print(
            f"worker end to end: {worker_seconds(path):.2f} s  [one subprocess run, for reference]"
        )
        if args.profile:
            print(profile_engine(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())

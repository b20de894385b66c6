"""Benchmark: one page with thousands of highlights, against a bare PyMuPDF pass (not a test).

    python -m tests.bench_annotations [--counts 2000 5000 10000] [--repeat 2]

Each page is the hostile corpus's `many_highlights` (64 lines of text, highlights of one line
each at random places). The baseline opens the same file and reads what any analysis must:
the annotations (walked in MuPDF's list), their colours and QuadPoints, the page's drawings
and words. The engine's time should grow like the baseline's, linearly: before the
annotation index and the grid (issue 14), 2,000 highlights took 12.6 s and 10,000 took 224 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pymupdf

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from tests.hostile.corpus import many_highlights


def bare_pass(path: Path) -> int:
    doc = pymupdf.open(path)
    page = doc[0]
    count = 0
    annot = page.first_annot
    while annot is not None:
        _ = annot.colors, annot.rect, doc.xref_get_key(annot.xref, "QuadPoints")
        count += 1
        annot = annot.next
    page.get_cdrawings()
    page.get_text("words")
    doc.close()
    return count


def best_of(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[2000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    options = AnalysisOptions(ocr=False)
    print(f"{'highlights':>10}  {'engine s':>9}  {'bare s':>7}  {'ratio':>6}  {'ms/highlight':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for count in args.counts:
            path = Path(folder) / f"highlights-{count}.pdf"
            path.write_bytes(many_highlights(count)())
            engine = best_of(args.repeat, lambda p=path: analyze_pdf(p, options))
            bare = best_of(args.repeat, lambda p=path: bare_pass(p))
            print(
                f"{count:>10}  {engine:>9.2f}  {bare:>7.2f}  {engine / bare:>6.1f}"
                f"  {1000 * engine / count:>12.2f}"
            )


if __name__ == "__main__":
    main()

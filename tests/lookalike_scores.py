"""Figures from the look-alike and thin-quad fixture builders (FORMATS.md §6.6 and §6.5).

    python -m tests.lookalike_scores [--seeds 1-40] [--verbose]

lookalikes: papers with citation numbers in link rects (all, some or none linked), hyperlinks
and link-styled text, a bar chart with its legend, a figure panel and FreeText notes, among
real highlights, underlines and coloured passages (`tests/pdfbuilder/lookalikes.py`). Real
flags must come out exact; every other flag is a false positive.
thin-quads: a scan-like page with an invisible text layer and highlight bands at 16/26/45 % of
the font box (`tests/pdfbuilder/thin_quads.py`); a flag read by OCR means the page was taken
for a scan.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from tests.pdfbuilder.lookalikes import build_paper
from tests.pdfbuilder.thin_quads import build_thin_quads

BUILDERS = {"lookalikes": build_paper, "thin-quads": build_thin_quads}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1-40")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    lo, _, hi = args.seeds.partition("-")
    seeds = range(int(lo), int(hi or lo) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in BUILDERS.items():
            total: Counter[str] = Counter()
            for seed in seeds:
                path = Path(tmp) / f"{name}-{seed}.pdf"
                expected = [(e.page, e.kind, e.text, e.color) for e in build(path, seed)]
                flags = analyze_pdf(path, AnalysisOptions(ocr=False)).flags
                found = [(f.page, f.kind, f.text, f.color) for f in flags]
                left = list(found)
                for row in expected:
                    if row in left:
                        left.remove(row)
                        total["exact"] += 1
                total["expected"] += len(expected)
                total["false"] += len(left)
                total["ocr"] += sum(1 for f in flags if f.ocr)
                if args.verbose:
                    for row in left:
                        print(f"  {name} {seed}: not expected {row}")
            print(
                f"{name}: seeds {args.seeds}: {total['exact']}/{total['expected']} real flags "
                f"exact, {total['false']} other flags, {total['ocr']} read by OCR"
            )


if __name__ == "__main__":
    main()

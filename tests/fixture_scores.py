"""Per-encoding figures from the fixture builders: how many passages come out right.

    python -m tests.fixture_scores [--seeds 1-12] [--kinds overlay,ai,table]

overlay: new Turnitin's pdf-lib polygons (FORMATS.md §6.4); ai: AI-writing paragraphs (§6.4);
table: Turnitin classic matches over table cells on a page image (§6.2, text by OCR).

For each built report, every expected passage is paired with the flag on its page whose text is
most alike (difflib ratio); a passage is "exact" when the texts are equal, "within 90%" when the
ratio is at least 0.9, and its source is right when the numbers agree. Flags counts everything
the engine reported (so flags > passages means passages split or false positives).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from tests.pdfbuilder.ai_report import build_ai_report
from tests.pdfbuilder.annotated import Expected
from tests.pdfbuilder.overlay_report import build_overlay_report
from tests.pdfbuilder.table_report import build_table_report

Builder = Callable[[Path, int], list[Expected]]

BUILDERS: dict[str, Builder] = {
    "overlay": lambda path, seed: build_overlay_report(path, seed).expected,
    "ai": lambda path, seed: build_ai_report(path, seed).expected,
    "table": lambda path, seed: build_table_report(path, seed).expected,
}
NEEDS_OCR = frozenset({"table"})


def score(expected: list[Expected], flags: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    used: set[int] = set()
    out = {"passages": len(expected), "flags": len(flags), "exact": 0, "within90": 0, "source": 0}
    for e in expected:
        best, ratio = None, 0.0
        for i, f in enumerate(flags):
            if i in used or f["page"] != e.page:
                continue
            r = SequenceMatcher(None, e.text, f["text"] or "").ratio()
            if r > ratio:
                best, ratio = i, r
        if best is None or ratio < 0.5:
            continue
        used.add(best)
        out["exact"] += flags[best]["text"] == e.text
        out["within90"] += ratio >= 0.9
        out["source"] += flags[best]["source"] == e.source
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1-12")
    parser.add_argument("--kinds", default=",".join(BUILDERS))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    lo, _, hi = args.seeds.partition("-")
    seeds = range(int(lo), int(hi or lo) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds.split(","):
            total: dict[str, int] = {}
            for seed in seeds:
                path = Path(tmp) / f"{kind}-{seed}.pdf"
                expected = BUILDERS[kind](path, seed)
                options = AnalysisOptions(ocr=kind in NEEDS_OCR)
                result = analyze_pdf(path, options).to_dict()
                flags = [f for f in result["flags"] if f["kind"] == "drawn"]
                got = score(expected, flags)
                if args.verbose:
                    print(kind, seed, got)
                for key, value in got.items():
                    total[key] = total.get(key, 0) + value
            print(
                f"{kind}: seeds {lo}-{hi or lo}: {total['passages']} passages, "
                f"{total['flags']} flags, {total['exact']} exact, "
                f"{total['within90']} within 90%, {total['source']} with the right source"
            )


if __name__ == "__main__":
    main()

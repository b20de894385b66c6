"""Benchmark of match: 1,000 passages against a 300-page manuscript, and the old method.

    .venv/bin/python -m tests.bench_match [--pages 300] [--passages 1000] [--seed 1]

Prints, for a made-up manuscript of about 300 pages (tests/matching/generated.py) and passages
taken from it as reports damage them (tests/matching/cases.py: 40% with 3% OCR-style noise, 15%
with an ellipsis, about 5% decoys that occur nowhere):
- reading the manuscript as DOCX with docflags' reader, against python-docx's own
  `paragraph.text` loop over the same file (the baseline; it misses tables and content controls);
- matching all passages (index + alignment), with accuracy: passages whose match covers >= 90%
  of the true range (intersection over union), decoys matched (must be 0);
- the old method (difflib.SequenceMatcher ratio >= 0.7 against every paragraph) on a 20-passage
  sample: time per passage, extrapolated to all, and how often it picked the right paragraph.
Targets: matching <= 2 s, reading the DOCX <= 1 s. Not a test: figures, no assertions.
"""

from __future__ import annotations

import argparse
import difflib
import random
import tempfile
import time
from pathlib import Path

import docx

from docflags_gui.matching.docx_reader import read_docx
from docflags_gui.matching.passages import PassageMatcher
from docflags_gui.matching.text_reader import paragraph_spans
from tests.matching.cases import Case, make_cases
from tests.matching.generated import manuscript_paragraphs
from tests.matching.scoring import overlap
from tests.matching.writers import write_docx


def _cases(text: str, count: int, rng: random.Random) -> list[Case]:
    cases = make_cases(text, int(count * 1.6), rng)
    kept: list[Case] = []
    passages = 0
    for case in cases:
        if case.truth is not None:
            if passages == count:
                break
            passages += 1
        kept.append(case)
    return kept


def _old_method(text: str, cases: list[Case]) -> tuple[float, int]:
    """Seconds per passage and right paragraphs picked, comparing every paragraph by ratio."""
    spans = paragraph_spans(text)
    paragraphs = [text[a:b] for a, b in spans]
    right = 0
    started = time.perf_counter()
    for case in cases:
        best, best_ratio = -1, 0.7
        for number, paragraph in enumerate(paragraphs):
            ratio = difflib.SequenceMatcher(None, case.passage, paragraph).ratio()
            if ratio >= best_ratio:
                best, best_ratio = number, ratio
        if case.truth is not None and best >= 0:
            start, end = spans[best]
            right += start <= case.truth[0] < end
    return (time.perf_counter() - started) / max(1, len(cases)), right


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--passages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    paragraphs = manuscript_paragraphs(args.pages, rng)
    text = "\n\n".join(paragraphs)
    cases = _cases(text, args.passages, rng)
    kinds = {kind: sum(c.kind == kind for c in cases) for kind in sorted({c.kind for c in cases})}
    print(f"manuscript: {len(text):,} chars, {len(paragraphs):,} paragraphs, ~{args.pages} pages")
    print(f"passages: {sum(c.truth is not None for c in cases)} ({kinds})")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "manuscript.docx"
        write_docx(paragraphs, path, random.Random(args.seed))
        started = time.perf_counter()
        manuscript = read_docx(path)
        read_seconds = time.perf_counter() - started
        size = path.stat().st_size
        started = time.perf_counter()
        baseline = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        baseline_seconds = time.perf_counter() - started
    print(
        f"read DOCX ({size / 1e6:.1f} MB): docflags "
        f"{read_seconds:.2f} s, python-docx paragraph.text loop {baseline_seconds:.2f} s "
        f"(ratio {read_seconds / baseline_seconds:.2f}); {len(manuscript.text):,} vs "
        f"{len(baseline):,} chars; target <= 1 s"
    )

    started = time.perf_counter()
    matcher = PassageMatcher(text)
    indexed = time.perf_counter()
    placements = matcher.match_all([case.passage for case in cases])
    finished = time.perf_counter()
    good = decoys_matched = 0
    for case, placement in zip(cases, placements, strict=True):
        if case.truth is None:
            decoys_matched += placement is not None
        elif placement is not None and overlap((placement.start, placement.end), case.truth) >= 0.9:
            good += 1
    passages = sum(case.truth is not None for case in cases)
    decoys = len(cases) - passages
    print(
        f"match: {finished - started:.2f} s (index {indexed - started:.2f} s, "
        f"align {finished - indexed:.2f} s); target <= 2 s"
    )
    print(
        f"accuracy: {good}/{passages} passages ({100 * good / passages:.1f}%) with >= 90% overlap; "
        f"{decoys_matched}/{decoys} decoys matched"
    )

    sample = random.Random(args.seed).sample([c for c in cases if c.truth is not None], 20)
    per_passage, right = _old_method(text, sample)
    print(
        f"old method (difflib ratio >= 0.7 per paragraph), 20 passages: {per_passage:.2f} s per "
        f"passage (~{per_passage * passages / 60:.1f} min for {passages}), right paragraph "
        f"{right}/20; new method {(finished - started) / passages * 1000:.2f} ms per passage "
        f"(x{per_passage * passages / (finished - started):.0f} faster)"
    )


if __name__ == "__main__":
    main()

"""Match accuracy in every manuscript format: passages as reports damage them, repeats, decoys.

Manuscripts come from the shared corpus's synthetic `*.manuscript.txt` (each truth flag's
`manuscript` range) when present, and from the made-up prose generator always.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from docflags_gui.matching.passages import PassageMatcher
from docflags_gui.matching.readers import read_manuscript
from tests.conftest import CORPUS
from tests.matching.cases import (
    Case,
    in_report_order,
    make_cases,
    repeat_cases,
    repeat_paragraph,
)
from tests.matching.generated import manuscript_paragraphs
from tests.matching.scoring import OffsetMap, overlap
from tests.matching.writers import FORMATS, paragraphs_of, write_manuscript

SYNTHETIC = sorted((CORPUS / "synthetic").glob("*.manuscript.txt"))
MD_PREFIX = "# Manuscript\n\n"


def _score(
    tmp_path: Path, paragraphs: list[str], cases: list[Case], kind: str, seed: int
) -> tuple[int, int, list[str]]:
    """(passages placed with >= 90% overlap, passages, decoys matched) for one format."""
    plain = "\n\n".join(paragraphs) + "\n"
    path = write_manuscript(paragraphs, tmp_path / f"manuscript-{seed}.{kind}", seed)
    manuscript = read_manuscript(path)
    shift = len(MD_PREFIX) if kind == "md" else 0
    offsets = OffsetMap(manuscript.text, MD_PREFIX + plain if kind == "md" else plain)
    placements = PassageMatcher(manuscript.text).match_all([case.passage for case in cases])
    good, decoys = 0, []
    for case, placement in zip(cases, placements, strict=True):
        if case.truth is None:
            if placement is not None:
                decoys.append(case.passage)
            continue
        if placement is None:
            continue
        if kind in ("txt", "md"):
            assert (
                manuscript.text[placement.start : placement.end]
                == plain[placement.start - shift : placement.end - shift]
            )
        start, end = offsets.to_plain(placement.start, placement.end)
        good += overlap((start - shift, end - shift), case.truth) >= 0.9
    return good, sum(case.truth is not None for case in cases), decoys


def _corpus_cases(manuscript: Path, seed: int) -> tuple[list[str], list[Case]]:
    rng = random.Random(seed)
    paragraphs, repeated = repeat_paragraph(paragraphs_of(manuscript.read_text("utf-8")), rng)
    plain = "\n\n".join(paragraphs) + "\n"
    cases = make_cases(plain, 60, rng)
    return paragraphs, in_report_order(cases, repeat_cases(plain, repeated))


@pytest.mark.parametrize("kind", FORMATS)
def test_corpus_manuscripts_match_in_every_format(tmp_path: Path, kind: str) -> None:
    if not SYNTHETIC:
        pytest.skip("shared corpus not found")
    good = total = 0
    decoys: list[str] = []
    for seed, manuscript in enumerate(SYNTHETIC):
        paragraphs, cases = _corpus_cases(manuscript, seed)
        assert sum(case.kind == "decoy" for case in cases) + sum(
            case.kind == "repeat" for case in cases
        )
        placed, passages, matched = _score(tmp_path, paragraphs, cases, kind, seed)
        good, total, decoys = good + placed, total + passages, decoys + matched
    assert good / total >= 0.98, f"{good}/{total} placed"
    assert decoys == []


def test_truth_flags_of_the_corpus_reports_are_found_at_their_ranges() -> None:
    if not SYNTHETIC:
        pytest.skip("shared corpus not found")
    for manuscript in SYNTHETIC:
        text = manuscript.read_text("utf-8")
        truth = json.loads(
            manuscript.with_name(
                manuscript.name.replace(".manuscript.txt", ".truth.json")
            ).read_text()
        )
        flags = [flag for flag in truth["flags"] if flag.get("manuscript")]
        placements = PassageMatcher(text).match_all([flag["text"] for flag in flags])
        for flag, placement in zip(flags, placements, strict=True):
            assert placement is not None, flag["text"]
            assert overlap((placement.start, placement.end), tuple(flag["manuscript"])) >= 0.9


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_generated_manuscript_with_noise_ellipses_and_decoys(tmp_path: Path, kind: str) -> None:
    rng = random.Random(7)
    paragraphs, repeated = repeat_paragraph(manuscript_paragraphs(30, rng), rng)
    plain = "\n\n".join(paragraphs) + "\n"
    cases = in_report_order(make_cases(plain, 150, rng), repeat_cases(plain, repeated))
    kinds = {case.kind for case in cases}
    assert {"noisy", "ellipsis", "decoy", "repeat", "two-paragraphs"} <= kinds
    good, total, decoys = _score(tmp_path, paragraphs, cases, kind, 7)
    assert good / total >= 0.98, f"{good}/{total} placed"
    assert decoys == []

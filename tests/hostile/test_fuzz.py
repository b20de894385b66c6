"""The mutation fuzzer in CI: DOCFLAGS_FUZZ_MUTANTS mutants (default 800) of the seeds, seeded
by DOCFLAGS_FUZZ_SEED (default: a fixed seed, so a failure reproduces), each through the
worker's own entry: no traceback, hang, crash, leftover process or memory over the cap."""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.hostile.fuzz import FuzzReport, _judge, mutate, run_fuzz

MUTANTS = int(os.environ.get("DOCFLAGS_FUZZ_MUTANTS", "800"))
SEED = int(os.environ.get("DOCFLAGS_FUZZ_SEED", "14"))


def test_mutants_end_cleanly(tmp_path: Path) -> None:
    report = run_fuzz(MUTANTS, SEED, tmp_path)
    print(report.summary())
    assert report.mutants == MUTANTS
    details = [f"{f.mutant.name}: {f.problem}" for f in report.failures]
    assert details == [], report.summary()
    # The mutants reach the engine, not only its front door.
    assert report.results > MUTANTS // 4


def test_mutations_are_reproducible() -> None:
    data = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>"
    first = [mutate(data, random.Random(5), [data]) for _ in range(3)]
    again = [mutate(data, random.Random(5), [data]) for _ in range(3)]
    assert first == again


def test_the_judge_fails_what_a_user_must_never_see() -> None:
    report = FuzzReport()
    ok = {"v": 1, "type": "result", "result": {}}
    internal = {"v": 1, "type": "error", "code": "internal", "message": "internal error: x"}
    two_lines = {"v": 1, "type": "error", "code": "bad-input", "message": "a\nb"}
    assert _judge([ok], 0, 1, report, 100) is None
    assert _judge([ok], 0, 101, report, 100) is not None  # over the cap
    assert _judge([], 4, 1, report, 100) is not None  # no terminal message
    assert _judge([ok, ok], 0, 1, report, 100) is not None
    assert _judge([internal], 4, 1, report, 100) is not None
    assert _judge([two_lines], 3, 1, report, 100) is not None

"""Every case of the hostile corpus through the real worker: the documented outcome, a result
that keeps the readable pages' flags, no traceback, no hang, memory under the cap, nothing left
running, and no connection opened or program started, whatever the file says."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile.corpus import CASES, Case
from tests.hostile.worker_run import run_worker

FULL = bool(os.environ.get("DOCFLAGS_HOSTILE_FULL"))


def _cases() -> list[Case]:
    return [case for case in CASES if FULL or not case.expect.slow]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case.name)
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    path = tmp_path / f"{case.name}.pdf"
    path.write_bytes(case.build())
    run = run_worker(path, ocr=case.expect.ocr, log_dir=tmp_path / "logs")

    assert run.problems() == []
    end = run.terminal[0]
    expect = case.expect
    if expect.outcome == "any":
        return
    if expect.outcome == "result":
        assert run.result is not None, end
        assert len(run.result["flags"]) >= expect.min_flags, run.result["warnings"]
        for wanted in expect.warnings:
            assert any(wanted in w for w in run.result["warnings"]), (
                wanted,
                run.result["warnings"],
            )
    else:
        assert end.get("code") == expect.outcome, end
        assert expect.error_contains in str(end.get("message")), end


def test_the_cap_holds_where_no_budget_helps(tmp_path: Path) -> None:
    """A page under every budget that still needs more memory than the cap allows: the run
    ends with `too-complex` naming the page (or the page is skipped), never above the cap."""
    from tests.hostile.corpus import text_bomb

    path = tmp_path / "text-bomb.pdf"
    path.write_bytes(text_bomb())
    cap = 450 * 1024 * 1024
    run = run_worker(path, max_memory=cap, log_dir=tmp_path / "logs")
    assert run.problems(max_memory=cap) == []
    end = run.terminal[0]
    if end["type"] == "error":
        assert end["code"] == "too-complex"
        assert "450 MB" in end["message"]
        assert "page 1 " in end["message"] or "the document" in end["message"]
    else:
        assert any(w.startswith("page 1:") for w in end["result"]["warnings"])
    assert run.peak_rss <= cap

"""The worker's annotate job: the copy written through a temporary file, bad input said plainly."""

from __future__ import annotations

import json
from pathlib import Path

from docflags_gui.matching.readers import read_manuscript
from docflags_gui.matching.result import match_document
from docflags_gui.runner.spec import ANNOTATE, JobSpec, spec_argv
from docflags_gui.worker import protocol
from tests.review.test_worker_review import MANUSCRIPT
from tests.worker.test_match_job import _report
from tests.worker.test_worker_process import assert_well_formed, messages_of, run_worker_process


def _matched(tmp_path: Path, manuscript: Path) -> Path:
    report = json.loads(_report(tmp_path, ["a questionnaire is never the whole story"]).read_text())
    matched = match_document(report, manuscript, read_manuscript(manuscript))
    path = tmp_path / "matched.json"
    path.write_text(json.dumps(matched), encoding="utf-8")
    return path


def _run(manuscript: Path, result: Path, output: Path) -> tuple[int, dict[str, object], str]:
    spec = JobSpec(ANNOTATE, manuscript, {"report_result": str(result), "output": str(output)})
    code, lines, stderr = run_worker_process(spec_argv(spec, []))
    return code, assert_well_formed(messages_of(lines)), stderr


def test_annotate_job_writes_the_copy(tmp_path: Path) -> None:
    manuscript = tmp_path / "thesis.txt"
    manuscript.write_text(MANUSCRIPT, encoding="utf-8")
    output = tmp_path / "thesis.html"
    code, terminal, stderr = _run(manuscript, _matched(tmp_path, manuscript), output)
    assert code == protocol.EXIT_OK, stderr
    result = terminal["result"]
    assert isinstance(result, dict)
    assert result["annotated"] == {"file": str(output), "passages": 1}
    assert output.read_text(encoding="utf-8").count("<mark ") == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".thesis")] == []


def test_annotate_job_refuses_another_manuscript_and_unwritable_copies(tmp_path: Path) -> None:
    manuscript = tmp_path / "thesis.txt"
    manuscript.write_text(MANUSCRIPT, encoding="utf-8")
    matched = _matched(tmp_path, manuscript)
    manuscript.write_text(MANUSCRIPT + "\n\nA new paragraph.", encoding="utf-8")
    code, terminal, _ = _run(manuscript, matched, tmp_path / "thesis.html")
    assert code == protocol.EXIT_BAD_INPUT
    assert "not the manuscript this match was made with" in str(terminal["message"])
    manuscript.write_text(MANUSCRIPT, encoding="utf-8")
    code, terminal, _ = _run(manuscript, matched, tmp_path / "no-such-folder" / "thesis.html")
    assert code == protocol.EXIT_BAD_INPUT
    assert "cannot write" in str(terminal["message"])

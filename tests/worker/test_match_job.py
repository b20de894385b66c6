"""The worker's match job, run as the app and the CLI run it: a real subprocess, protocol v1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docflags_gui.runner.spec import MATCH, JobSpec, spec_argv
from docflags_gui.worker import protocol
from docflags_gui.worker.launch import worker_prefix
from tests.store.factories import bare_flag, bare_result
from tests.worker.test_worker_process import assert_well_formed, messages_of, run_worker_process

MANUSCRIPT = "\n\n".join(
    f"Paragraph {n} tells how participants from province {n} answered the questionnaire "
    f"about blended learning and the support their school number {n} gave them."
    for n in range(1, 41)
)


def _report(tmp_path: Path, texts: list[str]) -> Path:
    flags = [bare_flag(n, text, color="#ffff00") for n, text in enumerate(texts, start=1)]
    document = bare_result("r.pdf", flags)
    path = tmp_path / "report.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _spec_args(manuscript: Path, report: Path, **options: object) -> list[str]:
    spec = JobSpec(MATCH, manuscript, {"report_result": str(report), **options})  # type: ignore[dict-item]
    return spec_argv(spec, [])


def test_match_job_gives_progress_and_the_extended_result(tmp_path: Path) -> None:
    manuscript = tmp_path / "thesis.txt"
    manuscript.write_text(MANUSCRIPT, encoding="utf-8")
    texts = [
        "participants from province 7 answered the questionnaire",
        "a passage that the manuscript does not contain anywhere at all",
        "the support their school number 31 gave them",
    ]
    code, lines, stderr = run_worker_process(_spec_args(manuscript, _report(tmp_path, texts)))
    messages = messages_of(lines)
    terminal = assert_well_formed(messages)
    assert code == protocol.EXIT_OK, stderr
    progress = [m["message"] for m in messages if m["type"] == "progress"]
    assert progress[0] == "Reading thesis.txt"
    assert progress[-1] == "Matching 3/3"
    document = terminal["result"]
    assert document["manuscript"]["file"] == "thesis.txt"
    assert document["manuscript"]["paragraphs"] == 40
    first, missing, last = (flag["match"] for flag in document["flags"])
    assert MANUSCRIPT[first["start"] : first["end"]] == texts[0] == first["text"]
    assert first["paragraph"] == 7
    assert missing is None
    assert last["paragraph"] == 31 and last["score"] == 1.0


def test_spec_argv_carries_min_score(tmp_path: Path) -> None:
    args = _spec_args(tmp_path / "m.txt", tmp_path / "r.json", min_score=0.9)
    assert args == ["--job", "match", "--input", str(tmp_path / "m.txt"), "--report-result",
                    str(tmp_path / "r.json"), "--min-score", "0.9"]  # fmt: skip
    assert worker_prefix()[-1] == "--worker"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("thesis.docx", b"not a zip", "this is not a DOCX file"),
        ("thesis.txt", b"", "the file is empty"),
        ("thesis.rtf", b"{\\rtf1}", "cannot read .rtf"),
    ],
)
def test_a_bad_manuscript_is_bad_input_with_exit_3(
    tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    manuscript = tmp_path / name
    manuscript.write_bytes(content)
    code, lines, _ = run_worker_process(_spec_args(manuscript, _report(tmp_path, ["x y z"])))
    terminal = assert_well_formed(messages_of(lines))
    assert code == protocol.EXIT_BAD_INPUT
    assert terminal["code"] == "bad-input" and fragment in terminal["message"]


def test_a_result_file_that_is_not_docflags_json_is_bad_input(tmp_path: Path) -> None:
    manuscript = tmp_path / "m.txt"
    manuscript.write_text(MANUSCRIPT, encoding="utf-8")
    report = tmp_path / "r.json"
    report.write_text("[1, 2]", encoding="utf-8")
    code, lines, _ = run_worker_process(_spec_args(manuscript, report))
    terminal = assert_well_formed(messages_of(lines))
    assert code == protocol.EXIT_BAD_INPUT and "not a docflags/1 document" in terminal["message"]


def test_match_without_a_report_result_is_a_usage_error(tmp_path: Path) -> None:
    code, lines, _ = run_worker_process(["--job", "match", "--input", str(tmp_path / "m.txt")])
    assert code == protocol.EXIT_USAGE
    assert assert_well_formed(messages_of(lines))["code"] == "usage"


def test_a_stop_file_cancels_the_match(tmp_path: Path) -> None:
    manuscript = tmp_path / "m.txt"
    manuscript.write_text(MANUSCRIPT, encoding="utf-8")
    stop = tmp_path / "stop"
    stop.touch()
    args = [*_spec_args(manuscript, _report(tmp_path, ["participants from province"])),
            f"--stop-file={stop}"]  # fmt: skip
    code, lines, _ = run_worker_process(args)
    assert code == protocol.EXIT_CANCELLED
    assert assert_well_formed(messages_of(lines))["code"] == "cancelled"

"""Match and annotate jobs on the wire: the manuscript and the report's result travel, the
client's own paths never do, and the node checks both before it writes anything."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from docflags_gui.cluster.payload import InvalidJob, build_payload, check_payload
from docflags_gui.cluster.workspace import job_workspace, safe_file_name
from tests.store.factories import make_result


@pytest.fixture
def report_result(tmp_path: Path) -> Path:
    path = tmp_path / "client-only" / "report.json"
    path.parent.mkdir()
    path.write_text(json.dumps(make_result()), encoding="utf-8")
    return path


@pytest.fixture
def manuscript(tmp_path: Path) -> Path:
    path = tmp_path / "thesis.docx"
    path.write_bytes(b"PK\x03\x04 not really a docx")
    return path


def test_a_match_carries_the_manuscript_the_report_and_its_own_options_only(
    report_result: Path, manuscript: Path
) -> None:
    options = {
        "report_result": str(report_result),
        "min_score": 0.8,
        "review_rules": json.dumps({"exclude_quotes": True}),
        "revision": True,
        "max_memory": 1 << 30,
    }
    payload = build_payload("match", manuscript, options)
    assert "client-only" not in json.dumps(payload)  # no client path travels
    assert payload["options"] == {
        "min_score": 0.8,
        "review_rules": '{"exclude_quotes": true}',
        "revision": True,
    }
    job = check_payload(json.loads(json.dumps(payload)), shared_dir=None)
    assert job.kind == "match"
    assert job.data == manuscript.read_bytes()
    assert job.report == make_result()


def test_an_annotate_job_never_sends_the_clients_output_path(
    report_result: Path, manuscript: Path, tmp_path: Path
) -> None:
    options = {"report_result": str(report_result), "output": str(tmp_path / "mine.docx")}
    payload = build_payload("annotate", manuscript, options)
    assert payload["options"] == {}
    assert "mine.docx" not in json.dumps(payload)
    job = check_payload(payload, shared_dir=None)
    with job_workspace(job) as workspace:
        folder = workspace.input.parent.parent
        assert workspace.input.read_bytes() == manuscript.read_bytes()
        assert workspace.input.name == "thesis.docx"  # its suffix names its format
        assert workspace.output is not None and workspace.output.parent == folder
        assert workspace.output.suffix == ".docx"
        assert workspace.options["output"] == str(workspace.output)
        report = Path(str(workspace.options["report_result"]))
        assert json.loads(report.read_text()) == make_result()
    assert not folder.exists()  # nothing of the job stays on the node


def job(**fields: object) -> dict[str, object]:
    payload: dict[str, Any] = {
        "v": 2,
        "kind": "match",
        "name": "thesis.docx",
        "data": base64.b64encode(b"text").decode(),
        "report": make_result(),
        "options": {},
    }
    payload.update(fields)
    return payload


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"report": None}, "not a docflags/1 document"),
        ({"report": {"schema": "something/1"}}, "not a docflags/1 document"),
        ({"kind": "analyze"}, "carries no report"),
        ({"options": {"min_score": 1.5}}, "between 0 and 1"),
        ({"options": {"min_score": True}}, "wrong type"),
        ({"options": {"review_rules": "not json"}}, "not a JSON object"),
        ({"options": {"review_rules": "[1, 2]"}}, "not a JSON object"),
        ({"options": {"output": "/etc/cron.d/x"}}, "unknown option"),
        ({"options": {"report_result": "/etc/shadow"}}, "unknown option"),
        ({"kind": "annotate", "options": {"min_score": 0.5}}, "unknown option"),
        ({"kind": "analyze", "report": None, "options": {"min_score": 0.5}}, "unknown option"),
    ],
)
def test_a_node_refuses_match_and_annotate_jobs_that_are_not_right(
    fields: dict[str, object], why: str
) -> None:
    payload = job(**fields)
    if fields.get("report", "") is None:
        del payload["report"]
    with pytest.raises(InvalidJob, match=why):
        check_payload(payload, shared_dir=None)


def test_a_kind_a_node_does_not_run_is_refused_on_the_client(manuscript: Path) -> None:
    with pytest.raises(InvalidJob, match="do not run on a cluster"):
        build_payload("export", manuscript, {})


def test_a_safe_name_keeps_its_suffix() -> None:
    assert safe_file_name("../../thèse (final).docx") == "thèse _final_.docx"
    long = safe_file_name("x" * 300 + ".odt")
    assert long.endswith(".odt") and len(long) <= 120
    assert safe_file_name("..") == "input.pdf"

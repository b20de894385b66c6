"""JSON: the docflags/1 document itself; a list for several files."""

from __future__ import annotations

import json
from pathlib import Path

from docflags_gui.export import export_results, render_text
from docflags_gui.result import ResultDocument


def test_one_result_exports_as_the_document(tmp_path: Path, hostile_result: ResultDocument) -> None:
    path = tmp_path / "out.json"
    export_results([hostile_result], "json", path)
    assert json.loads(path.read_text(encoding="utf-8")) == hostile_result
    assert "שלום" in path.read_text(encoding="utf-8"), "non-ASCII text stays readable"


def test_several_results_export_as_a_list(two_results: list[ResultDocument]) -> None:
    assert json.loads(render_text(two_results, "json")) == two_results

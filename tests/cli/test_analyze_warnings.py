"""`docflags analyze` says a result's warnings in every output format, not only in tables."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf

from tests.cli.test_analyze import docflags, make_pdf


def _with_ink(path: Path) -> Path:
    """A highlight plus an ink scribble: the engine lists the ink among its warnings."""
    make_pdf(path)
    with pymupdf.open(path) as doc:
        doc[0].add_ink_annot([[(100, 300), (150, 320), (200, 300)]])
        doc.saveIncr()
    return path


def test_json_output_reports_warnings_on_stderr(tmp_path: Path) -> None:
    pdf = _with_ink(tmp_path / "inked.pdf")
    run = docflags("analyze", str(pdf), "--format", "json")
    assert run.returncode == 0, run.stderr
    warnings = json.loads(run.stdout)["warnings"]
    assert warnings, "the engine should warn about the ink annotation"
    for warning in warnings:
        assert f"docflags: {pdf}: warning: {warning}" in run.stderr


def test_table_output_lists_warnings_once_under_the_table(tmp_path: Path) -> None:
    pdf = _with_ink(tmp_path / "inked.pdf")
    run = docflags("analyze", str(pdf))
    assert run.returncode == 0, run.stderr
    assert "warning: " in run.stdout
    assert "warning: " not in run.stderr

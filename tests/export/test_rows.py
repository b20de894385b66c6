"""rows: one row per flag, formula neutralising and its exact inverse."""

from __future__ import annotations

from typing import Any

import pytest

from docflags_gui.export import ExportError, render_text
from docflags_gui.export.rows import (
    COLUMNS,
    FORMULA_STARTERS,
    cell_text,
    flag_rows,
    neutralise_formula,
    restore_formula,
)
from docflags_gui.result import ResultDocument
from tests.export.conftest import ALL_TEXTS


def test_columns_start_with_the_ones_the_issue_names() -> None:
    for name in ("file", "page", "kind", "color", "source", "text", "comment"):
        assert name in COLUMNS


@pytest.mark.parametrize("text", [*ALL_TEXTS, "'", "''=x", "plain", "", "a=b", "3-2"])
def test_neutralised_cells_never_start_a_formula_and_restore_exactly(text: str) -> None:
    cell = neutralise_formula(text)
    assert not cell.startswith(FORMULA_STARTERS)
    assert restore_formula(cell) == text


def test_only_cells_starting_with_a_starter_are_changed() -> None:
    assert neutralise_formula("a=b") == "a=b"
    assert neutralise_formula("=a") == "'=a"
    assert neutralise_formula("\rx") == "'\rx"


def test_cell_text_formats_missing_and_boolean_values() -> None:
    assert cell_text(None) == ""
    assert cell_text(True) == "yes"
    assert cell_text(False) == "no"
    assert cell_text(-3) == "'-3"  # numbers go to CSV as text too, so they get the same rule


def test_rows_carry_file_and_source_name(hostile_result: ResultDocument) -> None:
    rows = flag_rows([hostile_result])
    assert len(rows) == len(hostile_result["flags"])
    first = rows[0]
    assert first.file == hostile_result["file"]
    assert first.source == 1 and first.source_name == "repository.example.ac.id"
    assert [r.text for r in rows] == [f["text"] for f in hostile_result["flags"]]


@pytest.mark.parametrize(
    "bad",
    [{"schema": "docflags/1", "flags": []}, [{"schema": "other/2", "flags": []}], ["text"]],
)
def test_anything_but_a_list_of_docflags_documents_is_refused(bad: Any) -> None:
    with pytest.raises(ExportError):
        render_text(bad, "csv")

"""The Export API other layers call: formats, errors with words for the user, text rendering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docflags_gui.export import (
    EXPORT_FORMATS,
    ExportError,
    export_results,
    format_for_path,
    render_text,
)
from docflags_gui.result import ResultDocument


def test_the_five_formats_and_their_extensions() -> None:
    assert EXPORT_FORMATS == {
        "json": ".json",
        "csv": ".csv",
        "md": ".md",
        "xlsx": ".xlsx",
        "html": ".html",
    }


def test_an_unknown_format_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="choose one of json, csv, md, xlsx, html"):
        export_results([], "docx", tmp_path / "x.docx")
    assert list(tmp_path.iterdir()) == []


def test_xlsx_cannot_go_to_standard_output(hostile_result: ResultDocument) -> None:
    with pytest.raises(ExportError, match="binary"):
        render_text([hostile_result], "xlsx")


def test_a_result_of_another_schema_is_refused(tmp_path: Path) -> None:
    other: Any = {"schema": "docflags/99", "file": "a.pdf", "flags": []}  # not a ResultDocument
    with pytest.raises(ExportError, match="schema"):
        export_results([other], "csv", tmp_path / "a")


def test_format_names_are_forgiving(hostile_result: ResultDocument) -> None:
    assert render_text([hostile_result], "Markdown") == render_text([hostile_result], "md")
    assert render_text([hostile_result], ".CSV") == render_text([hostile_result], "csv")


def test_format_follows_the_file_extension() -> None:
    assert format_for_path(Path("a/flags.XLSX")) == "xlsx"
    assert format_for_path(Path("notes.markdown")) == "md"
    assert format_for_path(Path("report.htm")) == "html"
    assert format_for_path(Path("flags.txt")) is None


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_an_empty_list_of_flags_still_exports(
    tmp_path: Path, hostile_result: ResultDocument, fmt: str
) -> None:
    hostile_result["flags"] = []
    target = tmp_path / f"empty{EXPORT_FORMATS[fmt]}"
    export_results([hostile_result], fmt, target)
    assert target.stat().st_size > 0

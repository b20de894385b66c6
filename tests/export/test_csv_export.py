"""CSV: BOM, header, one RFC 4180 row per flag, formulas neutralised; read back equals the flags."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from docflags_gui.export import export_results, render_text
from docflags_gui.export.rows import COLUMNS, FORMULA_STARTERS, restore_formula
from docflags_gui.result import ResultDocument


def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def _expected(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def test_csv_read_back_equals_the_flags(tmp_path: Path, hostile_result: ResultDocument) -> None:
    path = tmp_path / "flags.csv"
    export_results([hostile_result], "csv", path)
    rows = _read_csv(path)
    assert list(rows[0].keys()) == list(COLUMNS)
    assert len(rows) == len(hostile_result["flags"])
    for row, flag in zip(rows, hostile_result["flags"], strict=True):
        restored = {key: restore_formula(value) for key, value in row.items()}
        for key in ("page", "kind", "color", "source", "text", "comment", "ocr", "id"):
            assert restored[key] == _expected(flag[key]), key
        assert restored["file"] == hostile_result["file"]


def test_no_csv_cell_starts_a_formula(tmp_path: Path, hostile_result: ResultDocument) -> None:
    path = tmp_path / "flags.csv"
    export_results([hostile_result], "csv", path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        for row in csv.reader(stream):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTERS), cell
    assert "'=cmd|' /C calc'!A0" in path.read_text(encoding="utf-8-sig")


def test_csv_uses_crlf_rows_and_quotes_newlines_quotes_and_commas(
    hostile_result: ResultDocument,
) -> None:
    text = render_text([hostile_result], "csv")
    assert text.startswith("file,page,kind,color,source")
    assert text.endswith("\r\n")
    assert '"first line\nsecond, ""quoted""\r\nthird"' in text
    assert '"He said ""quoted"", then, commas; and a semicolon"' in text


def test_csv_of_several_results_names_each_file(two_results: list[ResultDocument]) -> None:
    rows = list(csv.DictReader(io.StringIO(render_text(two_results, "csv"), newline="")))
    files = [restore_formula(r["file"]) for r in rows]
    assert files.count(two_results[0]["file"]) == len(two_results[0]["flags"])
    assert files.count("second.pdf") == 3

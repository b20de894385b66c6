"""XLSX: Summary and Flags sheets; read back equals the flags; no formula anywhere; colour fills."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docflags_gui.export import export_results
from docflags_gui.export.rows import COLUMNS, FORMULA_STARTERS, restore_formula
from docflags_gui.result import ResultDocument


@pytest.fixture
def workbook_path(tmp_path: Path, hostile_result: ResultDocument) -> Path:
    path = tmp_path / "flags.xlsx"
    export_results([hostile_result], "xlsx", path)
    return path


def _expected(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        # XML stores line ends as LF; a lone CR would come back as LF from any reader.
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def test_flags_sheet_read_back_equals_the_flags(
    workbook_path: Path, hostile_result: ResultDocument
) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Flags"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert len(rows) - 1 == len(hostile_result["flags"])
    for values, flag in zip(rows[1:], hostile_result["flags"], strict=True):
        cells = dict(zip(COLUMNS, values, strict=True))
        restored = {k: restore_formula(v) if isinstance(v, str) else v for k, v in cells.items()}
        for key in ("page", "kind", "color", "source", "text", "comment", "ocr", "id"):
            assert restored[key] == _expected(flag[key]), key
        assert restored["file"] == hostile_result["file"]


def test_no_cell_is_a_formula_or_starts_like_one(workbook_path: Path) -> None:
    workbook = openpyxl.load_workbook(workbook_path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTERS), cell.value
    with zipfile.ZipFile(workbook_path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name


def test_numbers_stay_numbers(workbook_path: Path) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Flags"]
    page, source = sheet.cell(row=2, column=2), sheet.cell(row=2, column=5)
    assert page.data_type == "n" and page.value == 1
    assert source.data_type == "n" and source.value == 1


def test_colour_cells_are_filled_with_the_flag_colour(
    workbook_path: Path, hostile_result: ResultDocument
) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Flags"]
    color_column = COLUMNS.index("color") + 1
    for row_number, flag in enumerate(hostile_result["flags"], start=2):
        cell = sheet.cell(row=row_number, column=color_column)
        if flag["color"] is None:
            assert cell.fill.fill_type is None
        else:
            assert cell.fill.fill_type == "solid"
            assert cell.fill.fgColor.rgb[-6:].lower() == flag["color"][1:]


def test_flags_sheet_has_filter_frozen_header_widths_and_wrapping(workbook_path: Path) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["Flags"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:N{sheet.max_row}"  # ... id, where, score, status, note
    text_letter = "ABCDEFGHIJ"[COLUMNS.index("text")]
    assert sheet.column_dimensions[text_letter].width >= 60
    assert sheet[f"{text_letter}2"].alignment.wrap_text


def test_summary_sheet_counts_kinds_colours_and_sources(
    workbook_path: Path, hostile_result: ResultDocument
) -> None:
    workbook = openpyxl.load_workbook(workbook_path)
    assert workbook.sheetnames == ["Summary", "Flags"]
    values = [list(r) for r in workbook["Summary"].iter_rows(values_only=True)]
    flat = [v for row in values for v in row if v is not None]
    assert "Flags by kind" in flat and "Flags by colour" in flat and "Flags by source" in flat
    file_row = next(r for r in values if r[0] == restore_formula_safe(hostile_result["file"]))
    assert file_row[1:4] == [3, 43, len(hostile_result["flags"])]
    kind_rows = {r[0]: r[1] for r in values if r[0] in ("drawn", "highlight", "underline", "note")}
    assert sum(kind_rows.values()) == len(hostile_result["flags"])
    source_rows = [r for r in values if r[4] == "'-2 =evil <script>x</script>"]
    assert source_rows and source_rows[0][1] == 2


def restore_formula_safe(text: str) -> str:
    """The Summary sheet neutralises file names like every other cell."""
    return "'" + text if text.startswith(FORMULA_STARTERS) else text


def test_several_results_in_one_workbook(tmp_path: Path, two_results: list[ResultDocument]) -> None:
    path = tmp_path / "two.xlsx"
    export_results(two_results, "xlsx", path)
    sheet = openpyxl.load_workbook(path)["Flags"]
    files = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert files.count("second.pdf") == 3
    assert len(files) == len(two_results[0]["flags"]) + 3


def test_control_characters_and_huge_texts_do_not_break_the_file(
    tmp_path: Path, hostile_result: ResultDocument
) -> None:
    hostile_result["flags"][0]["text"] = "bell\x07 and null\x00 inside"
    hostile_result["flags"][1]["text"] = "x" * 40000
    path = tmp_path / "odd.xlsx"
    export_results([hostile_result], "xlsx", path)
    sheet = openpyxl.load_workbook(path)["Flags"]
    text_column = COLUMNS.index("text") + 1
    assert sheet.cell(row=2, column=text_column).value == "bell\ufffd and null\ufffd inside"
    long_text = sheet.cell(row=3, column=text_column).value
    assert len(long_text) <= 32767 and long_text.endswith("[truncated]")


def test_rows_with_several_lines_are_tall_enough_and_sheets_print_landscape(
    workbook_path: Path, hostile_result: ResultDocument
) -> None:
    workbook = openpyxl.load_workbook(workbook_path)
    sheet = workbook["Flags"]
    three_line_rows = [
        n
        for n, f in enumerate(hostile_result["flags"], start=2)
        if f["comment"] and "\n" in f["comment"]
    ]
    for row_number in three_line_rows:
        assert (sheet.row_dimensions[row_number].height or 0) >= 45
    for name in ("Summary", "Flags"):
        assert workbook[name].page_setup.orientation == "landscape"
        assert workbook[name].sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"

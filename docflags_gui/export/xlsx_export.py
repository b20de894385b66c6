"""XLSX export (openpyxl, streaming): a Summary sheet and a Flags sheet, every cell a plain value.

No cell is ever a formula: strings are stored with data type "s" whatever they start with, and
formula starters are neutralised as in CSV so that editing a cell in Excel cannot turn it into one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from docflags_gui.export.rows import (
    COLUMNS,
    cell_text,
    check_results,
    flag_rows,
    replace_control_characters,
)
from docflags_gui.export.summary import summarise

# Excel refuses longer cells; XML refuses control characters other than tab, LF and CR.
MAX_CELL_CHARS = 32767
_TRUNCATED = " … [truncated]"
_HEX_COLOR = re.compile(r"#([0-9a-fA-F]{6})")

COLUMN_WIDTHS: dict[str, float] = {
    "file": 24,
    "page": 7,
    "kind": 13,
    "color": 10,
    "source": 8,
    "source_name": 28,
    "text": 80,
    "comment": 40,
    "ocr": 6,
    "id": 6,
}
NUMBER_COLUMNS = frozenset({"page", "source", "id"})
WRAPPED_COLUMNS = frozenset({"file", "source_name", "text", "comment"})

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def write_xlsx(results: Sequence[Mapping[str, Any]], stream: BinaryIO) -> None:
    checked = check_results(results)
    workbook = Workbook(write_only=True)
    summary_sheet = workbook.create_sheet("Summary")
    _write_summary(summary_sheet, checked)
    flags_sheet = workbook.create_sheet("Flags")
    _write_flags(flags_sheet, checked)
    # Built in memory first: the file stream only ever sees a complete workbook, and a failed
    # write leaves no half-closed zip archive for the garbage collector to trip over.
    buffer = io.BytesIO()
    workbook.save(buffer)
    stream.write(buffer.getvalue())


def _write_flags(ws: WriteOnlyWorksheet, results: Sequence[Mapping[str, Any]]) -> None:
    rows = flag_rows(results)
    for index, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS.get(name, 12)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    ws.append([_header(ws, name) for name in COLUMNS])
    for row in rows:
        cells = []
        for name, value in zip(COLUMNS, row.values(), strict=True):
            cell = _cell(ws, value, number=name in NUMBER_COLUMNS)
            cell.alignment = _WRAP if name in WRAPPED_COLUMNS else _TOP
            if name == "color":
                _fill_with_color(cell, value)
            cells.append(cell)
        ws.append(cells)


def _write_summary(ws: WriteOnlyWorksheet, results: Sequence[Mapping[str, Any]]) -> None:
    summary = summarise(results)
    for letter, width in zip("ABCDEFG", (34, 10, 12, 10, 34, 16, 10), strict=True):
        ws.column_dimensions[letter].width = width
    title = _cell(ws, "docflags export")
    title.font = _TITLE
    ws.append([title])
    ws.append(
        [
            _cell(ws, f"{summary.files} files, {summary.pages} pages, {summary.flags} flags")
            if summary.files != 1
            else _cell(ws, f"1 file, {summary.pages} pages, {summary.flags} flags")
        ]
    )
    ws.append([])
    _table(
        ws,
        "Files",
        ("file", "pages", "similarity %", "flags", "warnings", "sha256"),
        [
            (
                str(r.get("file") or ""),
                r.get("pages"),
                r.get("similarity"),
                len(r.get("flags") or []),
                "\n".join(str(w) for w in r.get("warnings") or []) or None,
                r.get("sha256"),
            )
            for r in results
        ],
    )
    _table(ws, "Flags by kind", ("kind", "flags"), summary.by_kind)
    _table(
        ws,
        "Flags by colour",
        ("colour", "flags"),
        [(color or "(none)", n) for color, n in summary.by_color],
        color_column=0,
    )
    if summary.sources:
        _table(
            ws,
            "Flags by source",
            ("file", "source", "name", "type", "share", "percent", "flags"),
            [(s.file, s.n, s.name, s.type, s.label, s.percent, s.flags) for s in summary.sources],
        )


def _table(
    ws: WriteOnlyWorksheet,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    color_column: int | None = None,
) -> None:
    heading = _cell(ws, title)
    heading.font = _BOLD
    ws.append([heading])
    ws.append([_header(ws, name) for name in headers])
    for values in rows:
        cells = []
        for column, value in enumerate(values):
            cell = _cell(ws, value, number=True)
            cell.alignment = _WRAP if isinstance(value, str) and "\n" in value else _TOP
            if column == color_column:
                _fill_with_color(cell, value)
            cells.append(cell)
        ws.append(cells)
    ws.append([])


def _header(ws: WriteOnlyWorksheet, name: str) -> WriteOnlyCell:
    cell = _cell(ws, name)
    cell.font = _BOLD
    cell.fill = _HEADER_FILL
    return cell


def _cell(ws: WriteOnlyWorksheet, value: Any, *, number: bool = False) -> WriteOnlyCell:
    """A cell holding a number (where allowed) or a string, never a formula."""
    if number and isinstance(value, int | float) and not isinstance(value, bool):
        return WriteOnlyCell(ws, value)
    if value is None:
        return WriteOnlyCell(ws, None)
    if isinstance(value, str):
        # XML turns a raw CR into LF on reading: say LF ourselves, before deciding whether the
        # text starts like a formula, so every reader sees exactly the text we checked.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    text = replace_control_characters(cell_text(value))
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(_TRUNCATED)] + _TRUNCATED
    cell = WriteOnlyCell(ws, text)
    # openpyxl guesses "f" (formula) for any string starting with "="; we decide, not it.
    cell.data_type = "s"
    return cell


def _fill_with_color(cell: WriteOnlyCell, color: Any) -> None:
    match = _HEX_COLOR.fullmatch(color) if isinstance(color, str) else None
    if not match:
        return
    rgb = match.group(1).upper()
    cell.fill = PatternFill("solid", fgColor=rgb)
    cell.font = Font(color="FFFFFF" if _is_dark(rgb) else "000000")


def _is_dark(rgb: str) -> bool:
    red, green, blue = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5

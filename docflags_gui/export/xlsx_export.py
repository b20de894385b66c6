"""XLSX export (openpyxl, streaming): a Summary sheet and a Flags sheet, every cell a plain value.

No cell is ever a formula: strings are stored with data type "s" whatever they start with, and
formula starters are neutralised as in CSV so that editing a cell in Excel cannot turn it into one.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from copy import copy
from datetime import datetime
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from docflags_gui import __version__
from docflags_gui.export.rows import (
    COLUMNS,
    cell_text,
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
    "text": 70,
    "comment": 40,
    "where": 16,
    "status": 22,
    "note": 40,
    "ocr": 6,
    "id": 6,
}
NUMBER_COLUMNS = frozenset({"page", "source", "id", "score"})
WRAPPED_COLUMNS = frozenset({"file", "source_name", "text", "comment", "note"})

_BOLD = Font(bold=True)
_MUTED = Font(color="666666")
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
# Numbers centred in their narrow columns, so they never touch the text of the next column.
_CENTERED = Alignment(horizontal="center", vertical="top")
LINE_HEIGHT_PT = 15.0
MAX_ROW_LINES = 20
CHARS_PER_WIDTH_UNIT = 1.15  # text is narrower on average than the "0" a width unit measures


def write_xlsx(results: Sequence[Mapping[str, Any]], stream: BinaryIO) -> None:
    workbook = Workbook(write_only=True)
    summary_sheet = workbook.create_sheet("Summary")
    _write_summary(summary_sheet, results)
    flags_sheet = workbook.create_sheet("Flags")
    _write_flags(flags_sheet, results)
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
    ws.print_title_rows = "1:1"  # the header repeats on every printed page
    _print_landscape_fit_to_width(ws)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    ws.append([_header(ws, name) for name in COLUMNS])
    styles: dict[tuple[str, Any], Any] = {}
    for row_number, row in enumerate(rows, start=2):
        cells = []
        for name, value in zip(COLUMNS, row.values(), strict=True):
            cell = _cell(ws, value, number=name in NUMBER_COLUMNS)
            # Assigning styles hashes them on every cell (most of the time for 100,000 rows);
            # a cell of the same column and colour takes a copy of the first one's style.
            style_key = (name, value if name == "color" else None)
            cached = styles.get(style_key)
            if cached is not None:
                cell._style = copy(cached)
            else:
                if name in WRAPPED_COLUMNS:
                    cell.alignment = _WRAP
                elif name in NUMBER_COLUMNS or name == "ocr":
                    cell.alignment = _CENTERED
                else:
                    cell.alignment = _TOP
                if name == "color":
                    _fill_with_color(cell, value)
                styles[style_key] = copy(cell._style)
            cells.append(cell)
        wrapped = [
            (cell.value, COLUMN_WIDTHS[name])
            for name, cell in zip(COLUMNS, cells, strict=True)
            if name in WRAPPED_COLUMNS and isinstance(cell.value, str)
        ]
        _fit_row_height(ws, row_number, wrapped)
        ws.append(cells)


def _write_summary(ws: WriteOnlyWorksheet, results: Sequence[Mapping[str, Any]]) -> None:
    summary = summarise(results)
    # The tables share columns; each column holds the same sort of value in every table, so one
    # set of widths fits them all: names, three narrow numbers, long text, a short label.
    for letter, width in zip("ABCDEF", (30, 10, 12, 10, 48, 22), strict=True):
        ws.column_dimensions[letter].width = width
    _print_landscape_fit_to_width(ws)
    title = _cell(ws, "docflags export")
    title.font = _TITLE
    ws.append([title])
    files = "1 file" if summary.files == 1 else f"{summary.files} files"
    ws.append([_cell(ws, f"{files}, {summary.pages} pages, {summary.flags} flags")])
    exported = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    note = _cell(ws, f"Exported {exported} by docflags {__version__}")
    note.font = _MUTED
    ws.append([note])
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
            ("file", "source", "share", "flags", "name", "type"),
            [(s.file, s.n, s.label, s.flags, s.name, s.type) for s in summary.sources],
            center_column=2,
        )


def _table(
    ws: WriteOnlyWorksheet,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    color_column: int | None = None,
    center_column: int | None = None,
) -> None:
    heading = _cell(ws, title)
    heading.font = _BOLD
    ws.append([heading])
    ws.append([_header(ws, name) for name in headers])
    for values in rows:
        cells = []
        for column, value in enumerate(values):
            cell = _cell(ws, value, number=True)
            if isinstance(value, int | float) or column == center_column:
                cell.alignment = _CENTERED
            else:
                cell.alignment = _WRAP if isinstance(value, str) and len(value) > 30 else _TOP
            if column == color_column:
                _fill_with_color(cell, value)
            cells.append(cell)
        ws.append(cells)
    ws.append([])


def _fit_row_height(
    ws: WriteOnlyWorksheet, row_number: int, wrapped: Sequence[tuple[str, float]]
) -> None:
    """Set the height that wrapped texts (text, column width) need: LibreOffice keeps the
    default height when it opens a file, so it would show only their first line."""
    lines = 1
    for text, width in wrapped:
        chars = width * CHARS_PER_WIDTH_UNIT
        lines = max(lines, sum(max(1, math.ceil(len(line) / chars)) for line in text.split("\n")))
    if lines > 1:
        ws.row_dimensions[row_number].height = min(lines, MAX_ROW_LINES) * LINE_HEIGHT_PT


def _print_landscape_fit_to_width(ws: WriteOnlyWorksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


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

"""CSV export: UTF-8 with BOM (so Excel detects the encoding), RFC 4180, formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

from docflags_gui.export.rows import COLUMNS, cell_text, flag_rows

ENCODING = "utf-8-sig"


def render_csv(results: Sequence[Mapping[str, Any]]) -> str:
    """A header row, then one row per flag; every cell is text, quoted where RFC 4180 needs it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for row in flag_rows(results):
        writer.writerow([cell_text(value) for value in row.values()])
    return buffer.getvalue()


def write_csv(results: Sequence[Mapping[str, Any]], stream: BinaryIO) -> None:
    stream.write(render_csv(results).encode(ENCODING))

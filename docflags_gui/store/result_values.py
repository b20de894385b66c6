"""A docflags/1 result as column values: its flag and source rows, its summary, its JSON text.

Shared by every writer of the history (store.job_rows runs the SQL). In the app the writer
thread shares the interpreter with the GUI thread, so a big result is turned into rows and JSON
a piece at a time with a short pause between pieces (`pause_s`): one `json.dumps` of 10,000
flags would hold the GIL (and so stall the GUI thread) for tens of milliseconds. The command
line has no GUI thread and passes no pause. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

# The column order of flag_row's tuples (a test checks it against the model).
FLAG_INSERT_COLUMNS = (
    "job_id", "n", "page", "kind", "color", "text", "source", "comment", "ocr",
    "x0", "y0", "x1", "y1",
)  # fmt: skip
# The column order of source_row's tuples (a test checks it against the model).
SOURCE_INSERT_COLUMNS = ("job_id", "n", "name", "type", "percent", "label")
_NO_RECT = (None, None, None, None)
# Flags turned into rows or JSON between two short pauses, in which the GUI thread takes the
# GIL at once (a bare hand-over lets the other busy threads take it as well).
FLAGS_PER_PIECE = 200
PAUSE_S = 0.001
_PLACEHOLDER = "\x00docflags:flags\x00"


def int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def file_size(path: str | None) -> int | None:
    if not path:
        return None
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def flag_rows(
    job_id: int, flags: Sequence[Mapping[str, Any]], pause_s: float
) -> Iterator[tuple[Any, ...]]:
    """flag_row of each flag, pausing `pause_s` after each FLAGS_PER_PIECE (none when 0)."""
    for index, flag in enumerate(flags):
        if pause_s and index and index % FLAGS_PER_PIECE == 0:
            time.sleep(pause_s)  # let the GUI thread run
        yield flag_row(job_id, index, flag)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def result_json(result: Mapping[str, Any], pause_s: float = PAUSE_S) -> str:
    """The result as compact JSON, exactly `json.dumps` would write it; made a piece at a time
    with pauses when `pause_s` is set, at once when it is 0."""
    flags = result.get("flags")
    if not pause_s or not isinstance(flags, list) or len(flags) <= FLAGS_PER_PIECE:
        return _dumps(result)
    pieces: list[str] = []
    for start in range(0, len(flags), FLAGS_PER_PIECE):
        pieces.append(_dumps(flags[start : start + FLAGS_PER_PIECE])[1:-1])
        time.sleep(pause_s)  # let the GUI thread run
    shell, placeholder = _dumps({**result, "flags": _PLACEHOLDER}), _dumps(_PLACEHOLDER)
    if shell.count(placeholder) != 1:  # the marker is in the document itself: no shortcut
        return _dumps(result)
    return shell.replace(placeholder, "[" + ",".join(pieces) + "]")


def flag_row(job_id: int, index: int, flag: Mapping[str, Any]) -> tuple[Any, ...]:
    """A docflags/1 flag as values in FLAG_INSERT_COLUMNS order (odd values made harmless)."""
    get = flag.get
    rect = get("rect")
    box: Sequence[Any] = _NO_RECT
    if isinstance(rect, list | tuple) and len(rect) == 4:
        box = rect if all(type(v) in (int, float) for v in rect) else _NO_RECT
    n = get("id")
    color, comment = get("color"), get("comment")
    return (
        job_id,
        n if type(n) is int else index + 1,
        int_or_none(get("page")) or 0,
        str(get("kind") or ""),
        None if color is None else str(color),
        str(get("text") or ""),
        int_or_none(get("source")),
        None if comment is None else str(comment),
        1 if get("ocr") else 0,
        *box,
    )


def source_row(job_id: int, source: Mapping[str, Any]) -> tuple[Any, ...]:
    """A docflags/1 source as values in SOURCE_INSERT_COLUMNS order."""
    return (
        job_id,
        int_or_none(source.get("n")) or 0,
        str(source.get("name") or ""),
        source.get("type"),
        int_or_none(source.get("percent")),
        source.get("label"),
    )


def summary_values(result: Mapping[str, Any], pause_s: float) -> dict[str, Any]:
    """The job columns that summarise a result (its headline numbers and the whole JSON)."""
    flags = result.get("flags") or []
    values: dict[str, Any] = {
        "pages": int_or_none(result.get("pages")),
        "flag_count": len(flags),
        "similarity": int_or_none(result.get("similarity")),
        "result_json": result_json(result, pause_s),
    }
    sha256 = result.get("sha256") or None
    if sha256:
        values["sha256"] = str(sha256)
    return values

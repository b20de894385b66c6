"""Storing a docflags/1 result: the document row, its flags and sources as table rows.

Runs inside the writer's transaction (store.writer). Flag rows go in through the driver's
executemany: SQLAlchemy's per-row parameter handling would double the time of a 10,000-flag
result. A big result is turned into rows and JSON a piece at a time, handing the GIL over
between pieces: one `json.dumps` of 10,000 flags would hold it (and so stall the GUI thread)
for tens of milliseconds.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from docflags_gui.store.models import Document, FlagRow, Job, SourceRow

# The column order of flag_row's tuples (a test checks it against the model).
FLAG_INSERT_COLUMNS = (
    "job_id", "n", "page", "kind", "color", "text", "source", "comment", "ocr",
    "x0", "y0", "x1", "y1",
)  # fmt: skip
_INSERT_FLAGS = (
    f"INSERT INTO flags ({', '.join(FLAG_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(FLAG_INSERT_COLUMNS))})"
)
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


def touch_document(
    conn: Connection, sha256: str, pages: int | None, now: float, size: int | None = None
) -> None:
    """The document row for `sha256`: created, or its last-seen time (and facts) updated."""
    statement = sqlite_insert(Document).values(
        sha256=sha256, pages=pages, first_seen=now, last_seen=now, size=size
    )
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=[Document.sha256],
            set_={
                "last_seen": now,
                "pages": func.coalesce(statement.excluded.pages, Document.pages),
                "size": func.coalesce(statement.excluded.size, Document.size),
            },
        )
    )


def store_result(
    conn: Connection, job_id: int, result: Mapping[str, Any], now: float
) -> dict[str, Any]:
    """Write the result's rows; returns the job columns that summarise it."""
    flags: Sequence[Mapping[str, Any]] = result.get("flags") or []
    sources: Sequence[Mapping[str, Any]] = result.get("sources") or []
    sha256 = result.get("sha256") or None
    pages = int_or_none(result.get("pages"))
    if sha256:
        path = conn.execute(select(Job.path).where(Job.id == job_id)).scalar()
        touch_document(conn, str(sha256), pages, now, file_size(path))
    # A job finalised twice keeps only its last result.
    conn.execute(delete(FlagRow).where(FlagRow.job_id == job_id))
    conn.execute(delete(SourceRow).where(SourceRow.job_id == job_id))
    if flags:
        conn.exec_driver_sql(_INSERT_FLAGS, list(_flag_rows(job_id, flags)))
    if sources:
        conn.execute(sqlite_insert(SourceRow), [_source_row(job_id, s) for s in sources])
    values: dict[str, Any] = {
        "pages": pages,
        "flag_count": len(flags),
        "similarity": int_or_none(result.get("similarity")),
        "result_json": result_json(result),
    }
    if sha256:
        values["sha256"] = str(sha256)
    return values


def _flag_rows(job_id: int, flags: Sequence[Mapping[str, Any]]) -> Iterator[tuple[Any, ...]]:
    for index, flag in enumerate(flags):
        if index and index % FLAGS_PER_PIECE == 0:
            time.sleep(PAUSE_S)  # let the GUI thread run
        yield flag_row(job_id, index, flag)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def result_json(result: Mapping[str, Any]) -> str:
    """The result as compact JSON, exactly `json.dumps` would write it, made a piece at a time."""
    flags = result.get("flags")
    if not isinstance(flags, list) or len(flags) <= FLAGS_PER_PIECE:
        return _dumps(result)
    pieces: list[str] = []
    for start in range(0, len(flags), FLAGS_PER_PIECE):
        pieces.append(_dumps(flags[start : start + FLAGS_PER_PIECE])[1:-1])
        time.sleep(PAUSE_S)  # let the GUI thread run
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


def _source_row(job_id: int, source: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "n": int_or_none(source.get("n")) or 0,
        "name": str(source.get("name") or ""),
        "type": source.get("type"),
        "percent": int_or_none(source.get("percent")),
        "label": source.get("label"),
    }

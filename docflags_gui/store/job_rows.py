"""The SQL of a job's life in the history, on a plain sqlite3 connection inside a write
transaction: recorded QUEUED, started, finished with its result's rows, interrupted.

The one copy of these statements: HistoryStore runs them on the driver connection of its
SQLAlchemy transaction (db.driver_connection), the command line's writer (store.plain_writer)
on its own connection, so both write exactly the same rows. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docflags_gui import ENGINE_VERSION
from docflags_gui.runner.states import FINAL_STATES, JobState
from docflags_gui.store.owner import ProcessOwner
from docflags_gui.store.result_values import (
    FLAG_INSERT_COLUMNS,
    SOURCE_INSERT_COLUMNS,
    file_size,
    flag_rows,
    int_or_none,
    source_row,
    summary_values,
)

# The columns of a new job, in queued_row's order.
QUEUED_COLUMNS = (
    "sha256", "path", "path_bytes", "file_name", "state", "created", "settings_json",
    "engine_version", "origin", "owner_id", "owner_pid", "manager_job_id",
)  # fmt: skip
# The job columns a later write may set (update_job refuses any other name).
_UPDATABLE = frozenset(
    {"state", "started", "finished", "error", "attempt", "log_path"}
    | {"pages", "flag_count", "similarity", "result_json", "sha256"}
)


def _insert(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_INSERT_JOB = _insert("jobs", QUEUED_COLUMNS) + " RETURNING id"
_INSERT_FLAGS = _insert("flags", FLAG_INSERT_COLUMNS)
_INSERT_SOURCES = _insert("sources", SOURCE_INSERT_COLUMNS)
_TOUCH_DOCUMENT = (
    _insert("documents", ("sha256", "pages", "first_seen", "last_seen", "size"))
    + " ON CONFLICT (sha256) DO UPDATE SET last_seen = excluded.last_seen,"
    " pages = coalesce(excluded.pages, documents.pages),"
    " size = coalesce(excluded.size, documents.size)"
)


def queued_row(
    path: Path | str,
    *,
    origin: str,
    owner: ProcessOwner,
    now: float,
    sha256: str | None = None,
    settings: Mapping[str, Any] | None = None,
    manager_job_id: str | None = None,
    engine_version: str = ENGINE_VERSION,
) -> tuple[Any, ...]:
    """A new job's values in QUEUED_COLUMNS order. Any file name is kept: one that is not
    valid UTF-8 is stored as its bytes beside a display form (`JobRecord.fs_path`)."""
    raw = os.fsencode(path)
    display = raw.decode("utf-8", "replace")
    return (
        sha256 or None,
        display,
        None if display == os.fspath(path) else raw,
        Path(display).name,
        JobState.QUEUED.value,
        now,
        json.dumps(dict(settings)) if settings is not None else None,
        engine_version,
        origin,
        owner.owner_id,
        owner.pid,
        manager_job_id,
    )


def insert_job(conn: sqlite3.Connection, row: Sequence[Any]) -> int:
    """Record a queued_row; returns the job's history id."""
    return int(conn.execute(_INSERT_JOB, row).fetchone()[0])


def touch_document(
    conn: sqlite3.Connection, sha256: str, pages: int | None, now: float, size: int | None = None
) -> None:
    """The document row for `sha256`: created, or its last-seen time (and facts) updated."""
    conn.execute(_TOUCH_DOCUMENT, (sha256, pages, now, now, size))


def update_job(conn: sqlite3.Connection, job_id: int, values: Mapping[str, Any]) -> None:
    """Set these columns of job `job_id`."""
    unknown = set(values) - _UPDATABLE
    if unknown:
        raise ValueError(f"not a job column to update: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*values.values(), job_id))


def started_values(attempt: int | None = None) -> dict[str, Any]:
    """The columns of a job that starts running (again)."""
    return {
        "state": JobState.RUNNING.value,
        "started": time.time(),
        "finished": None,
        "attempt": attempt,
    }


def check_final(state: JobState | str) -> None:
    if state not in FINAL_STATES:
        raise ValueError(f"not a final job state: {state!r}")


def finish_job(
    conn: sqlite3.Connection,
    job_id: int,
    state: JobState | str,
    *,
    result: Mapping[str, Any] | None,
    error: str | None,
    attempt: int | None,
    log_path: Path | str | None,
    now: float,
    pause_s: float,
) -> None:
    """The job ended in `state` (a final one); a SUCCESS keeps its docflags/1 `result` whole
    and as rows (made with `pause_s` pauses, see store.result_values)."""
    values: dict[str, Any] = {"state": str(state), "finished": now, "error": error}
    if attempt is not None:
        values["attempt"] = attempt
    if log_path is not None:
        values["log_path"] = str(log_path)
    if result is not None:
        values.update(store_result(conn, job_id, result, now, pause_s))
    update_job(conn, job_id, values)


def store_result(
    conn: sqlite3.Connection,
    job_id: int,
    result: Mapping[str, Any],
    now: float,
    pause_s: float,
) -> dict[str, Any]:
    """Write the result's document, flag and source rows; returns the job columns that
    summarise it."""
    flags: Sequence[Mapping[str, Any]] = result.get("flags") or []
    sources: Sequence[Mapping[str, Any]] = result.get("sources") or []
    sha256 = result.get("sha256") or None
    if sha256:
        found = conn.execute("SELECT path FROM jobs WHERE id = ?", (job_id,)).fetchone()
        size = file_size(found[0] if found else None)
        touch_document(conn, str(sha256), int_or_none(result.get("pages")), now, size)
    # A job finalised twice keeps only its last result.
    conn.execute("DELETE FROM flags WHERE job_id = ?", (job_id,))
    conn.execute("DELETE FROM sources WHERE job_id = ?", (job_id,))
    if flags:
        conn.executemany(_INSERT_FLAGS, flag_rows(job_id, flags, pause_s))
    if sources:
        conn.executemany(_INSERT_SOURCES, [source_row(job_id, s) for s in sources])
    return summary_values(result, pause_s)


def interrupt_owners(
    conn: sqlite3.Connection, owner_ids: Sequence[str | None], why: str
) -> list[int]:
    """The unfinished jobs of these owners (None: jobs without one) become INTERRUPTED;
    returns their ids, sorted."""
    if not owner_ids:
        return []
    named = [o for o in owner_ids if o is not None]
    owner_match = f"owner_id IN ({', '.join('?' * len(named))})"
    if None in owner_ids:
        owner_match = f"({owner_match} OR owner_id IS NULL)"
    statement = (
        f"UPDATE jobs SET state = ?, finished = ?, error = ? WHERE state = ? AND {owner_match}"
        " RETURNING id"
    )
    ids: list[int] = []
    for state, when in (
        (JobState.RUNNING, "while it was running"),
        (JobState.QUEUED, "before it started"),
    ):
        error = f"Interrupted: {why} {when}. Re-analyse the file to try again."
        values = (JobState.INTERRUPTED.value, time.time(), error, state.value, *named)
        ids += [row[0] for row in conn.execute(statement, values).fetchall()]
    return sorted(ids)

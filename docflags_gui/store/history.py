"""HistoryStore: record jobs and their docflags/1 results, find, list, search, delete, retain.

One store per process. In the app it is used from the GUI thread only; the CLI uses its own store
for its own jobs. Every read-then-write runs under BEGIN IMMEDIATE (see db.py), so the app and any
number of CLI processes can write the same file at once.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Row, Select, delete, func, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import InstrumentedAttribute

from docflags_gui import ENGINE_VERSION, paths
from docflags_gui.hashing import file_sha256
from docflags_gui.runner.states import JobState
from docflags_gui.store.db import make_engines
from docflags_gui.store.migrations import migrate
from docflags_gui.store.models import Document, FlagRow, Job, Setting, SourceRow
from docflags_gui.store.owner import ProcessOwner, owner_alive, sweep_dead_owner_files
from docflags_gui.store.records import (
    ACTIVE_STATES,
    ALL_STATES,
    FINAL_STATES,
    JobRecord,
    StoredResult,
)

log = logging.getLogger(__name__)

RETENTION_KEY = "retention_days"

# A string bound: SQLAlchemy 2.0 cannot subscript Select with an unpacked tuple at run time.
_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")

# JobRecord fields the list can be sorted by, and their columns.
SORTABLE: dict[str, ColumnElement[Any] | InstrumentedAttribute[Any]] = {
    "file": Job.file_name.collate("NOCASE"),
    "created": Job.created,
    "finished": Job.finished,
    "state": Job.state,
    "pages": Job.pages,
    "flags": Job.flag_count,
    "similarity": Job.similarity,
}

_LIST_COLUMNS = (
    Job.id,
    Job.file_name,
    Job.path,
    Job.sha256,
    Job.state,
    Job.pages,
    Job.flag_count,
    Job.similarity,
    Job.created,
    Job.started,
    Job.finished,
    Job.error,
    Job.engine_version,
    Job.origin,
    Job.owner_pid,
    Job.attempt,
    Job.log_path,
)
_STATE_COLUMN = _LIST_COLUMNS.index(Job.state)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class HistoryStore:
    """The history database of one process; `origin` is "app" or "cli"."""

    def __init__(self, db_path: Path, *, origin: str = "app") -> None:
        self.db_path = db_path
        self.origin = origin
        self.backup_path = migrate(db_path)
        self._read, self._write = make_engines(db_path)
        self.owners_dir = db_path.with_name(db_path.name + ".owners")
        self._owner: ProcessOwner | None = None

    @classmethod
    def open_default(cls, *, origin: str = "app") -> HistoryStore:
        """The user's history (DOCFLAGS_DATA_DIR when set)."""
        return cls(paths.history_db_path(), origin=origin)

    def close(self) -> None:
        """Orderly end: this process's unfinished jobs become INTERRUPTED, the lock is given up."""
        if self._owner is not None and self._owner.held:
            with self._write.begin() as conn:
                self._interrupt_owners(conn, [self._owner.owner_id], "docflags was closed")
            self._owner.release()
        self._read.dispose()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- recording ---------------------------------------------------------------------------

    def _ownership(self) -> ProcessOwner:
        if self._owner is None or not self._owner.held:
            self._owner = ProcessOwner(self.owners_dir)
        return self._owner

    def record_queued(
        self,
        path: Path | str,
        *,
        sha256: str | None = None,
        settings: Mapping[str, Any] | None = None,
        manager_job_id: str | None = None,
        engine_version: str = ENGINE_VERSION,
    ) -> int:
        """A new job for `path`, owned by this process; returns its history id."""
        owner = self._ownership()
        now = time.time()
        with self._write.begin() as conn:
            if sha256:
                self._touch_document(conn, sha256, None, now)
            job_id = conn.execute(
                sqlite_insert(Job)
                .values(
                    sha256=sha256 or None,
                    path=str(path),
                    file_name=Path(path).name,
                    state="QUEUED",
                    created=now,
                    settings_json=json.dumps(dict(settings)) if settings is not None else None,
                    engine_version=engine_version,
                    origin=self.origin,
                    owner_id=owner.owner_id,
                    owner_pid=owner.pid,
                    manager_job_id=manager_job_id,
                )
                .returning(Job.id)
            ).scalar_one()
        return int(job_id)

    def record_started(self, job_id: int, *, attempt: int | None = None) -> None:
        with self._write.begin() as conn:
            conn.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(state="RUNNING", started=time.time(), finished=None, attempt=attempt)
            )

    def record_retrying(self, job_id: int, *, next_attempt: int, reason: str) -> None:
        """An attempt ended CRASHED or TIMED_OUT and the job waits to run again."""
        with self._write.begin() as conn:
            conn.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(state="QUEUED", attempt=next_attempt, error=reason, finished=None)
            )

    def record_finished(
        self,
        job_id: int,
        state: JobState | str,
        *,
        result: Mapping[str, Any] | None = None,
        error: str | None = None,
        attempt: int | None = None,
        log_path: Path | str | None = None,
    ) -> None:
        """The job ended in `state`; a SUCCESS keeps its docflags/1 `result` whole and as rows."""
        if state not in FINAL_STATES:
            raise ValueError(f"not a final job state: {state!r}")
        now = time.time()
        values: dict[str, Any] = {"state": str(state), "finished": now, "error": error}
        if attempt is not None:
            values["attempt"] = attempt
        if log_path is not None:
            values["log_path"] = str(log_path)
        with self._write.begin() as conn:
            if result is not None:
                values.update(self._store_result(conn, job_id, result, now))
            conn.execute(update(Job).where(Job.id == job_id).values(**values))

    def _touch_document(
        self,
        conn: Connection,
        sha256: str,
        pages: int | None,
        now: float,
        size: int | None = None,
    ) -> None:
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

    def _store_result(
        self, conn: Connection, job_id: int, result: Mapping[str, Any], now: float
    ) -> dict[str, Any]:
        flags: Sequence[Mapping[str, Any]] = result.get("flags") or []
        sources: Sequence[Mapping[str, Any]] = result.get("sources") or []
        sha256 = result.get("sha256") or None
        pages = _int_or_none(result.get("pages"))
        if sha256:
            path = conn.execute(select(Job.path).where(Job.id == job_id)).scalar()
            self._touch_document(conn, str(sha256), pages, now, _file_size(path))
        # A job finalised twice keeps only its last result.
        conn.execute(delete(FlagRow).where(FlagRow.job_id == job_id))
        conn.execute(delete(SourceRow).where(SourceRow.job_id == job_id))
        if flags:
            rows = [_flag_row(job_id, i, f) for i, f in enumerate(flags)]
            conn.exec_driver_sql(_INSERT_FLAGS, rows)
        if sources:
            conn.execute(sqlite_insert(SourceRow), [_source_row(job_id, s) for s in sources])
        values: dict[str, Any] = {
            "pages": pages,
            "flag_count": len(flags),
            "similarity": _int_or_none(result.get("similarity")),
            "result_json": json.dumps(result, ensure_ascii=False, separators=(",", ":")),
        }
        if sha256:
            values["sha256"] = str(sha256)
        return values

    # -- interrupted jobs --------------------------------------------------------------------

    def mark_interrupted(self) -> list[int]:
        """Unfinished jobs whose owning process is gone become INTERRUPTED; returns their ids.

        Jobs of live processes (this one, the running app, another CLI) are left alone, so any
        docflags command may call this at any time.
        """
        own = self._owner.owner_id if self._owner is not None and self._owner.held else None
        with self._write.begin() as conn:
            owners = conn.execute(
                select(Job.owner_id).where(Job.state.in_(ACTIVE_STATES)).distinct()
            ).scalars()
            dead = [
                o for o in owners if o != own and (o is None or not owner_alive(self.owners_dir, o))
            ]
            ids = self._interrupt_owners(conn, dead, "docflags stopped")
        if ids:
            log.info("marked %d unfinished job(s) of stopped processes INTERRUPTED", len(ids))
        sweep_dead_owner_files(self.owners_dir)
        return ids

    def _interrupt_owners(
        self, conn: Connection, owner_ids: Sequence[str | None], why: str
    ) -> list[int]:
        if not owner_ids:
            return []
        named = [o for o in owner_ids if o is not None]
        owner_match = (
            or_(Job.owner_id.in_(named), Job.owner_id.is_(None))
            if None in owner_ids
            else Job.owner_id.in_(named)
        )
        ids: list[int] = []
        for state, when in (("RUNNING", "while it was running"), ("QUEUED", "before it started")):
            ids += conn.execute(
                update(Job)
                .where(Job.state == state, owner_match)
                .values(
                    state="INTERRUPTED",
                    finished=time.time(),
                    error=f"Interrupted: {why} {when}. Re-analyse the file to try again.",
                )
                .returning(Job.id)
            ).scalars()
        return sorted(ids)

    # -- reading -----------------------------------------------------------------------------

    def _filtered(self, query: _Query, search: str | None, state: str | None) -> _Query:
        if search:
            pattern = _like_pattern(search)
            flagged = select(FlagRow.job_id).where(
                or_(
                    FlagRow.text.like(pattern, escape="\\"),
                    FlagRow.comment.like(pattern, escape="\\"),
                )
            )
            query = query.where(or_(Job.file_name.like(pattern, escape="\\"), Job.id.in_(flagged)))
        if state:
            if state not in ALL_STATES:
                raise ValueError(f"unknown job state: {state!r}")
            query = query.where(Job.state == state)
        return query

    def list_jobs(
        self,
        *,
        search: str | None = None,
        state: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        order_by: str = "created",
        descending: bool = True,
    ) -> list[JobRecord]:
        """Jobs, newest first unless `order_by` names another JobRecord field (file, state,
        pages, flags, similarity, finished); `search` matches the file name and the flagged
        text and comments. `limit`/`offset` page through the list."""
        if order_by not in SORTABLE:
            raise ValueError(f"cannot sort jobs by {order_by!r}")
        column = SORTABLE[order_by]
        query = self._filtered(select(*_LIST_COLUMNS), search, state)
        if descending:
            query = query.order_by(column.desc(), Job.id.desc())
        else:
            query = query.order_by(column.asc(), Job.id.asc())
        query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._read.connect() as conn:
            return [_record(row) for row in conn.execute(query)]

    def count_jobs(self, *, search: str | None = None, state: str | None = None) -> int:
        query = self._filtered(select(func.count(Job.id)), search, state)
        with self._read.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def get_job(self, job_id: int) -> JobRecord | None:
        with self._read.connect() as conn:
            row = conn.execute(select(*_LIST_COLUMNS).where(Job.id == job_id)).one_or_none()
        return _record(row) if row is not None else None

    def record_match(self, job_id: int, result: Mapping[str, Any]) -> bool:
        """Keep a match (the analysis result with `manuscript` and each flag's `match`) as the
        successful job's result; False when the job is gone or did not succeed."""
        text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
        with self._write.begin() as conn:
            changed = conn.execute(
                update(Job).where(Job.id == job_id, Job.state == "SUCCESS").values(result_json=text)
            ).rowcount
        return bool(changed)

    def get_result(self, job_id: int) -> dict[str, Any] | None:
        """The docflags/1 document of a successful job, exactly as it was recorded."""
        with self._read.connect() as conn:
            text = conn.execute(select(Job.result_json).where(Job.id == job_id)).scalar()
        return _parse_result(text)

    def find_result(self, sha256: str, engine_version: str = ENGINE_VERSION) -> StoredResult | None:
        """The newest successful result for this content and engine version, if any."""
        query = (
            select(Job.id, Job.finished, Job.path, Job.result_json)
            .where(
                Job.sha256 == sha256,
                Job.engine_version == engine_version,
                Job.state == "SUCCESS",
                Job.result_json.is_not(None),
            )
            .order_by(Job.finished.desc(), Job.id.desc())
            .limit(1)
        )
        with self._read.connect() as conn:
            row = conn.execute(query).one_or_none()
        if row is None:
            return None
        result = _parse_result(row.result_json)
        if result is None:
            return None
        return StoredResult(job_id=row.id, finished=row.finished, path=row.path, result=result)

    def find_result_for_file(
        self, path: Path, engine_version: str = ENGINE_VERSION
    ) -> StoredResult | None:
        """find_result for a file on disk. The file is only read (hashed) when a stored result
        of this engine version has its size, so checking a new file costs one stat()."""
        size = _file_size(str(path))
        if size is None:
            return None
        candidates = (
            select(Job.id)
            .join(Document, Document.sha256 == Job.sha256)
            .where(
                Job.state == "SUCCESS",
                Job.engine_version == engine_version,
                or_(Document.size == size, Document.size.is_(None)),  # None: stored before v3
            )
            .limit(1)
        )
        with self._read.connect() as conn:
            if conn.execute(candidates).first() is None:
                return None
        try:
            sha256 = file_sha256(path)
        except OSError:
            return None
        return self.find_result(sha256, engine_version)

    # -- deleting and retention --------------------------------------------------------------

    def delete_jobs(self, job_ids: Iterable[int]) -> int:
        """Delete finished jobs (with their flags and sources); unfinished ones are kept."""
        ids = list(job_ids)
        if not ids:
            return 0
        with self._write.begin() as conn:
            count = conn.execute(
                delete(Job).where(Job.id.in_(ids), Job.state.in_(FINAL_STATES))
            ).rowcount
            self._drop_unused_documents(conn)
        return int(count)

    def _drop_unused_documents(self, conn: Connection) -> None:
        used = select(Job.sha256).where(Job.sha256.is_not(None))
        conn.execute(delete(Document).where(Document.sha256.not_in(used)))

    @property
    def retention_days(self) -> int | None:
        """Days a finished job is kept; None keeps every job for ever (the default)."""
        with self._read.connect() as conn:
            value = conn.execute(select(Setting.value).where(Setting.key == RETENTION_KEY)).scalar()
        return int(value) if value else None

    def set_retention_days(self, days: int | None) -> None:
        if days is not None and days < 1:
            raise ValueError("retention must be at least one day (or None: keep for ever)")
        with self._write.begin() as conn:
            if days is None:
                conn.execute(delete(Setting).where(Setting.key == RETENTION_KEY))
            else:
                statement = sqlite_insert(Setting).values(key=RETENTION_KEY, value=str(days))
                conn.execute(
                    statement.on_conflict_do_update(
                        index_elements=[Setting.key], set_={"value": str(days)}
                    )
                )

    def apply_retention(self, now: float | None = None) -> int:
        """Delete finished jobs older than the retention period; returns how many."""
        days = self.retention_days
        if days is None:
            return 0
        cutoff = (time.time() if now is None else now) - days * 86400
        with self._write.begin() as conn:
            count = conn.execute(
                delete(Job).where(
                    Job.state.in_(FINAL_STATES),
                    func.coalesce(Job.finished, Job.created) < cutoff,
                )
            ).rowcount
            self._drop_unused_documents(conn)
        return int(count)


def _record(row: Row[*tuple[Any, ...]]) -> JobRecord:
    values: list[Any] = list(row)
    values[_STATE_COLUMN] = JobState(values[_STATE_COLUMN])
    return JobRecord(*values)


# Flag rows go in through the driver's executemany: a 10,000-flag result is stored on the GUI
# thread, and SQLAlchemy's per-row parameter handling would double the time. The column order
# of _flag_row's tuples (a test checks it against the model):
FLAG_INSERT_COLUMNS = (
    "job_id", "n", "page", "kind", "color", "text", "source", "comment", "ocr",
    "x0", "y0", "x1", "y1",
)  # fmt: skip
_INSERT_FLAGS = (
    f"INSERT INTO flags ({', '.join(FLAG_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(FLAG_INSERT_COLUMNS))})"
)
_NO_RECT = (None, None, None, None)


def _flag_row(job_id: int, index: int, flag: Mapping[str, Any]) -> tuple[Any, ...]:
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
        _int_or_none(get("page")) or 0,
        str(get("kind") or ""),
        None if color is None else str(color),
        str(get("text") or ""),
        _int_or_none(get("source")),
        None if comment is None else str(comment),
        1 if get("ocr") else 0,
        *box,
    )


def _source_row(job_id: int, source: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "n": _int_or_none(source.get("n")) or 0,
        "name": str(source.get("name") or ""),
        "type": source.get("type"),
        "percent": _int_or_none(source.get("percent")),
        "label": source.get("label"),
    }


def _file_size(path: str | None) -> int | None:
    if not path:
        return None
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _parse_result(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        log.error("a stored result is not valid JSON; ignoring it")
        return None
    return value if isinstance(value, dict) else None

"""HistoryReader: the history's queries (list, count, search, results by id or content).

Reads use connections of their own (WAL lets them run beside the writer thread), on whatever
thread asks; nothing here writes.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Connection, Engine, Row, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from docflags_gui import ENGINE_VERSION
from docflags_gui.hashing import file_sha256
from docflags_gui.result import ResultDocument
from docflags_gui.review.entries import Decision, apply_decisions
from docflags_gui.runner.states import ALL_STATES, JobState
from docflags_gui.store.models import Document, FlagRow, Job, Setting
from docflags_gui.store.records import JobRecord, StoredResult
from docflags_gui.store.result_values import file_size
from docflags_gui.store.reviews import StoredReview, read_decisions, read_review_job

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

# JobRecord's fields, in order.
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
    Job.path_bytes,
)
_STATE_COLUMN = _LIST_COLUMNS.index(Job.state)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class HistoryReader:
    """Queries on the history database through `read_engine`."""

    def __init__(self, read_engine: Engine) -> None:
        self._read = read_engine

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
            query = query.where(Job.state == str(state))
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

    def get_result(self, job_id: int) -> ResultDocument | None:
        """The docflags/1 document of a successful job as it was recorded, with the review
        decisions made on its report since (see `review_decisions`)."""
        with self._read.connect() as conn:
            text = conn.execute(select(Job.result_json).where(Job.id == job_id)).scalar()
            return _with_decisions(conn, _parse_result(text))

    def review_decisions(self, report_sha256: str) -> dict[str, Decision]:
        """The reviewer's decisions on passages of the report with this content, by passage."""
        with self._read.connect() as conn:
            return read_decisions(conn, report_sha256)

    def review_job(self, job_id: int) -> StoredReview | None:
        """A matched job's review rules and manuscript, or None when it was never matched."""
        with self._read.connect() as conn:
            return read_review_job(conn, job_id)

    def find_result(self, sha256: str, engine_version: str = ENGINE_VERSION) -> StoredResult | None:
        """The newest successful result for this content and engine version, if any."""
        query = (
            select(Job.id, Job.finished, Job.path, Job.result_json)
            .where(
                Job.sha256 == sha256,
                Job.engine_version == engine_version,
                Job.state == JobState.SUCCESS.value,
                Job.result_json.is_not(None),
            )
            .order_by(Job.finished.desc(), Job.id.desc())
            .limit(1)
        )
        with self._read.connect() as conn:
            row = conn.execute(query).one_or_none()
            result = None if row is None else _with_decisions(conn, _parse_result(row.result_json))
        if row is None or result is None:
            return None
        return StoredResult(job_id=row.id, finished=row.finished, path=row.path, result=result)

    def find_result_for_file(
        self, path: Path, engine_version: str = ENGINE_VERSION
    ) -> StoredResult | None:
        """find_result for a file on disk. The file is only read (hashed) when a stored result
        of this engine version has its size, so checking a new file costs one stat()."""
        known = self.analysed_files([path], engine_version)
        return self.find_result(known[0][1], engine_version) if known else None

    def analysed_files(
        self, paths: list[Path], engine_version: str = ENGINE_VERSION
    ) -> list[tuple[Path, str, int]]:
        """Of `paths` (a drop: up to thousands), those whose content this engine version
        analysed successfully, as (path, sha256, newest job id), in the order given. Two
        queries in all, and only a file whose size a stored result has is read (hashed): a
        folder of new PDFs costs one stat() a file, not a query and a result parsed each."""
        sizes_query = (
            select(Document.size)
            .join(Job, Job.sha256 == Document.sha256)
            .where(Job.state == JobState.SUCCESS.value, Job.engine_version == engine_version)
            .distinct()
        )
        with self._read.connect() as conn:
            sizes = set(conn.execute(sizes_query).scalars())
        if not sizes:
            return []
        every_size = None in sizes  # stored before v3, without a size: any file may match
        hashed: list[tuple[Path, str]] = []
        for path in paths:
            size = file_size(str(path))
            if size is None or not (every_size or size in sizes):
                continue
            try:
                hashed.append((path, file_sha256(path)))
            except OSError:
                continue
        if not hashed:
            return []
        newest = (
            select(Job.sha256, func.max(Job.id))
            .where(
                Job.sha256.in_({sha for _path, sha in hashed}),
                Job.engine_version == engine_version,
                Job.state == JobState.SUCCESS.value,
                Job.result_json.is_not(None),
            )
            .group_by(Job.sha256)
        )
        with self._read.connect() as conn:
            job_ids = {str(sha): int(job_id) for sha, job_id in conn.execute(newest)}
        return [(path, sha, job_ids[sha]) for path, sha in hashed if sha in job_ids]

    @property
    def retention_days(self) -> int | None:
        """Days a finished job is kept; None keeps every job for ever (the default)."""
        with self._read.connect() as conn:
            value = conn.execute(select(Setting.value).where(Setting.key == RETENTION_KEY)).scalar()
        return int(value) if value else None


def _record(row: Row[*tuple[Any, ...]]) -> JobRecord:
    values: list[Any] = list(row)
    values[_STATE_COLUMN] = JobState(values[_STATE_COLUMN])
    return JobRecord(*values)


def _with_decisions(conn: Connection, result: ResultDocument | None) -> ResultDocument | None:
    """`result` with the decisions stored for its report, when there are any."""
    if result is None or not isinstance(result.get("sha256"), str):
        return result
    decisions = read_decisions(conn, result["sha256"])
    return apply_decisions(result, decisions) if decisions else result


def _parse_result(text: str | None) -> ResultDocument | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        log.error("a stored result is not valid JSON; ignoring it")
        return None
    return cast(ResultDocument, value) if isinstance(value, dict) else None

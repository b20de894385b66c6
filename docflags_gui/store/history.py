"""HistoryStore: record jobs and their docflags/1 results; delete, retain; the interrupted.

One store per process; its writes all run on its StoreWriter thread, which owns the write
connection (store.writer). The write methods wait for their answer; `later(method, ...)` runs
one without waiting, for the GUI thread. Every write runs under BEGIN IMMEDIATE (see db.py), so
the app and any number of CLI processes can write the same file at once. The queries are
HistoryReader's (store.reading), on connections of their own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from docflags_gui import ENGINE_VERSION, paths
from docflags_gui.review.entries import Decision
from docflags_gui.review.rules import ReviewRules
from docflags_gui.runner.states import ACTIVE_STATES, FINAL_STATES, JobState
from docflags_gui.store import job_rows
from docflags_gui.store.db import driver_connection, make_engines
from docflags_gui.store.migrations import migrate
from docflags_gui.store.models import Document, Job, Setting
from docflags_gui.store.owner import (
    ProcessOwner,
    owner_alive,
    owners_dir_for,
    sweep_dead_owner_files,
)
from docflags_gui.store.reading import RETENTION_KEY, HistoryReader
from docflags_gui.store.result_values import PAUSE_S, result_json
from docflags_gui.store.reviews import write_decisions, write_review_job
from docflags_gui.store.writer import StoreWriter

log = logging.getLogger(__name__)

T = TypeVar("T")


class HistoryStore(HistoryReader):
    """The history database of one process; `origin` is "app" or "cli"."""

    def __init__(self, db_path: Path, *, origin: str = "app") -> None:
        self.db_path = db_path
        self.origin = origin
        self.backup_path = migrate(db_path)
        read, self._write = make_engines(db_path)
        super().__init__(read)
        self.writer = StoreWriter(self._write)
        self.owners_dir = owners_dir_for(db_path)
        self._owner: ProcessOwner | None = None

    @classmethod
    def open_default(cls, *, origin: str = "app") -> HistoryStore:
        """The user's history (DOCFLAGS_DATA_DIR when set)."""
        return cls(paths.history_db_path(), origin=origin)

    def close(self) -> None:
        """Orderly end: writes still queued are done, this process's unfinished jobs become
        INTERRUPTED, the lock is given up. Closing again does nothing (the window closes its
        store as it quits, and again when the recorder that holds it is destroyed)."""
        if self.writer.closed:
            return
        try:
            self.writer.drain()  # queued writes may record jobs (and take ownership) first
            if self._owner is not None and self._owner.held:
                owner = self._owner.owner_id
                self.writer.call(
                    lambda conn: job_rows.interrupt_owners(
                        driver_connection(conn), [owner], "docflags was closed"
                    )
                )
                self._owner.release()
        finally:
            self.writer.close()
            self._read.dispose()
            self._write.dispose()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def later(self, method: Callable[..., T], *args: object, **kwargs: object) -> Future[T]:
        """Run `method(*args, **kwargs)` (a write method of this store) on the writer thread,
        after every write asked for before; returns at once. A Future among the arguments
        stands for its answer (e.g. the id of a job recorded by an earlier `later`)."""

        def run() -> T:
            given = [a.result() if isinstance(a, Future) else a for a in args]
            named = {k: v.result() if isinstance(v, Future) else v for k, v in kwargs.items()}
            return method(*given, **named)

        return self.writer.submit(run)

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
        """A new job for `path`, owned by this process; returns its history id.

        Any file name is kept: one that is not valid UTF-8 is stored as its bytes beside a
        display form (`JobRecord.fs_path` gives it back)."""
        now = time.time()
        row = self._queued_row(path, sha256, settings, manager_job_id, engine_version, now)

        def write(conn: Connection) -> int:
            raw = driver_connection(conn)
            if sha256:
                job_rows.touch_document(raw, sha256, None, now)
            return job_rows.insert_job(raw, row)

        return self.writer.call(write)

    def record_queued_many(
        self, jobs: Sequence[tuple[Path | str, Mapping[str, Any] | None, str | None]]
    ) -> list[int]:
        """New jobs (path, settings, manager job id) as record_queued each, in one transaction
        (a dropped folder of 2,000 files is one, not 2,000); their history ids, in order."""
        now = time.time()
        rows = [
            self._queued_row(path, None, settings, job_id, ENGINE_VERSION, now)
            for path, settings, job_id in jobs
        ]

        def write(conn: Connection) -> list[int]:
            raw = driver_connection(conn)
            return [job_rows.insert_job(raw, row) for row in rows]

        return self.writer.call(write)

    def _queued_row(
        self,
        path: Path | str,
        sha256: str | None,
        settings: Mapping[str, Any] | None,
        manager_job_id: str | None,
        engine_version: str,
        now: float,
    ) -> tuple[Any, ...]:
        return job_rows.queued_row(
            path,
            origin=self.origin,
            owner=self._ownership(),
            now=now,
            sha256=sha256,
            settings=settings,
            manager_job_id=manager_job_id,
            engine_version=engine_version,
        )

    def _update_job(self, job_id: int, **values: Any) -> None:
        self.writer.call(lambda conn: job_rows.update_job(driver_connection(conn), job_id, values))

    def record_started(self, job_id: int, *, attempt: int | None = None) -> None:
        self._update_job(job_id, **job_rows.started_values(attempt))

    def record_retrying(self, job_id: int, *, next_attempt: int, reason: str) -> None:
        """An attempt ended CRASHED or TIMED_OUT and the job waits to run again."""
        queued = JobState.QUEUED.value
        self._update_job(job_id, state=queued, attempt=next_attempt, error=reason, finished=None)

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
        job_rows.check_final(state)
        now = time.time()

        def write(conn: Connection) -> None:
            job_rows.finish_job(
                driver_connection(conn),
                job_id,
                state,
                result=result,
                error=error,
                attempt=attempt,
                log_path=log_path,
                now=now,
                pause_s=PAUSE_S,
            )

        self.writer.call(write)

    def record_finished_many(
        self, ended: Sequence[tuple[int, JobState | str, int | None, Path | str | None]]
    ) -> None:
        """Jobs that ended together without a result (cancelled at once), in one statement:
        (history id, final state, attempt or None, log path or None) each, as record_finished."""
        if any(state not in FINAL_STATES for _, state, _, _ in ended):
            raise ValueError("not a final job state")
        rows = [
            {"b_id": job_id, "b_state": str(state), "b_attempt": attempt, "b_log": log_path}
            for job_id, state, attempt, log_path in ended
        ]
        for row in rows:
            row["b_log"] = None if row["b_log"] is None else str(row["b_log"])
        statement = (
            update(Job)
            .where(Job.id == bindparam("b_id"))
            .values(
                state=bindparam("b_state"),
                finished=time.time(),
                error=None,
                attempt=func.coalesce(bindparam("b_attempt"), Job.attempt),
                log_path=func.coalesce(bindparam("b_log"), Job.log_path),
            )
        )
        if rows:
            self.writer.call(lambda conn: conn.execute(statement, rows))

    def record_match(self, job_id: int, result: Mapping[str, Any]) -> bool:
        """Keep a match (the analysis result with `manuscript` and each flag's `match`) as the
        successful job's result; False when the job is gone or did not succeed."""
        text = result_json(result)
        statement = (
            update(Job)
            .where(Job.id == job_id, Job.state == JobState.SUCCESS.value)
            .values(result_json=text)
        )
        return bool(self.writer.call(lambda conn: conn.execute(statement).rowcount))

    def record_review_decisions(
        self, report_sha256: str, decisions: Mapping[str, Decision]
    ) -> None:
        """Keep the reviewer's decisions on passages of the report with this content."""
        now = time.time()
        self.writer.call(lambda conn: write_decisions(conn, report_sha256, decisions, now))

    def record_review_job(self, job_id: int, rules: ReviewRules, manuscript: Path | None) -> None:
        """Keep a matched job's review rules and the manuscript it was matched with."""
        now = time.time()
        self.writer.call(lambda conn: write_review_job(conn, job_id, rules, manuscript, now))

    # -- interrupted jobs --------------------------------------------------------------------

    def mark_interrupted(self) -> list[int]:
        """Unfinished jobs whose owning process is gone become INTERRUPTED; returns their ids.

        Jobs of live processes (this one, the running app, another CLI) are left alone, so any
        docflags command may call this at any time.
        """
        own = self._owner.owner_id if self._owner is not None and self._owner.held else None

        def write(conn: Connection) -> list[int]:
            owners = conn.execute(
                select(Job.owner_id).where(Job.state.in_(ACTIVE_STATES)).distinct()
            ).scalars()
            dead = [
                o for o in owners if o != own and (o is None or not owner_alive(self.owners_dir, o))
            ]
            return job_rows.interrupt_owners(driver_connection(conn), dead, "docflags stopped")

        ids = self.writer.call(write)
        if ids:
            log.info("marked %d unfinished job(s) of stopped processes INTERRUPTED", len(ids))
        sweep_dead_owner_files(self.owners_dir)
        return ids

    # -- deleting and retention --------------------------------------------------------------

    def delete_jobs(self, job_ids: Iterable[int]) -> int:
        """Delete finished jobs (with their flags and sources); unfinished ones are kept."""
        ids = list(job_ids)
        if not ids:
            return 0

        def write(conn: Connection) -> int:
            doomed = delete(Job).where(Job.id.in_(ids), Job.state.in_(FINAL_STATES))
            count = conn.execute(doomed).rowcount
            _drop_unused_documents(conn)
            return int(count)

        return self.writer.call(write)

    def set_retention_days(self, days: int | None) -> None:
        if days is not None and days < 1:
            raise ValueError("retention must be at least one day (or None: keep for ever)")

        def write(conn: Connection) -> None:
            if days is None:
                conn.execute(delete(Setting).where(Setting.key == RETENTION_KEY))
                return
            statement = sqlite_insert(Setting).values(key=RETENTION_KEY, value=str(days))
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[Setting.key], set_={"value": str(days)}
                )
            )

        self.writer.call(write)

    def change_retention(self, days: int | None) -> int:
        """Keep finished jobs `days` days from now on (None: for ever), and delete those older
        at once; returns how many were deleted. One request, for the writer thread."""
        self.set_retention_days(days)
        return self.apply_retention()

    def apply_retention(self, now: float | None = None) -> int:
        """Delete finished jobs older than the retention period; returns how many."""
        days = self.retention_days
        if days is None:
            return 0
        cutoff = (time.time() if now is None else now) - days * 86400

        def write(conn: Connection) -> int:
            expired = delete(Job).where(
                Job.state.in_(FINAL_STATES), func.coalesce(Job.finished, Job.created) < cutoff
            )
            count = conn.execute(expired).rowcount
            _drop_unused_documents(conn)
            return int(count)

        return self.writer.call(write)


def _drop_unused_documents(conn: Connection) -> None:
    used = select(Job.sha256).where(Job.sha256.is_not(None))
    conn.execute(delete(Document).where(Document.sha256.not_in(used)))

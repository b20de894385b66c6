"""PlainHistoryWriter: one process's jobs recorded in the history with plain sqlite3, on the
calling thread, without SQLAlchemy.

For `docflags analyze`: importing SQLAlchemy and its ORM models costs about 0.3 s of CPU, taken
just when the workers start, for writes of a few milliseconds. It writes exactly the rows
HistoryStore writes (the same statements, store.job_rows), owns its jobs with the same lock
(store.owner), and opens the database the same way: migrated first (created on a fresh data
folder, backed up before an upgrade, refused when it is newer). Each write is one BEGIN
IMMEDIATE transaction; with no GUI thread to share the interpreter with, results are written
without pauses. Reading the history stays HistoryStore's.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docflags_gui import paths
from docflags_gui.runner.states import JobState
from docflags_gui.store import job_rows
from docflags_gui.store.connection import connect, write_transaction
from docflags_gui.store.migrations import migrate
from docflags_gui.store.owner import ProcessOwner, owners_dir_for


class PlainHistoryWriter:
    """Records jobs in the history database at `db_path`; `origin` is "app" or "cli"."""

    def __init__(self, db_path: Path, *, origin: str = "cli") -> None:
        self.db_path = db_path
        self.origin = origin
        self.backup_path = migrate(db_path)
        self.owners_dir = owners_dir_for(db_path)
        self._conn = connect(db_path)
        self._owner: ProcessOwner | None = None
        self._closed = False

    @classmethod
    def open_default(cls, *, origin: str = "cli") -> PlainHistoryWriter:
        """The user's history (DOCFLAGS_DATA_DIR when set)."""
        return cls(paths.history_db_path(), origin=origin)

    def _ownership(self) -> ProcessOwner:
        if self._owner is None or not self._owner.held:
            self._owner = ProcessOwner(self.owners_dir)
        return self._owner

    def record_queued(self, path: Path | str, *, settings: Mapping[str, Any] | None = None) -> int:
        """A new job for `path`, owned by this process; returns its history id."""
        row = job_rows.queued_row(
            path, origin=self.origin, owner=self._ownership(), now=time.time(), settings=settings
        )
        with write_transaction(self._conn) as conn:
            return job_rows.insert_job(conn, row)

    def record_started(self, job_id: int) -> None:
        with write_transaction(self._conn) as conn:
            job_rows.update_job(conn, job_id, job_rows.started_values())

    def record_finished(
        self,
        job_id: int,
        state: JobState | str,
        *,
        result: Mapping[str, Any] | None = None,
        error: str | None = None,
        log_path: Path | str | None = None,
    ) -> None:
        """The job ended in `state`; a SUCCESS keeps its docflags/1 `result` whole and as rows."""
        job_rows.check_final(state)
        now = time.time()
        with write_transaction(self._conn) as conn:
            job_rows.finish_job(
                conn,
                job_id,
                state,
                result=result,
                error=error,
                attempt=None,
                log_path=log_path,
                now=now,
                pause_s=0,
            )

    def close(self) -> None:
        """Orderly end: this process's unfinished jobs become INTERRUPTED, the lock is given up.
        Closing again does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._owner is not None and self._owner.held:
                owner = self._owner.owner_id
                with write_transaction(self._conn) as conn:
                    job_rows.interrupt_owners(conn, [owner], "docflags was closed")
                self._owner.release()
        finally:
            self._conn.close()

    def __enter__(self) -> PlainHistoryWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

"""Plain, immutable views of history rows handed to the UI and the CLI (no session attached)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from docflags_gui.result import ResultDocument
from docflags_gui.runner.states import ACTIVE_STATES, ALL_STATES, FINAL_STATES, JobState

__all__ = ["ACTIVE_STATES", "ALL_STATES", "FINAL_STATES", "JobRecord", "StoredResult", "iso_time"]


def iso_time(epoch: float | None) -> str | None:
    """Seconds since the epoch as ISO 8601 in UTC with its offset, e.g. 2026-11-28T11:20:41Z."""
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, tz=UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job of the history as listed: identity, outcome and the result's headline numbers."""

    id: int
    file: str
    path: str
    sha256: str | None
    state: JobState
    pages: int | None
    flags: int | None
    similarity: int | None
    created: float
    started: float | None
    finished: float | None
    error: str | None
    engine_version: str
    origin: str
    owner_pid: int | None
    attempt: int | None
    log_path: str | None
    path_bytes: bytes | None = None

    @property
    def fs_path(self) -> str:
        """The path to open the file with (`path` is only its display form when the name is
        not valid UTF-8)."""
        return os.fsdecode(self.path_bytes) if self.path_bytes is not None else self.path

    @property
    def has_result(self) -> bool:
        return self.state is JobState.SUCCESS

    def to_json(self) -> dict[str, Any]:
        """The object `docflags history --format json` prints for this job."""
        return {
            "id": self.id,
            "file": self.file,
            "path": self.path,
            "sha256": self.sha256,
            "state": self.state.value,
            "pages": self.pages,
            "flags": self.flags,
            "similarity": self.similarity,
            "created": iso_time(self.created),
            "started": iso_time(self.started),
            "finished": iso_time(self.finished),
            "error": self.error,
            "engine_version": self.engine_version,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class StoredResult:
    """A docflags/1 result kept in the history, with the job that produced it."""

    job_id: int
    finished: float | None
    path: str
    result: ResultDocument

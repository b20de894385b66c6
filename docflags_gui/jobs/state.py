"""Job states, the settings that govern jobs, and the JobInfo snapshot the GUI reads."""

from __future__ import annotations

import enum
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_CONCURRENCY = 16


class JobState(enum.Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    CANCELLED = "CANCELLED"
    TIMED_OUT = "TIMED_OUT"
    CRASHED = "CRASHED"
    # The app closed (or died) while the job was queued or running.
    INTERRUPTED = "INTERRUPTED"

    @property
    def is_final(self) -> bool:
        return self not in (JobState.QUEUED, JobState.RUNNING)


# States an automatic retry may follow: the same input may well succeed on a second attempt.
RETRYABLE_STATES = frozenset({JobState.CRASHED, JobState.TIMED_OUT})


def _default_concurrency() -> int:
    return max(1, min(MAX_CONCURRENCY, os.cpu_count() or 2))


@dataclass
class JobSettings:
    """What the settings dialog edits. Limits apply to running jobs too; OCR options at launch."""

    concurrency: int = field(default_factory=_default_concurrency)
    soft_limit_s: float = 540.0
    hard_limit_s: float = 600.0
    retries: int = 1
    ocr: bool = True
    ocr_languages: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.concurrency <= MAX_CONCURRENCY:
            raise ValueError(f"concurrency must be 1..{MAX_CONCURRENCY}, not {self.concurrency}")
        if self.soft_limit_s <= 0 or self.hard_limit_s <= 0:
            raise ValueError("time limits must be positive")
        if self.retries < 0:
            raise ValueError("retries cannot be negative")


@dataclass(frozen=True)
class JobInfo:
    """A snapshot of one job, taken on the GUI thread; later changes do not touch it.

    Times are wall-clock (`time.time()`): `queued_at` when submitted (or re-queued for an
    automatic retry), `started` when the current attempt was handed to a worker, `finished`
    when it was finalised, `worker_ready_at` when its worker said hello (the process is up),
    `first_progress_at` when the first progress of the current attempt was emitted to the GUI
    (for the drop -> first progress benchmark).
    """

    job_id: str
    path: Path
    state: JobState
    percent: int
    message: str
    started: float | None
    finished: float | None
    attempt: int
    result: dict[str, Any] | None
    error: str | None
    log_path: Path | None
    queued_at: float = 0.0
    first_progress_at: float | None = None
    worker_ready_at: float | None = None
    pid: int | None = None
    exit_code: int | None = None

    @property
    def first_progress_latency(self) -> float | None:
        """Seconds from submission to the first progress shown, or None if none was shown."""
        if self.first_progress_at is None:
            return None
        return self.first_progress_at - self.queued_at

    @property
    def elapsed(self) -> float | None:
        """Seconds the current attempt has run (until now if still running)."""
        if self.started is None:
            return None
        end = self.finished if self.finished is not None else time.time()
        return max(0.0, end - self.started)

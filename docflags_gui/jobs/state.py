"""The settings that govern jobs, and the JobInfo snapshot the GUI reads (states: runner)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from docflags_gui.result import ResultDocument
from docflags_gui.result_digest import ResultDigest
from docflags_gui.runner.control import check_limit_seconds
from docflags_gui.runner.states import JobState

MAX_CONCURRENCY = 16


def _default_concurrency() -> int:
    return max(1, min(MAX_CONCURRENCY, os.cpu_count() or 2))


# The range of the memory setting, in MiB: below 256 the worker cannot load its libraries.
MIN_MEMORY_MB = 256
MAX_MEMORY_MB = 1024 * 1024


@dataclass
class JobSettings:
    """What the settings dialog edits. Limits apply to running jobs too; OCR options at launch."""

    concurrency: int = field(default_factory=_default_concurrency)
    soft_limit_s: float = 540.0
    hard_limit_s: float = 600.0
    retries: int = 1
    ocr: bool = True
    ocr_languages: str | None = None
    # Memory one job's worker may use, in MiB (`worker/limits.py`; the worker's default 2 GB).
    max_memory_mb: int = 2048

    def __post_init__(self) -> None:
        if not 1 <= self.concurrency <= MAX_CONCURRENCY:
            raise ValueError(f"concurrency must be 1..{MAX_CONCURRENCY}, not {self.concurrency}")
        check_limit_seconds(self.soft_limit_s)
        check_limit_seconds(self.hard_limit_s)
        if self.retries < 0:
            raise ValueError("retries cannot be negative")
        if not MIN_MEMORY_MB <= self.max_memory_mb <= MAX_MEMORY_MB:
            raise ValueError(f"memory must be {MIN_MEMORY_MB}..{MAX_MEMORY_MB} MB")


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
    result: ResultDocument | None
    error: str | None
    log_path: Path | None
    queued_at: float = 0.0
    first_progress_at: float | None = None
    worker_ready_at: float | None = None
    pid: int | None = None
    exit_code: int | None = None
    # "analyze", or "match": then `path` is the report, `manuscript` the file searched, and
    # `report_job` the job whose analysis is being matched.
    kind: str = "analyze"
    manuscript: Path | None = None
    report_job: str | None = None
    digest: ResultDigest | None = None  # what `result`'s flags hold (result_digest.py)

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

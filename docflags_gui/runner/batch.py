"""Batch: many jobs at once on plain threads, for the command line (no Qt, no event loop).

One job per input file, at most `jobs` at a time, each attempt run by an Executor (local
worker subprocesses unless told otherwise). Pool threads only run attempts; every event
(progress, a finished file) goes through one queue to the caller's thread, which also runs the
watchdog (runner.control) between events, so printing, writing outputs, recording history and
stopping workers all happen in one place, in order.

Stopping: `stop(reason)` (called on the way out of `events()`, e.g. after Ctrl+C or SIGTERM)
starts nothing new, asks running workers to stop, kills them after the grace, and reaps them.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Generator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from docflags_gui import paths
from docflags_gui.result import ResultDocument
from docflags_gui.runner.attempt import AttemptListener
from docflags_gui.runner.control import AttemptControl, TimeLimits, check_limit_seconds
from docflags_gui.runner.executor import Executor, LocalExecutor
from docflags_gui.runner.logs import job_log_path, prune_logs
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.spec import ANALYZE, JobSpec, OptionValue
from docflags_gui.runner.states import JobState
from docflags_gui.worker.launch import ocr_processes_for

# After a stop request (time limit, Ctrl+C) a worker may finish its page; then it is killed.
STOP_GRACE_S = 5.0
# How often the watchdog looks at the running attempts.
WATCHDOG_INTERVAL_S = 0.25


@dataclass
class Progress:
    index: int  # position of the file in the batch
    percent: int
    message: str


@dataclass
class Outcome:
    """How one file's job ended: its final state, a docflags/1 result or an error for the user.

    `error` is the whole story (as the history keeps it, log tail included); `headline` its
    first line, for a one-line report.
    """

    index: int
    path: Path
    state: JobState
    result: ResultDocument | None
    error: str | None
    log_path: Path | None
    error_code: str | None = None  # the worker's error{code}, for FAILURE

    @property
    def headline(self) -> str | None:
        return self.error.splitlines()[0] if self.error else None


Event = Progress | Outcome


@dataclass
class BatchOptions:
    jobs: int = 1
    ocr: bool = True
    ocr_languages: str | None = None
    timeout_s: float | None = 600.0  # soft limit; the kill follows STOP_GRACE_S later
    worker_prefix: list[str] | None = None  # tests may run another worker command
    kind: str = ANALYZE
    extra_options: Mapping[str, OptionValue] = field(default_factory=dict)
    executor: Executor | None = None  # default: LocalExecutor(worker_prefix)

    def __post_init__(self) -> None:
        check_limit_seconds(self.timeout_s)
        if self.jobs < 1:
            raise ValueError("jobs must be at least 1")

    def limits(self) -> TimeLimits:
        hard = None if self.timeout_s is None else self.timeout_s + STOP_GRACE_S
        return TimeLimits(soft_s=self.timeout_s, hard_s=hard, stop_grace_s=STOP_GRACE_S)


class _QueueListener:
    def __init__(self, index: int, events: queue.Queue[Event]) -> None:
        self._index = index
        self._events = events

    def launched(self, pid: int) -> None:
        pass

    def ready(self) -> None:
        pass

    def progress(self, percent: int, message: str) -> None:
        self._events.put(Progress(self._index, percent, message))


class Batch:
    """Runs `files` with up to `options.jobs` attempts at once; iterate `events()` to follow."""

    def __init__(self, files: list[Path], options: BatchOptions) -> None:
        self.files = files
        self.options = options
        # No GUI thread here to keep running: result lines are parsed at once; and workers
        # are forked where they can be (the command line's process holds no Qt, no MuPDF).
        self._executor = options.executor or LocalExecutor(
            options.worker_prefix, keep_quiet_logs=False, in_pieces=False, fork=True
        )
        self._events: queue.Queue[Event] = queue.Queue()
        self._lock = threading.Lock()
        self._running: dict[int, AttemptControl] = {}
        self._stop_reason: str | None = None
        self._limits = options.limits()
        self._log_dir = paths.logs_dir()
        # Cores left over by the files running side by side go to reading each one's raster
        # pages in parallel (one file on two cores: two OCR helpers).
        self._ocr_processes = ocr_processes_for(min(options.jobs, max(1, len(files))))

    def running_pids(self) -> list[int]:
        """Pids of the local workers running now (for tests and diagnostics)."""
        with self._lock:
            pids = [control.attempt.pid for control in self._running.values()]
        return [pid for pid in pids if pid is not None]

    def spec(self, path: Path) -> JobSpec:
        options: dict[str, OptionValue] = {
            "ocr": self.options.ocr,
            "ocr_languages": self.options.ocr_languages,
            "ocr_processes": self._ocr_processes,
            **self.options.extra_options,
        }
        return JobSpec(self.options.kind, path, options)

    def events(self) -> Generator[Event, None, None]:
        """Progress and outcomes as they happen; ends after the last file's outcome."""
        remaining = len(self.files)
        if not remaining:
            return
        prune_logs(self._log_dir)
        workers = max(1, min(self.options.jobs, remaining))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="docflags-worker")
        try:
            for index, path in enumerate(self.files):
                pool.submit(self._run_one, index, path)
            next_check = time.monotonic() + WATCHDOG_INTERVAL_S
            while remaining:
                try:
                    event = self._events.get(timeout=WATCHDOG_INTERVAL_S)
                except queue.Empty:
                    event = None
                if time.monotonic() >= next_check:
                    self._check_limits()
                    next_check = time.monotonic() + WATCHDOG_INTERVAL_S
                if event is None:
                    continue
                if isinstance(event, Outcome):
                    remaining -= 1
                yield event
        finally:
            # Normal end: nothing is running. Interrupted (Ctrl+C, SIGTERM, an exception in
            # the caller): stop what runs, drop what waits, reap every child before returning.
            self.stop("Interrupted: docflags analyze was stopped")
            pool.shutdown(wait=True, cancel_futures=True)

    def stop(self, reason: str) -> None:
        """Start no new attempt; stop the running ones (kill after the grace) and reap them."""
        with self._lock:
            if self._stop_reason is None:
                self._stop_reason = reason
            controls = list(self._running.values())
        now = time.monotonic()
        for control in controls:
            control.interrupt(reason, STOP_GRACE_S, now)
        while True:
            with self._lock:
                controls = list(self._running.values())
            if not controls:
                return
            for control in controls:
                control.check(self._limits)
            time.sleep(0.05)

    def _check_limits(self) -> None:
        with self._lock:
            controls = list(self._running.values())
        now = time.monotonic()
        for control in controls:
            control.check(self._limits, now)

    def _run_one(self, index: int, path: Path) -> None:
        try:
            outcome = self._run_attempt(index, path)
        except Exception as exc:  # cannot even prepare the attempt: report, never lose a file
            error = f"The analysis could not start: {exc}"
            outcome = Outcome(index, path, JobState.FAILURE, None, error, None)
        self._events.put(outcome)

    def _run_attempt(self, index: int, path: Path) -> Outcome:
        spec = self.spec(path)
        log_path = job_log_path(self._log_dir, spec.kind, str(index + 1), path)
        attempt = self._executor.attempt(spec, log_path, f"{index + 1} ({path.name})")
        listener: AttemptListener = _QueueListener(index, self._events)
        with self._lock:
            if self._stop_reason is not None:
                reason = f"{self._stop_reason} before it started."
                return Outcome(index, path, JobState.INTERRUPTED, None, reason, None)
            control = AttemptControl(attempt)
            self._running[index] = control
        try:
            worker_outcome = attempt.run(listener)
        finally:
            with self._lock:
                del self._running[index]
        return self._outcome(index, path, control, worker_outcome)

    def _outcome(
        self, index: int, path: Path, control: AttemptControl, outcome: WorkerOutcome
    ) -> Outcome:
        verdict = control.verdict(outcome)
        log_path = control.attempt.log_path
        if log_path is not None and not log_path.exists():
            log_path = None  # a quiet success's log is not kept
        if verdict.state is JobState.SUCCESS:
            return Outcome(index, path, verdict.state, outcome.result, None, log_path)
        code = outcome.error_code if verdict.state is JobState.FAILURE else None
        return Outcome(index, path, verdict.state, None, verdict.error, log_path, code)

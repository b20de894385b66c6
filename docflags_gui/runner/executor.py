"""Executors: where an attempt runs. The Attempt and Executor interfaces, and LocalExecutor.

An executor turns a JobSpec into an Attempt; whoever schedules jobs (the app's JobManager on a
QThreadPool, the command line's Batch on plain threads) calls `attempt.run(listener)` on one of
its own threads and may stop the attempt from any other thread. LocalExecutor runs the worker
as a subprocess here; another executor (a cluster) implements the same two interfaces and gets
the same scheduling, time limits (runner.control), final states and history for free.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from docflags_gui.runner.attempt import AttemptListener, LocalAttempt
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.process import WorkerProcess
from docflags_gui.runner.spec import JobSpec, spec_argv
from docflags_gui.worker.launch import worker_prefix


class Attempt(Protocol):
    """One run of one job. `run` blocks its thread; the other methods are safe from any thread,
    idempotent, and may come before `run` (then nothing is started at all)."""

    @property
    def pid(self) -> int | None:
        """The local worker's pid once launched; None before, or where there is none."""

    @property
    def log_path(self) -> Path | None:
        """Where the worker's stderr (or the executor's account of the run) is written."""

    def run(self, listener: AttemptListener) -> WorkerOutcome:
        """Start, follow and finish the attempt; never raises, always ends what it started."""

    def request_stop(self) -> None:
        """Ask the worker to stop soon (it ends with error{code: "cancelled"})."""

    def kill(self) -> None:
        """End the worker now, with everything it started."""

    def end_orphans(self) -> bool:
        """If the worker has exited, end what it left running; True once it has exited."""


class Executor(Protocol):
    """Makes attempts for job specs."""

    def attempt(self, spec: JobSpec, log_path: Path, label: str) -> Attempt:
        """A not yet started attempt of `spec`; its log goes to `log_path` (the worker polls
        `log_path.with_suffix(".stop")` as its stop file); `label` names it in logs."""


class LocalExecutor:
    """Runs each attempt as a worker subprocess of this process (its own process group).

    `in_pieces`: big result lines are parsed in pieces, so that a GUI thread keeps running;
    a process without one (the command line) parses them at once. `fork`: workers of the
    default command are forked from this process where it can be (`runner/forked_worker.py`;
    the command line)."""

    def __init__(
        self,
        prefix: list[str] | None = None,
        *,
        keep_quiet_logs: bool = True,
        in_pieces: bool = True,
        fork: bool = False,
    ) -> None:
        self.prefix = list(prefix) if prefix else worker_prefix()
        self.keep_quiet_logs = keep_quiet_logs
        self.in_pieces = in_pieces
        self.fork = fork

    def attempt(self, spec: JobSpec, log_path: Path, label: str) -> LocalAttempt:
        stop_file = log_path.with_suffix(".stop")
        argv = spec_argv(spec, self.prefix, stop_file)
        process = WorkerProcess(
            argv, log_path, stop_file, keep_quiet_log=self.keep_quiet_logs, fork=self.fork
        )
        return LocalAttempt(process, label, in_pieces=self.in_pieces)

"""Runs many analyses in parallel through worker subprocesses, for the command line.

The same worker the desktop app starts (`docflags_gui.worker`), one per file, at most `jobs` at a
time. Pool threads only start a worker, read its protocol lines and reap it; every event
(progress, a finished file) goes through one queue to the caller's thread, so printing, writing
outputs and recording history all happen in one place, in order.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Generator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from docflags_gui import paths
from docflags_gui.worker import protocol
from docflags_gui.worker.launch import ocr_processes_for, popen_options, worker_argv

# After a soft stop (SIGTERM) a worker finishes its page; after this long it is killed.
STOP_GRACE_S = 5.0
# Log files of earlier runs kept in the logs folder.
KEEP_LOGS = 200


@dataclass
class Progress:
    index: int  # position of the file in the batch
    done: int
    total: int
    message: str


@dataclass
class Outcome:
    """How one file's analysis ended: a docflags/1 result, or an error for the user."""

    index: int
    path: Path
    result: dict[str, Any] | None
    error: str | None
    log_path: Path | None


Event = Progress | Outcome


@dataclass
class BatchOptions:
    jobs: int = 1
    ocr: bool = True
    ocr_languages: str | None = None
    timeout_s: float | None = 600.0
    worker_prefix: list[str] | None = None  # tests may run another worker command


class Batch:
    """Analyses `files` with up to `options.jobs` workers; iterate `events()` to follow it."""

    def __init__(self, files: list[Path], options: BatchOptions) -> None:
        self.files = files
        self.options = options
        self._events: queue.Queue[Event] = queue.Queue()
        self._lock = threading.Lock()
        self._running: dict[int, tuple[subprocess.Popen[bytes], float]] = {}
        self._stopping = False
        self._timed_out: set[int] = set()
        self._log_dir = paths.logs_dir()
        self._stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        # Cores left over by the files running side by side go to reading each one's raster
        # pages in parallel (one file on two cores: two OCR helpers).
        self._ocr_processes = ocr_processes_for(min(options.jobs, len(files)))

    def events(self) -> Generator[Event, None, None]:
        """Progress and outcomes as they happen; ends after the last file's outcome."""
        remaining = len(self.files)
        if not remaining:
            return
        _prune_logs(self._log_dir)
        workers = max(1, min(self.options.jobs, remaining))
        executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="docflags-worker")
        try:
            for index, path in enumerate(self.files):
                executor.submit(self._run_one, index, path)
            while remaining:
                try:
                    event = self._events.get(timeout=0.5)
                except queue.Empty:
                    self._enforce_time_limit()
                    continue
                if isinstance(event, Outcome):
                    remaining -= 1
                yield event
        finally:
            # Normal end: nothing is running. Interrupted (Ctrl+C, an exception in the caller):
            # stop what runs, drop what waits, and reap every child before returning.
            self.stop()
            executor.shutdown(wait=True, cancel_futures=True)

    def stop(self) -> None:
        """Ask running workers to stop (SIGTERM), kill those that do not; start no new ones."""
        with self._lock:
            self._stopping = True
            running = [proc for proc, _ in self._running.values()]
        for proc in running:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        for proc in running:
            try:
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _kill_group(proc)

    def _enforce_time_limit(self) -> None:
        limit = self.options.timeout_s
        if limit is None:
            return
        now = time.monotonic()
        with self._lock:
            overdue = [
                (index, proc)
                for index, (proc, started) in self._running.items()
                if now - started > limit and index not in self._timed_out
            ]
            self._timed_out.update(index for index, _ in overdue)
        for _, proc in overdue:
            _signal_group(proc, signal.SIGTERM)
            killer = threading.Timer(STOP_GRACE_S, _kill_group, args=(proc,))
            killer.daemon = True
            killer.start()

    def _log_path(self, index: int, path: Path) -> Path:
        safe_stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in path.stem)[:60]
        return self._log_dir / f"analyze-{self._stamp}-{os.getpid()}-{index + 1}-{safe_stem}.log"

    def _run_one(self, index: int, path: Path) -> None:
        try:
            outcome = self._run_worker(index, path)
        except Exception as exc:  # cannot start the worker at all: report, never lose the file
            outcome = Outcome(index, path, None, f"could not start the analysis ({exc})", None)
        self._events.put(outcome)

    def _run_worker(self, index: int, path: Path) -> Outcome:
        options = self.options
        argv = worker_argv(
            path,
            ocr=options.ocr,
            ocr_languages=options.ocr_languages,
            ocr_processes=self._ocr_processes,
            prefix=options.worker_prefix,
        )
        log_path = self._log_path(index, path)
        with log_path.open("wb") as log_file:
            with self._lock:
                if self._stopping:
                    return Outcome(index, path, None, "not analysed (interrupted)", None)
                proc = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=log_file,
                    **popen_options(),
                )
                self._running[index] = (proc, time.monotonic())
            try:
                terminal = self._read_protocol(index, proc)
                returncode = proc.wait()
            finally:
                with self._lock:
                    del self._running[index]
                if proc.poll() is None:
                    _kill_group(proc)
                    proc.wait()
        return self._outcome(index, path, terminal, returncode, log_path)

    def _read_protocol(self, index: int, proc: subprocess.Popen[bytes]) -> protocol.Message | None:
        assert proc.stdout is not None
        terminal: protocol.Message | None = None
        with proc.stdout:
            for line in iter(proc.stdout.readline, b""):
                message = protocol.parse_line(line)
                if message is None:
                    continue  # not ours (a stray line): the worker's log has the details
                kind = message["type"]
                if kind == protocol.PROGRESS and terminal is None:
                    self._events.put(
                        Progress(
                            index,
                            int(message.get("done", 0)),
                            int(message.get("total", 0)),
                            str(message.get("message", "")),
                        )
                    )
                elif protocol.is_terminal(message) and terminal is None:
                    terminal = message
        return terminal

    def _outcome(
        self,
        index: int,
        path: Path,
        terminal: protocol.Message | None,
        returncode: int,
        log_path: Path,
    ) -> Outcome:
        if index in self._timed_out:
            limit = self.options.timeout_s
            error = f"stopped after the time limit of {limit:g} s (log: {log_path})"
            return Outcome(index, path, None, error, log_path)
        if terminal is not None and terminal["type"] == protocol.RESULT and returncode == 0:
            result = terminal.get("result")
            if isinstance(result, dict):
                _drop_if_empty(log_path)
                return Outcome(index, path, result, None, None)
        if terminal is not None and terminal["type"] == protocol.ERROR:
            message = str(terminal.get("message") or "failed")
            if terminal.get("code") == "internal":
                message = f"{message} (log: {log_path})"
            return Outcome(index, path, None, message, log_path)
        how = f"killed by signal {-returncode}" if returncode < 0 else f"exit code {returncode}"
        error = f"the analysis crashed ({how}; log: {log_path})"
        return Outcome(index, path, None, error, log_path)


def _signal_group(proc: subprocess.Popen[bytes], signum: int) -> None:
    if proc.poll() is not None:
        return
    try:
        if os.name == "nt":  # no process groups to signal; terminate() is a hard stop there
            proc.kill()
        else:
            os.killpg(proc.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass  # already gone


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    _signal_group(proc, getattr(signal, "SIGKILL", signal.SIGTERM))


def _drop_if_empty(log_path: Path) -> None:
    try:
        if log_path.stat().st_size == 0:
            log_path.unlink()
    except OSError:
        pass  # a log we cannot tidy up is harmless


def _prune_logs(log_dir: Path, keep: int = KEEP_LOGS) -> None:
    """Keep the newest `keep` analyze logs, so a busy command line does not fill the disk."""
    logs = sorted(log_dir.glob("analyze-*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in logs[keep:]:
        try:
            old.unlink()
        except OSError:
            continue

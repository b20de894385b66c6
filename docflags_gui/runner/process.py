"""One worker subprocess: launch, protocol stream, soft stop, kill escalation and reaping.

The process runs in its own session (POSIX), so signals go to its whole process group and
anything it starts dies with it. stdin is closed, stdout is the protocol pipe, stderr goes to a
per-job log file and is never a pipe. Signals are only sent while the child is unreaped (its
pid, and so its group id, cannot be reused until then): the reader first waits for the exit
without reaping (`waitid(WNOWAIT)`), kills what is left of the group, then reaps under the
lock. Every launched process is registered until reaped, and an atexit hook kills them all.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

from docflags_gui.runner import prestarted_worker
from docflags_gui.runner.forked_worker import fork_worker, forkable_args
from docflags_gui.worker.launch import popen_options

log = logging.getLogger(__name__)

STDERR_TAIL_BYTES = 4096
STDERR_TAIL_LINES = 15
# Far above any real result (100,000 flags take ~20 MB), so runaway output cannot eat memory.
MAX_LINE_BYTES = 256 * 1024 * 1024

_live_lock = threading.Lock()
_live: set[WorkerProcess] = set()


class _Child(Protocol):
    """What is kept of a started worker: a `subprocess.Popen` or a `ForkedWorker`."""

    pid: int
    stdout: IO[bytes] | None

    def wait(self) -> int: ...

    def kill(self) -> None: ...


class WorkerProcess:
    """A worker subprocess that can be stopped from any thread before, during or after launch.

    The reading thread calls `launch()`, iterates `lines()`, then `reap()`. Any thread may call
    `request_stop()` (soft: stop file + SIGTERM) and `kill()` (SIGKILL to the group); both are
    idempotent, and a stop requested before launch means the process is never started.

    `fork`: the default worker command is forked from this process where it can be
    (`runner/forked_worker.py`), not started as a program.
    """

    def __init__(
        self,
        argv: list[str],
        log_path: Path,
        stop_file: Path | None = None,
        *,
        keep_quiet_log: bool = True,
        fork: bool = False,
    ) -> None:
        self.argv = argv
        self.log_path = log_path
        self.stop_file = stop_file
        # False: a log that holds nothing but its header after a clean exit is removed.
        self.keep_quiet_log = keep_quiet_log
        self.fork = fork
        self.log_removed = False
        self._lock = threading.Lock()
        self._popen: _Child | None = None
        self._reaped = False
        self._stop_requested = False
        self._kill_requested = False
        self._log_offset = 0

    @property
    def pid(self) -> int | None:
        popen = self._popen
        return popen.pid if popen is not None else None

    def launch(self) -> bool:
        """Start the process; False (nothing started) if a stop came first. OSError on failure."""
        with self._lock:
            if self._stop_requested or self._kill_requested:
                return False
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            if self.stop_file is not None:
                self.stop_file.unlink(missing_ok=True)
            with open(self.log_path, "ab") as log_file:
                header = f"=== {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(self.argv)}\n"
                log_file.write(header.encode("utf-8", "replace"))
                log_file.flush()
                self._log_offset = log_file.tell()
                # The child holds its own copy of the log descriptor; ours closes right away.
                self._popen = self._start(log_file)
            with _live_lock:
                _live.add(self)
            return True

    def _start(self, log_file: IO[bytes]) -> _Child:
        args = forkable_args(self.argv) if self.fork else None
        if args is not None:
            return prestarted_worker.take(args, log_file) or fork_worker(args, log_file)
        return subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log_file,
            **popen_options(),
        )

    def lines(self) -> Iterator[bytes]:
        """Whole protocol lines until EOF (the child and its group closed stdout)."""
        popen = self._popen
        if popen is None or popen.stdout is None:
            return
        stream: IO[bytes] = popen.stdout
        try:
            while line := stream.readline(MAX_LINE_BYTES):
                # readline() hands back whole lines, or the unterminated rest at EOF, or the
                # first MAX_LINE_BYTES of a line without end: yielded as is (the reader drops
                # a line without its newline), and the rest of that line is skipped.
                yield line
                while len(line) == MAX_LINE_BYTES and not line.endswith(b"\n"):
                    line = stream.readline(MAX_LINE_BYTES)
        finally:
            stream.close()

    def reap(self) -> int:
        """Wait for the exit, kill leftovers of the group, reap; returns the exit code."""
        popen = self._popen
        if popen is None:
            raise RuntimeError("reap() before launch()")
        can_peek = os.name == "posix" and hasattr(os, "waitid")
        if can_peek:
            # Wait without reaping, so the group id stays ours while we clean the group up.
            # ChildProcessError: already reaped elsewhere; wait() below copes.
            with contextlib.suppress(ChildProcessError):
                os.waitid(os.P_PID, popen.pid, os.WEXITED | os.WNOWAIT)
        else:
            popen.wait()  # not under the lock: kill() must stay possible meanwhile
        with self._lock:
            if can_peek:
                # Helpers the worker left behind would keep running unowned: end them too.
                _signal_group(popen.pid, signal.SIGKILL)
            code = popen.wait()  # immediate: the child has exited
            self._reaped = True
        with _live_lock:
            _live.discard(self)
        if self.stop_file is not None:
            self.stop_file.unlink(missing_ok=True)
        if code == 0 and not self.keep_quiet_log:
            self._remove_quiet_log()
        return code

    def _remove_quiet_log(self) -> None:
        try:
            if self.log_path.stat().st_size <= self._log_offset:
                self.log_path.unlink()
                self.log_removed = True
        except OSError:
            pass  # a log we cannot tidy up is harmless

    def end_orphaned_group(self) -> bool:
        """If the worker has exited but others in its group live on, kill them; True if exited.

        A helper the worker started could hold the protocol pipe open after the worker is gone,
        and the reading thread would never see EOF. Output still in the pipe stays readable.
        """
        if os.name != "posix" or not hasattr(os, "waitid"):
            return False
        with self._lock:
            popen = self._popen
            if popen is None or self._reaped:
                return False
            try:
                exited = os.waitid(os.P_PID, popen.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:
                return False
            if exited is None:
                return False
            _signal_group(popen.pid, signal.SIGKILL)
            return True

    def request_stop(self) -> None:
        """Ask the worker to stop soon (it reports `cancelled`); a no-op once reaped."""
        with self._lock:
            self._stop_requested = True
            if self.stop_file is not None and self._popen is not None and not self._reaped:
                try:
                    self.stop_file.touch()
                except OSError as exc:
                    log.warning("could not create stop file %s: %s", self.stop_file, exc)
            if self._popen is not None and not self._reaped and os.name == "posix":
                _signal_group(self._popen.pid, signal.SIGTERM)

    def kill(self) -> None:
        """Kill the worker and its whole process group now; a no-op once reaped."""
        with self._lock:
            self._kill_requested = True
            popen = self._popen
            if popen is None or self._reaped:
                return
            if os.name == "posix":
                _signal_group(popen.pid, signal.SIGKILL)
            else:
                popen.kill()

    def stderr_tail(self) -> str:
        """The last lines this run wrote to its log, for telling the user why it died."""
        try:
            with open(self.log_path, "rb") as log_file:
                size = log_file.seek(0, os.SEEK_END)
                start = max(self._log_offset, size - STDERR_TAIL_BYTES)
                log_file.seek(start)
                data = log_file.read()
        except OSError as exc:
            return f"(log unreadable: {exc})"
        lines = data.decode("utf-8", "replace").splitlines()
        if start > self._log_offset and lines:
            lines = lines[1:]  # the first line was cut in the middle
        return "\n".join(lines[-STDERR_TAIL_LINES:]).strip()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass  # the group is already empty
    except PermissionError as exc:
        log.warning("cannot signal process group %d: %s", pgid, exc)


def kill_all_live() -> None:
    """Kill every worker not yet reaped (called at exit; the app also shuts the manager down)."""
    with _live_lock:
        live = list(_live)
    for process in live:
        process.kill()


def live_pids() -> list[int]:
    """Pids of launched workers that have not been reaped yet (for leak checks in tests)."""
    with _live_lock:
        return [pid for pid in (process.pid for process in _live) if pid is not None]


atexit.register(kill_all_live)

"""A child process made with `os.fork`, held as a `subprocess.Popen` is held: its pid, its exit
status (`poll`, `wait`) and `kill`. The worker's forked read-ahead helper
(`worker/read_ahead_fork.py`) and the command line's forked workers
(`runner/forked_worker.py`) add their pipes to it."""

from __future__ import annotations

import contextlib
import os
import signal


class ForkedChild:
    """A forked child of this process, reaped by `poll` or `wait` (once)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._returncode: int | None = None

    @property
    def returncode(self) -> int | None:
        return self._returncode

    def poll(self) -> int | None:
        if self._returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._returncode = os.waitstatus_to_exitcode(status)
        return self._returncode

    def wait(self) -> int:
        if self._returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self._returncode = os.waitstatus_to_exitcode(status)
        return self._returncode

    def kill(self) -> None:
        if self._returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

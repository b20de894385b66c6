"""Workers forked from the command line (Linux): the worker process without a second Python's
start.

A worker started as a program (`subprocess.Popen` of `python -m docflags_gui --worker`) first
starts an interpreter and imports what the command has imported already (site, json, logging,
argparse, dataclasses): 50-60 ms before it can load PyMuPDF, all of it while nothing else
runs, since the command waits for its worker. Forked, the worker begins with the command's
interpreter and modules and goes straight to its own. Measured on the 300-page text-layer
reports of tests/bench_cli.py, `docflags analyze` as a whole process, started and forked
workers alternated (16-20 runs each): median wall 0.694 -> 0.625 s (two-column report) and
1.155 -> 1.096 s (coloured text), 4-5% less CPU.

The command's first job takes a worker forked sooner still, as the command starts
(`runner/prestarted_worker.py`), which becomes this same child (`run_forked_child`).

When: Linux (macOS's system libraries do not survive a fork; Windows has none), for the
default worker command (`worker.launch.worker_prefix`; a test's or a user's other command is
started as given), and only from a process that has not loaded MuPDF or Qt (`can_fork`):
their threads and locks would not be there in the child. The desktop app and a command line
run inside such a process (tests) start workers as programs.

What the child is: the same worker as `python -m docflags_gui --worker ARGS` started with
`launch.popen_options()`. It makes its own session (one process group the command can signal),
takes /dev/null as stdin, the protocol pipe as stdout and the job's log as stderr, and closes
every other descriptor (another job's pipe must not stay open in it). It drops what it got of
the command: the command's SIGTERM handler, its log handlers, its `sys` streams (their
buffers are never flushed here: the command's unwritten output would go into the protocol
pipe), and keeps the inherited objects out of the cycle collector (a pass over them would
copy their memory). It leaves with `os._exit`, so none of the command's exit hooks run in it.

The memory cap (`worker/limits.py`, `--max-memory`) counts the address space: the child starts
with the command's (about 90 MB for one `docflags analyze`), so that much is added to its cap,
and the cap bounds what the worker maps for itself, as for a worker started as a program.

`ps` shows a forked worker with the command's own command line (`docflags analyze FILE`);
its log file's first line has the worker's arguments.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from typing import IO, NoReturn

from docflags_gui.runner.fork_safety import can_fork
from docflags_gui.worker.forked_child import ForkedChild
from docflags_gui.worker.launch import worker_prefix

# The command's `sys` streams in a forked worker: held until it exits (`_fresh_streams`).
_SET_ASIDE: list[object] = []
# The worker's exit code for a failure before it could say anything (`protocol.EXIT_INTERNAL`;
# that module is not loaded here for it).
_EXIT_INTERNAL = 4


def forkable_args(argv: Sequence[str]) -> list[str] | None:
    """The worker's own arguments when `argv` runs the default worker command and this process
    may fork it (`can_fork`), else None (the worker is started as a program)."""
    prefix = worker_prefix()
    if list(argv[: len(prefix)]) != prefix or not can_fork():
        return None
    return list(argv[len(prefix) :])


class ForkedWorker(ForkedChild):
    """A forked worker, held as `subprocess.Popen` with a piped stdout is held."""

    def __init__(self, pid: int, stdout: IO[bytes]) -> None:
        super().__init__(pid)
        self.stdout: IO[bytes] | None = stdout


def fork_worker(args: Sequence[str], log_file: IO[bytes]) -> ForkedWorker:
    """Fork a worker running `args` (what follows the worker command), stderr into `log_file`.
    OSError when the fork fails (nothing started)."""
    from_child, to_parent = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(from_child)
        os.close(to_parent)
        raise
    if pid == 0:
        run_forked_child(list(args), to_parent, log_file.fileno())
    os.close(to_parent)
    return ForkedWorker(pid, os.fdopen(from_child, "rb"))


def run_forked_child(
    args: list[str], stdout_fd: int, log_fd: int, *, inherited: int | None = None
) -> NoReturn:
    """Become the worker running `args`, writing the protocol to `stdout_fd` and logging to
    `log_fd`, in a child forked from the command; never returns. `inherited`: the address
    space the child had when forked, if it was forked earlier (`prestarted_worker`); by
    default, what it has now. A child already leading its own session keeps it."""
    code = _EXIT_INTERNAL
    try:
        gc.freeze()
        if inherited is None:
            from docflags_gui.worker.limits import address_space

            inherited = address_space() or 0
        if os.getsid(0) != os.getpid():
            os.setsid()
        stdin_fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(stdin_fd, 0)
        os.dup2(stdout_fd, 1)
        os.dup2(log_fd, 2)
        os.closerange(3, os.sysconf("SC_OPEN_MAX"))
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _fresh_streams()
        for logger in (logging.getLogger(), logging.getLogger("docflags_gui")):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
        sys.argv = [sys.argv[0], "--worker", *args]
        from docflags_gui.worker.main import run_worker

        code = run_worker(args, inherited_address_space=inherited)
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        with contextlib.suppress(Exception):
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
    finally:
        os._exit(code)


def _fresh_streams() -> None:
    """New `sys` streams on descriptors 0-2, as a new interpreter has them. The command's are
    set aside unflushed, the `__std*__` originals too, and kept (`_SET_ASIDE`): flushed by
    anything in the worker, or by their finaliser once nothing refers to them, the command's
    unwritten output would land in the protocol pipe."""
    _SET_ASIDE.extend((sys.stdin, sys.stdout, sys.stderr))
    _SET_ASIDE.extend((sys.__stdin__, sys.__stdout__, sys.__stderr__))
    stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
    stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)))
    stderr = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
        errors="backslashreplace",
        line_buffering=True,
    )
    sys.stdin = sys.__stdin__ = stdin  # type: ignore[misc]  # typeshed: Final, not here
    sys.stdout = sys.__stdout__ = stdout  # type: ignore[misc]
    sys.stderr = sys.__stderr__ = stderr  # type: ignore[misc]

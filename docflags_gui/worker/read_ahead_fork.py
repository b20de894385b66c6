"""The read-ahead helper forked from the worker (Linux): the child starts with PyMuPDF and the
helper's modules already loaded, so it reads its first page about 0.2 s sooner than a helper
started as a new program, and without a second program's start-up CPU (an interpreter and
PyMuPDF, about 0.3 s). It then runs exactly what that program runs
(`read_ahead_helper.run_read_ahead`), on the same wire.

Forking is safe here because of when it happens: before the engine opens the document, while
the worker's only other thread is the memory watch (which takes no lock the child uses). The
child owns nothing of the worker: it keeps only its two pipes and stderr, logs to stderr
alone, and leaves with `os._exit`, so none of the worker's buffers, handlers or exit hooks run
twice. The cycle collector stays off in the child, as the worker turned it off: reading pages
makes no reference cycles (a test holds it to that), and a collection would walk every object
the child shares with the worker, copying their memory.

Elsewhere (macOS: system libraries that do not survive a fork) the helper is started as a
program (`read_ahead.prestart`).
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, NoReturn

from docflags_gui.analysis import read_ahead
from docflags_gui.worker.forked_child import ForkedChild

log = logging.getLogger(__name__)

FORKS = sys.platform.startswith("linux")


class ForkedHelper(ForkedChild):
    """A forked helper, held as the worker holds a `subprocess.Popen` with piped streams."""

    def __init__(self, pid: int, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        super().__init__(pid)
        self.stdin: IO[bytes] | None = stdin
        self.stdout: IO[bytes] | None = stdout


def start_early(command: Sequence[str], path: Path, processes: int) -> read_ahead.ReadAhead | None:
    """The worker's read-ahead helper for `path`, started before the engine loads: forked on
    Linux, else started with `command` (`read_ahead.prestart`). None when the job has no helper
    (`command` empty: no idle core; one process; a small file) or none could be started."""
    if not FORKS:
        return read_ahead.prestart(command, path, processes)
    if not read_ahead.may_prestart(command, path, processes):
        return None
    return fork(path)


def fork(path: Path) -> read_ahead.ReadAhead | None:
    """A helper forked from this process reading `path` within the default budgets, or None
    (logged) when the fork fails."""
    # Loaded here, not with this module: it loads PyMuPDF, which a helper started as a program
    # (`start_early` off Linux) should not wait for.
    from docflags_gui.worker import read_ahead_helper

    to_helper, from_worker = os.pipe()
    from_helper, to_worker = os.pipe()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about forking with threads running: see the module docstring.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError as exc:
        for fd in (to_helper, from_worker, from_helper, to_worker):
            os.close(fd)
        log.warning("no read-ahead helper: %s", exc)
        return None
    if pid == 0:
        _become_helper(read_ahead_helper.run_read_ahead, stdin=to_helper, stdout=to_worker)
    os.close(to_helper)
    os.close(to_worker)
    process = ForkedHelper(pid, os.fdopen(from_worker, "wb"), os.fdopen(from_helper, "rb"))
    return read_ahead.attach(process, path)


def _become_helper(run: Callable[[], int], stdin: int, stdout: int) -> NoReturn:
    """In the child: keep the two pipes as stdin and stdout and stderr as it is, close every
    other descriptor (above all the worker's protocol stream, so the parent sees it end when
    the worker ends), log to stderr only, run the helper, and leave without the worker's
    clean-up."""
    code = 1
    try:
        os.dup2(stdin, 0)
        os.dup2(stdout, 1)
        os.closerange(3, os.sysconf("SC_OPEN_MAX"))
        package = logging.getLogger("docflags_gui")
        for handler in list(package.handlers):
            package.removeHandler(handler)
        package.addHandler(logging.StreamHandler(sys.stderr))
        code = run()
    finally:
        os._exit(code)

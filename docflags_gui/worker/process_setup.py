"""How the worker and the helper processes it starts (OCR helpers, the read-ahead helper) set
themselves up: dying with their parent, where C libraries' messages go, a helper's streams."""

from __future__ import annotations

import ctypes
import logging
import signal
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from docflags_gui.worker.output import protocol_stdout

log = logging.getLogger(__name__)


def set_parent_death_signal() -> None:
    """Linux: have the kernel SIGKILL this process when its parent dies. Elsewhere: nothing."""
    if not sys.platform.startswith("linux"):
        return
    pr_set_pdeathsig = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    except (OSError, AttributeError) as exc:
        log.warning("no parent-death signal: %s", exc)


def route_library_output() -> None:
    """MuPDF's messages and Python warnings go to stderr, the job's log file."""
    import pymupdf

    pymupdf.set_messages(stream=sys.stderr)
    pymupdf.TOOLS.mupdf_display_errors(True)
    pymupdf.TOOLS.mupdf_display_warnings(False)  # collected, written once at the end
    warnings.simplefilter("default")


def report_mupdf_warnings() -> None:
    import pymupdf

    collected = pymupdf.TOOLS.mupdf_warnings()
    if collected:
        print(f"MuPDF warnings:\n{collected}", file=sys.stderr)


@contextmanager
def helper_streams() -> Iterator[BinaryIO]:
    """A helper process's set-up; yields the stream for its answers (the real stdout).

    It dies with the worker (Linux), ignores SIGTERM and SIGINT (they go to the whole process
    group: the worker gets them too, finishes its page and ends its helpers itself; a hard stop
    kills the group), and everything else that would be printed goes to stderr, the worker's
    log."""
    set_parent_death_signal()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with protocol_stdout() as out:
        route_library_output()
        yield out

"""The worker's memory cap: how much memory one analysis may take, given and applied.

A PDF can make MuPDF take gigabytes: a content stream that inflates to 1 GiB of rectangles,
10 million QuadPoints numbers, hundreds of thousands of image paints. The per-page budgets
(`analysis.budget`) skip most such pages before they are read; this cap is the backstop for
what no budget foresees. Past it, memory requests fail inside the worker (MuPDF reports
"malloc failed", Python raises MemoryError), the page being read is given up with a warning,
and the process never grows beyond the cap.

- Linux and other POSIX systems but macOS: `RLIMIT_AS`, the process's address space. That
  bounds resident memory too (RSS <= address space); what the worker maps for itself at start
  (Python, PyMuPDF, Tesseract's models when OCR runs here) is well under 1 GB, so the default
  of 2 GiB leaves MuPDF and Tesseract their headroom. glibc is asked for at most two malloc
  arenas, as each extra thread's arena reserves 64 MiB of address space it rarely uses.
  OCR helper processes inherit the same cap, each for itself.
- macOS does not enforce `RLIMIT_AS`; Windows has no rlimits (a job object with
  JOB_OBJECT_LIMIT_PROCESS_MEMORY would do it, not built yet). There the per-page budgets are
  the only bound, and `apply_memory_cap` says so in the log.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import threading
from collections.abc import Callable

from docflags_gui.worker import protocol
from docflags_gui.worker.option_values import MIB, MIN_MAX_MEMORY, format_size
from docflags_gui.worker.output import ProtocolWriter

log = logging.getLogger(__name__)


def apply_memory_cap(limit: int) -> bool:
    """Cap this process (and the processes it starts) at `limit` bytes of address space.

    Returns whether the cap is in force. Call it before the engine is loaded.
    """
    if sys.platform.startswith("win") or sys.platform == "darwin":
        log.info("no memory cap on this platform; per-page budgets still apply")
        return False
    import resource

    _limit_malloc_arenas()
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY and hard < limit:
        limit = hard  # an administrator's lower limit stays in force
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError) as exc:
        log.warning("could not cap memory at %s: %s", format_size(limit), exc)
        return False
    return True


def _limit_malloc_arenas() -> None:
    """glibc: at most two malloc arenas (M_ARENA_MAX), so threads do not reserve 64 MiB each."""
    m_arena_max = -8
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return  # not glibc (musl has no arenas to limit)
    mallopt(m_arena_max, 2)


# The watch ends the process this far below the cap, before memory requests start failing
# (MuPDF's own failures are handled, but a failed allocation in some C paths is a crash);
# growth seen on bomb files is about 100 MB/s, so a 20 ms poll sees it long before that.
WATCH_MARGIN = 96 * MIB
WATCH_INTERVAL_S = 0.02


class MemoryWatch:
    """A daemon thread that polls this process's address space and, once it comes within
    WATCH_MARGIN of `limit`, calls `on_exceeded` (which ends the process, unless the engine
    has already said its last word) at most once.

    `stop()` waits for an `on_exceeded` under way: the engine may get through a page the
    watch gave up on (its allocations failed and the page was skipped), and must not then
    end the process with its own exit code after the watch's terminal message.

    Linux only (it reads /proc/self/statm); elsewhere `start()` does nothing.
    """

    def __init__(
        self, limit: int, on_exceeded: Callable[[], None], interval: float = WATCH_INTERVAL_S
    ) -> None:
        self.threshold = max(MIN_MAX_MEMORY // 2, limit - WATCH_MARGIN)
        self._on_exceeded = on_exceeded
        self._interval = interval
        self._stopped = threading.Event()
        self._firing = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if address_space() is None:
            return
        self._thread = threading.Thread(target=self._run, name="memory-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching; if the watch is ending the process, wait for that."""
        self._stopped.set()
        with self._firing:
            pass

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            size = address_space()
            if size is not None and size > self.threshold:
                with self._firing:
                    if not self._stopped.is_set():
                        self._on_exceeded()
                return


class PageTracker:
    """The engine's progress callback in front of the throttle: remembers the page being read,
    so a message about memory can name it."""

    def __init__(self, forward: Callable[[int, int, str], None]) -> None:
        self._forward = forward
        self.page: int | None = None

    def __call__(self, done: int, total: int, message: str) -> None:
        self.page = done + 1 if done < total else None
        self._forward(done, total, message)

    def too_complex(self, limit: int) -> str:
        where = f"page {self.page}" if self.page is not None else "the document"
        return (
            f"{where} is too complex to analyse within the memory limit of "
            f"{format_size(limit)} (a higher --max-memory, or the memory setting, allows more)"
        )


def watch_memory(
    limit: int, writer: ProtocolWriter, pages: PageTracker, inherited: int = 0
) -> MemoryWatch | None:
    """Cap the process's memory at `limit` and watch it: near the cap the run ends with
    `error{code: "too-complex"}` naming the page, rather than with a failed allocation.
    `inherited`: address space the process had before it became a worker (forked from the
    command, which had mapped it), on top of which the cap applies."""
    cap = limit + inherited
    if not apply_memory_cap(cap):
        return None

    def exceeded() -> None:
        message = pages.too_complex(limit)
        if not writer.send_last(protocol.error("too-complex", message)):
            return  # the engine's terminal message went first: its exit code stands
        print(f"docflags worker: {message}", file=sys.stderr, flush=True)
        os._exit(protocol.EXIT_TOO_COMPLEX)

    watch = MemoryWatch(cap, exceeded)
    watch.start()
    return watch


def _statm(field: int) -> int | None:
    try:
        with open("/proc/self/statm", "rb") as fh:
            fields = fh.read().split()
    except OSError:
        return None
    return int(fields[field]) * os.sysconf("SC_PAGE_SIZE")


def address_space() -> int | None:
    """This process's address space (virtual size) in bytes, on Linux."""
    return _statm(0)


def peak_rss() -> int | None:
    """The most this process has held resident since it started (VmHWM), on Linux.

    Unlike `ru_maxrss`, it starts afresh at exec: a worker forked from a large parent does
    not inherit the parent's size in the figure."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def current_rss() -> int | None:
    """This process's resident memory in bytes, on Linux (for logs and tests)."""
    return _statm(1)

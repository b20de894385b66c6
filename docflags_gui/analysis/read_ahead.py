"""Read-ahead: a helper process reads pages' text layers and drawings on a second core while
the worker runs the detectors, so a long text-layer report is not read on one core alone
(PyMuPDF holds the interpreter lock in every call: threads cannot share the work).

The helper (`worker/read_ahead_helper.py`: on Linux forked from the worker once PyMuPDF is
loaded, `worker/read_ahead_fork.py`; elsewhere this program's `--read-ahead` entry) opens the
same file and reads pages in order with `page_reading.read_page`, each only after the same page
budgets (`budget`) the worker applies; it sends each page's data, or an empty frame for a page
it did not read (over budget, failing: the worker reads that page itself, with its warnings).
The worker takes a page's data when it has arrived and otherwise reads the page itself at once,
never waiting, and tells the helper where it is, so the helper skips to the pages ahead of it.
What the worker takes is what it would have extracted: the same MuPDF calls, same flags.

Wire (both ends are this program): to the helper, length-prefixed pickles of the path and of
the page budgets (None: the defaults), both sent as the helper starts, so that it reads from
the first page on as soon as it has loaded (the worker starts it before it loads the engine,
`prestart` or the fork: pages the helper reads while the engine loads are pages the worker
need not read), then the worker's page index (4 bytes) each time it reads a page itself;
from the helper, frames of (page index, length) and a pickled
`page_reading.PageData`. Any failure (no helper, a crash, a bad frame, other budgets than the
helper was started with) only means the worker reads the remaining pages itself (logged).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

try:
    import fcntl
except ImportError:  # Windows (where no helper is started)
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:  # not loaded: the worker starts a helper before it loads PyMuPDF
    import pymupdf

    from docflags_gui.analysis.budget import PageBudget
    from docflags_gui.analysis.page_reading import PageData

log = logging.getLogger(__name__)

# Documents shorter than this are read by the worker alone: the helper's start (a Python with
# PyMuPDF, about 0.13 s of CPU) would cost more than it saves ...
MIN_PAGES = 24
# ... but a scan under an OCR layer (`page_reading.is_scanned_page`, its first page tells)
# costs 0.4-0.6 s a page to decode and search, so a helper pays from a few pages on.
MIN_SCAN_PAGES = 3
# The worker starts a helper before it knows the page count (`prestart`) for files at least
# this large; the helper ends at once when the document is shorter than MIN_PAGES.
MIN_BYTES = 64 * 1024
# Data of pages the helper has read ahead that the worker holds at most; past it the worker
# stops reading the pipe and the helper waits (a 3,000-page report with slow OCR pages).
MAX_HELD_BYTES = 64 * 1024 * 1024
# How far past the worker's position the helper goes on when the worker caught up with it
# (`read_ahead_helper`).
SKIP_AHEAD = 6
# What the pipe from the helper holds (Linux: `/proc/sys/fs/pipe-max-size` allows 1 MB).
PIPE_BYTES = 1024 * 1024
# A frame larger than this is a broken helper, not a page (a page's data is some 50 KB).
_MAX_FRAME = 1 << 30

FRAME = struct.Struct("!iI")  # page index, length of its pickled data (0: not read)
POSITION = struct.Struct("!i")  # the page the worker reads itself
_LENGTH = struct.Struct("!I")


class HelperProcess(Protocol):
    """A started helper as the worker holds it: a `subprocess.Popen` with piped stdin and
    stdout, or a forked one (`worker/read_ahead_fork.py`)."""

    stdin: IO[bytes] | None
    stdout: IO[bytes] | None

    @property
    def returncode(self) -> int | None: ...

    def poll(self) -> int | None: ...

    def kill(self) -> None: ...

    def wait(self) -> int: ...


def send_message(stream: IO[bytes], message: Any) -> None:
    """One length-prefixed pickle to the helper: the path, then the page budgets (or None)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def read_message(fd: int) -> Any:
    """What `send_message` wrote, read from the file descriptor `fd` (unbuffered: what
    follows are the worker's positions); EOFError when the stream ends first."""
    (length,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size))
    return pickle.loads(_read_exactly(fd, length))


def _read_exactly(fd: int, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            raise EOFError("the request was cut short")
        data += chunk
    return data


def page_frame(index: int, data: PageData | None) -> bytes:
    """What the helper sends for page `index`: its data, or an empty frame when not read."""
    payload = b"" if data is None else pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    return FRAME.pack(index, len(payload)) + payload


def wanted(command: Sequence[str], processes: int, pages: int) -> bool:
    """Whether a document of `pages` pages is read with a helper: the job may use a second
    process, there is a command to start it with, and the document is long enough. POSIX only:
    the worker reads the helper's pipe without blocking (Windows pipes cannot do that)."""
    return bool(command) and processes > 1 and pages >= MIN_PAGES and os.name == "posix"


def wanted_for(command: Sequence[str], processes: int, doc: pymupdf.Document) -> bool:
    """Whether `doc` is read with a helper: as `wanted`, a scan from MIN_SCAN_PAGES pages on
    (`long_enough`)."""
    return wanted(command, processes, MIN_PAGES) and long_enough(doc)


def first_page(doc: pymupdf.Document) -> int:
    """The page the helper starts at: the first, so that it reads ahead while the worker still
    loads the engine; on a scan (`page_reading.is_scanned_page`) the middle one, so that the
    worker searches the first half and the helper the second (from the first, the worker
    would soon pass it and it would skip SKIP_AHEAD pages ahead, leaving it a few pages of a
    short scan: 2 of 8)."""
    from docflags_gui.analysis.page_reading import is_scanned_page

    return doc.page_count // 2 if is_scanned_page(doc[0]) else 0


def long_enough(doc: pymupdf.Document) -> bool:
    """Whether `doc` has pages enough for a helper: MIN_PAGES, or MIN_SCAN_PAGES when its
    first page is a scan under an OCR layer. The worker and its helper decide alike."""
    # Loaded here: this module is loaded before PyMuPDF (a document is open by now).
    from docflags_gui.analysis.page_reading import is_scanned_page

    total = doc.page_count
    if total >= MIN_PAGES:
        return True
    return total >= MIN_SCAN_PAGES and is_scanned_page(doc[0])


class ReadAhead:
    """The worker's end: one helper process reading `path`'s pages ahead of the worker.

    The helper reads `path`'s pages within `budget` (None: the default budgets) from the
    moment it has loaded; `begin(budget)` is the engine taking it for its pages. `take(index)`
    gives the page's data if the helper sent it, else None (the worker reads the page itself);
    `close()` ends the helper (on its stack of resources: at the end of the analysis, on cancel
    and on failure)."""

    def __init__(
        self, process: HelperProcess, path: Path, budget: PageBudget | None = None
    ) -> None:
        self._process: HelperProcess | None = process
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin = self._process.stdin
        self._stdout = self._process.stdout.fileno()
        self._buffer = bytearray()
        self._held: dict[int, bytes] = {}
        self._held_bytes = 0
        self._passed = -1  # the last page the worker asked for
        self._reading = True  # until the helper's output ends
        self._budget = budget
        try:
            send_message(self._stdin, os.fspath(path))
            send_message(self._stdin, budget)
            os.set_blocking(self._stdin.fileno(), False)  # positions never wait (`_tell`)
            os.set_blocking(self._stdout, False)
            _widen_pipe(self._stdout)
        except OSError:
            self.close()
            raise

    def begin(self, budget: PageBudget) -> None:
        """The engine takes the helper's pages, which must be read within `budget` (the
        engine's): a helper started for other budgets is ended (the worker reads alone)."""
        started_for = type(budget)() if self._budget is None else self._budget
        if budget != started_for:
            self._give_up("it was started for other page budgets")

    def take(self, index: int) -> PageData | None:
        """Page `index`'s data from the helper, or None: the worker reads it itself."""
        self._receive()
        self._passed = index
        payload = self._held.pop(index, None)
        if payload is None:
            self._tell(index)
            return None
        self._held_bytes -= len(payload)
        if not payload:
            return None  # the helper left the page to the worker (budget, failure)
        try:
            data: PageData = pickle.loads(payload)
        except Exception as exc:
            self._give_up(f"its data for page {index + 1} is unreadable ({exc})")
            return None
        return data

    def _receive(self) -> None:
        """Read what the helper has sent so far, without waiting, while less than
        MAX_HELD_BYTES are held."""
        while self._reading and self._held_bytes < MAX_HELD_BYTES:
            try:
                chunk = os.read(self._stdout, 1 << 20)
            except BlockingIOError:
                return
            except OSError as exc:
                self._give_up(f"its output cannot be read ({exc})")
                return
            if not chunk:
                self._ended()
                return
            self._buffer += chunk
            self._split_frames()

    def _split_frames(self) -> None:
        buffer = self._buffer
        start = 0
        while len(buffer) - start >= FRAME.size:
            index, length = FRAME.unpack_from(buffer, start)
            if length > _MAX_FRAME:
                self._give_up(f"it sent a frame of {length} bytes")
                return
            end = start + FRAME.size + length
            if len(buffer) < end:
                break
            if index > self._passed:  # else the worker has read that page itself already
                payload = bytes(buffer[start + FRAME.size : end])
                self._held[index] = payload
                self._held_bytes += len(payload)
            start = end
        del buffer[:start]

    def _tell(self, index: int) -> None:
        """Tell the helper the worker reads page `index` itself: it skips past it."""
        if self._process is None:
            return
        with contextlib.suppress(BlockingIOError, OSError):
            self._stdin.write(POSITION.pack(index))
            self._stdin.flush()

    def _ended(self) -> None:
        """The helper closed its output: done with the document, or dead. What it sent whole
        is still taken."""
        self._reading = False
        process = self._process
        if process is not None and process.wait() != 0:
            log.warning(
                "read-ahead helper ended with exit code %s; the worker reads the pages left",
                process.returncode,
            )
        self._end_process()

    def _give_up(self, why: str) -> None:
        log.warning("read-ahead helper stopped: %s; the worker reads the pages left", why)
        self.close()

    def close(self) -> None:
        """End the helper (killed: it holds nothing worth keeping) and drop what it sent."""
        self._reading = False
        self._held.clear()
        self._held_bytes = 0
        self._end_process()

    def _end_process(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        process.wait()


def _widen_pipe(fd: int) -> None:
    """Linux: room for some twenty pages in the pipe (64 KB by default, one or two pages), so
    the helper does not wait for the worker to come by and read."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, set_size, PIPE_BYTES)


def start(command: Sequence[str], path: Path, budget: PageBudget | None = None) -> ReadAhead | None:
    """A started helper reading `path` within `budget` (None: the default budgets), or None
    (logged) when none can be started."""
    try:
        # stderr is inherited: the worker's log. So are the process group (a hard stop kills
        # both) and the memory cap (RLIMIT_AS).
        process = subprocess.Popen(list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    except (OSError, ValueError) as exc:
        log.warning("no read-ahead helper: %s", exc)
        return None
    return attach(process, path, budget)


def attach(
    process: HelperProcess, path: Path, budget: PageBudget | None = None
) -> ReadAhead | None:
    """The worker's end of a started helper `process` (a program or a fork), or None (logged)
    when the path and budgets cannot be sent to it (`ReadAhead` ends it then)."""
    try:
        return ReadAhead(process, path, budget)
    except (OSError, ValueError) as exc:
        log.warning("no read-ahead helper: %s", exc)
        return None


# How often, and how far apart, `core_free` looks at the count of running tasks: one look can
# fall on the instant another process runs for a moment (a shell, a daemon's tick).
CORE_LOOKS = 3
CORE_LOOK_GAP_S = 0.002


def core_free() -> bool:
    """Whether a core is likely idle now: in one of a few looks a few milliseconds apart, no
    more tasks running than there are cores (Linux: /proc/loadavg's count of running tasks,
    this worker and the command that started it included; elsewhere the 1-minute load average
    at least half a core below the count).
    Where none is idle, a helper costs wall time instead of saving it: on Linux the worker and
    its helper share one scheduling group (one session), so the helper's CPU comes out of the
    worker's share (measured with one other busy process on two cores: 2.2 s -> 2.8 s for a
    300-page report). Without either figure (Windows), assume one is."""
    cores = os.cpu_count() or 1
    for look in range(CORE_LOOKS):
        if look:
            time.sleep(CORE_LOOK_GAP_S)
        running = running_tasks()
        if running is None:
            break
        if running <= cores:
            return True
    else:
        return False
    try:
        return os.getloadavg()[0] <= cores - 0.5
    except (AttributeError, OSError):
        return True


def running_tasks() -> int | None:
    """The machine's tasks running or ready to run at this instant (Linux), else None."""
    try:
        with open("/proc/loadavg", encoding="ascii") as proc:
            return int(proc.read().split()[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        return None


def prestart(command: Sequence[str], path: Path, processes: int) -> ReadAhead | None:
    """A helper started with `command` as early as the worker can (before it loads the engine,
    so that the two start side by side) where `may_prestart`, reading within the default
    budgets (the worker's; the budgets module loads PyMuPDF): the engine then uses it or ends
    it (`engine.analyze_pdf`). On Linux the worker forks its helper instead
    (`worker/read_ahead_fork.py`)."""
    if not may_prestart(command, path, processes):
        return None
    return start(command, path)


def may_prestart(command: Sequence[str], path: Path, processes: int) -> bool:
    """Whether the worker starts a helper before it knows the page count: one is `wanted` for
    a document of MIN_PAGES, and the file is large enough to be that long (or a scan)."""
    if not wanted(command, processes, MIN_PAGES):
        return False
    try:
        return path.stat().st_size >= MIN_BYTES
    except OSError:
        return False  # the engine says what is wrong with the file

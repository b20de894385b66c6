"""The read-ahead helper forked from the worker (`worker/read_ahead_fork.py`, Linux): it sends
exactly what the worker would read, keeps none of the worker's descriptors, is what the worker
uses (no helper program is started), and dies with the worker. Each case forks in a fresh
interpreter, never in the test process."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis import budget
from docflags_gui.analysis.page_reading import open_document
from docflags_gui.worker import protocol, read_ahead_helper
from tests.bench_engine import build_realistic_report
from tests.processes import is_running, run_python, wait_until_gone

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the worker forks its helper on Linux only"
)

# Long enough that the pages' data (some 30 KB a page) fills the helper's pipe (1 MiB) several
# times over: a helper nobody reads from waits, alive, with the document open.
PAGES = 100


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A text-layer report with drawn marks on every page and, on every fifth, coloured text
    (whose spans the helper sends too)."""
    path = tmp_path_factory.mktemp("read-ahead-fork") / "report.pdf"
    build_realistic_report(path, PAGES)
    with pymupdf.open(path) as doc:
        for page in list(doc)[1::5]:
            page.insert_text((72, 810), "a coloured passage", color=(0.85, 0.1, 0.1))
        doc.save(path, incremental=True, encryption=pymupdf.mupdf.PDF_ENCRYPT_KEEP)
    return path


# Forks a helper for argv[1], waits until it has sent every page and ended, and compares each
# page's data with what this process reads of the page itself.
SAME_PAGES = """
import sys, time
from pathlib import Path
from docflags_gui.analysis import budget
from docflags_gui.analysis.page_reading import open_document, read_page
from docflags_gui.worker.read_ahead_fork import ForkedHelper, fork

path = Path(sys.argv[1])
ahead = fork(path)
assert ahead is not None and isinstance(ahead._process, ForkedHelper)
ahead.begin(budget.PageBudget())
deadline = time.monotonic() + 60
while ahead._reading and time.monotonic() < deadline:
    ahead._receive()
    time.sleep(0.01)
assert not ahead._reading, "the helper did not finish"
doc = open_document(path)
same = sum(ahead.take(i) == read_page(doc[i]) for i in range(doc.page_count))
colored = sum(read_page(doc[i])[3] is not None for i in range(doc.page_count))
ahead.close()
print(f"SAME {same} OF {doc.page_count} COLOURED {colored}")
"""


def test_a_forked_helper_sends_what_the_worker_would_read(report: Path) -> None:
    done = run_python(SAME_PAGES, str(report))
    assert done.returncode == 0, done.stderr[-800:]
    same, total, colored = done.stdout.split()[1::2]
    assert same == total == str(PAGES + 1)
    assert int(colored) >= PAGES // 5


# Forks a helper with a pipe open as this process's protocol stream would be, lets it start
# (it opens the document once it has closed what it does not keep) without reading its pages
# (so it waits on its full pipe), and prints the helper's open descriptors and where they lead.
OPEN_FILES = """
import os, sys, time
from pathlib import Path
from docflags_gui.worker.read_ahead_fork import fork

protocol_read, protocol_write = os.pipe()  # stands for the worker's stdout to its parent
path = Path(sys.argv[1]).resolve()
ahead = fork(path)
assert ahead is not None
pid = ahead._process.pid
deadline = time.monotonic() + 30
def targets():
    found = {}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            found[fd] = os.readlink(f"/proc/{pid}/fd/{fd}")
        except FileNotFoundError:
            pass  # closed while listed: the child is still closing the worker's descriptors
    return found
while str(path) not in targets().values() and time.monotonic() < deadline:
    time.sleep(0.005)
found = targets()
def mine(fd):
    return os.readlink(f"/proc/self/fd/{fd}")
print("PROTOCOL", mine(protocol_write))
print("PIPES", mine(ahead._process.stdin.fileno()), mine(ahead._process.stdout.fileno()))
print("STDERR", mine(2))
print("FDS", " ".join(sorted(found.values())))
ahead.close()
"""


def test_a_forked_helper_keeps_only_its_pipes_stderr_and_the_document(report: Path) -> None:
    done = run_python(OPEN_FILES, str(report))
    assert done.returncode == 0, done.stderr[-800:]
    told = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()}
    (protocol_pipe,) = told["PROTOCOL"]
    # The two pipes to the worker (each perhaps on two descriptors: the helper keeps its
    # answers' end apart from fd 1), stderr, and the document MuPDF reads.
    assert set(told["FDS"]) == {*told["PIPES"], *told["STDERR"], str(report.resolve())}
    assert protocol_pipe not in told["FDS"]


# Runs the worker on argv[1] with two processes, failing if a helper program is started, and
# counts the pages it takes from its helper. What is tested is the fork and its pipes, not how
# the helper fares beside other work: the helper runs at the lowest priority (`os.nice(19)`), so
# on a machine busy with other processes it read none of 100 pages in time. Here it keeps the
# worker's priority, and the worker pauses before each page so that the helper gets ahead.
FORKED_IN_THE_WORKER = """
import os, sys, time
from docflags_gui.analysis import read_ahead
import docflags_gui.worker.main as main

def no_program(*args, **kwargs):
    raise SystemExit("a helper program was started")
read_ahead.start = no_program
main.core_free = lambda: True  # as on an idle machine
os.nice = lambda increment: os.getpriority(os.PRIO_PROCESS, 0)  # the helper's, after the fork
taken = []
take = read_ahead.ReadAhead.take
def counted(self, index):
    time.sleep(0.005)
    data = take(self, index)
    taken.append(data is not None)
    return data
read_ahead.ReadAhead.take = counted
code = main.run_worker(["--input", sys.argv[1], "--ocr-processes", "2"])
sys.stderr.write(f"\\nTAKEN {sum(taken)} OF {len(taken)}\\n")
sys.exit(code)
"""


def test_the_worker_forks_its_helper_and_takes_its_pages(report: Path) -> None:
    done = run_python(FORKED_IN_THE_WORKER, str(report))
    assert done.returncode == protocol.EXIT_OK, done.stderr[-800:]
    helped, asked = map(int, done.stderr.rsplit("TAKEN ", 1)[1].split()[::2])
    assert asked == PAGES + 1
    assert helped > 0


# Runs the worker on argv[1]; when the engine begins, it prints its helper's pid and kills
# itself, as a crash or a hard stop of the worker alone would.
WORKER_DIES = """
import os, signal, sys
from docflags_gui.analysis import read_ahead
import docflags_gui.worker.main as main

def die(self, budget):
    sys.stderr.write(f"\\nHELPER {self._process.pid}\\n")
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)
read_ahead.ReadAhead.begin = die
main.core_free = lambda: True
main.run_worker(["--input", sys.argv[1], "--ocr-processes", "2"])
"""


def test_a_forked_helper_dies_with_its_worker(report: Path) -> None:
    done = run_python(WORKER_DIES, str(report))
    assert done.returncode == -9, done.stderr[-800:]
    helper = int(done.stderr.rsplit("HELPER ", 1)[1].split()[0])
    assert wait_until_gone([helper], timeout=5.0) == [], "the helper outlived its worker"
    assert not is_running(helper)


def test_reading_pages_makes_no_reference_cycles(report: Path) -> None:
    """The forked helper runs with the cycle collector off (the worker's): what it reads of a
    page must be freed by reference counting alone."""
    doc = open_document(report)
    gc.collect()
    gc.disable()
    try:
        for index in range(doc.page_count):
            assert read_ahead_helper._read(doc, index, budget.PageBudget()) is not None
        left_for_the_collector = gc.collect()
    finally:
        gc.enable()
    assert left_for_the_collector == 0

"""Qt-free helpers for tests that start worker processes: the fake worker, child processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

FAKE_WORKER = Path(__file__).resolve().parent / "fake_worker.py"
FAKE_COMMAND = [sys.executable, str(FAKE_WORKER)]
REPO_ROOT = Path(__file__).resolve().parents[1]
# The last line of a `python -c` program that lists the modules it ended up with on stderr
# (`listed_modules` reads it back); before it, the program sets `code`, its exit code.
LIST_MODULES = (
    "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)) + '\\n')\nsys.exit(code)\n"
)


def run_python(
    program: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -c program args...` in a fresh interpreter from the repository's root (which
    puts this checkout first on its path), output captured as text."""
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        env=env,
    )


def listed_modules(done: subprocess.CompletedProcess[str]) -> set[str]:
    """The modules a program ending in LIST_MODULES listed."""
    return set(json.loads(done.stderr.rsplit("MODULES ", 1)[1]))


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state letter, parent pid) of a process, or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def child_pids(parent: int | None = None) -> list[int]:
    """Children of `parent` (this test process by default), zombies included (a zombie is a
    child nobody reaped)."""
    parent = os.getpid() if parent is None else parent
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat is not None and stat[1] == parent:
                found.append(int(entry.name))
    return found


def is_running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for init, which may be slow to reap)."""
    stat = _proc_stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def wait_until_gone(pids: list[int], timeout: float = 3.0) -> list[int]:
    """The pids still running after up to `timeout` s (a SIGKILLed process takes a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        running = [pid for pid in pids if is_running(pid)]
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.02)


def recorded_pids(folder: Path) -> list[int]:
    """Pids the fake worker wrote to `<input>.pids` files (worker and its helper child)."""
    return [int(p) for f in folder.glob("*.pids") for p in f.read_text().split()]


def scenario_file(folder: Path, scenario: str, tag: str = "") -> Path:
    """An input file whose name selects the fake worker's scenario ("slow-2.pdf": slow)."""
    path = folder / (f"{scenario}-{tag}.pdf" if tag else f"{scenario}.pdf")
    path.write_bytes(b"%PDF-1.7 fake input for the fake worker\n")
    return path

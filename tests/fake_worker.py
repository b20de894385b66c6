"""A fake analysis worker speaking protocol v1, for the hard paths of the jobs layer.

Run it as the worker command: `[sys.executable, "tests/fake_worker.py"]`; the manager appends
the real worker's arguments (`--input PATH [--no-ocr] [--ocr-lang L] [--stop-file PATH]`). The
scenario is the input file's name up to the first "-" ("slow-2.pdf" runs `slow`), unless the
environment variable FAKE_WORKER_SCENARIO names one. Standard library only, so it starts fast.

Scenarios: ok, warned, slow, flood, garbage, crash_signal, crash_exit, hang, error, big,
finish_anyway, hang_then_ok, crash_then_ok (see SCENARIOS). Stops like the real worker:
SIGTERM or the stop file make it write error{code: "cancelled"} and exit 5 (except `hang`,
which ignores both, and `finish_anyway`, which sends its result regardless).

Side files next to the input, for tests to check on: `<input>.pids` holds this process's pid
and (for `hang` and `slow`) the pid of a helper child in its process group;
`<input>.attempts` counts runs, for the *_then_ok scenarios.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_BAD_INPUT = 3
EXIT_INTERNAL = 4
EXIT_CANCELLED = 5
OUT = sys.stdout.buffer


def send(kind: str, **fields: Any) -> None:
    OUT.write(json.dumps({"v": 1, "type": kind, **fields}).encode() + b"\n")
    OUT.flush()


def raw(data: bytes) -> None:
    OUT.write(data)
    OUT.flush()


class Stop:
    """SIGTERM or the stop file: the soft stop of protocol v1."""

    def __init__(self, stop_file: Path | None) -> None:
        self.stop_file = stop_file
        self.signalled = False
        signal.signal(signal.SIGTERM, self._on_sigterm)

    def _on_sigterm(self, _signum: int, _frame: object) -> None:
        self.signalled = True

    def requested(self) -> bool:
        return self.signalled or (self.stop_file is not None and self.stop_file.exists())


def document(path: Path, n_flags: int) -> dict[str, Any]:
    flags = [
        {
            "id": i + 1,
            "page": i // 40 + 1,
            "kind": "highlight",
            "color": "#ffff00",
            "text": f"flagged passage number {i + 1}",
            "source": None,
            "comment": None,
            "rect": [72.0, 100.0 + i % 40, 300.0, 110.0 + i % 40],
            "ocr": False,
        }
        for i in range(n_flags)
    ]
    return {
        "schema": "docflags/1",
        "file": path.name,
        "sha256": "0" * 64,
        "pages": max(1, n_flags // 40 + 1),
        "similarity": None,
        "sources": [],
        "flags": flags,
        "warnings": [],
    }


def pages(total: int, delay: float, stop: Stop) -> bool:
    """Progress through `total` pages; False if stopped on request."""
    for done in range(1, total + 1):
        if stop.requested():
            send("error", code="cancelled", message="stopped on request")
            return False
        time.sleep(delay)
        send("progress", done=done, total=total, stage="reading", message=f"Page {done}/{total}")
    return True


def spawn_helper(path: Path) -> None:
    """A child in our process group that ignores SIGTERM: only a group SIGKILL ends it."""
    code = "import signal,time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(3600)"
    helper = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL)
    Path(f"{path}.pids").write_text(f"{os.getpid()} {helper.pid}\n")


def hang_forever(path: Path) -> int:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    spawn_helper(path)
    send("progress", done=1, total=10, stage="reading", message="Page 1/10")
    while True:
        time.sleep(3600)


def count_attempt(path: Path) -> int:
    counter = Path(f"{path}.attempts")
    attempt = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(attempt))
    return attempt


def ok(path: Path, stop: Stop) -> int:
    if not pages(5, 0.01, stop):
        return EXIT_CANCELLED
    send("result", result=document(path, 3))
    return 0


def warned(path: Path, stop: Stop) -> int:
    """A repaired file: a result whose later pages came out empty, with the engine's warnings."""
    document_ = document(path, 2)
    document_["warnings"] = [
        "the file is damaged (truncated or altered) and was repaired to be read: "
        "some pages or passages may be missing",
        "page 3: empty, its content was lost where the file is damaged",
    ]
    send("result", result=document_)
    return 0


def slow(path: Path, stop: Stop) -> int:
    spawn_helper(path)
    seconds = float(os.environ.get("FAKE_WORKER_SLOW_S", "30"))
    total = max(1, int(seconds / 0.05))
    if not pages(total, 0.05, stop):
        return EXIT_CANCELLED
    send("result", result=document(path, 1))
    return 0


def flood(path: Path, stop: Stop) -> int:
    total = 10_000
    for done in range(1, total + 1):
        send("progress", done=done, total=total, stage="reading", message=f"Page {done}/{total}")
    send("result", result=document(path, 2))
    return 0


def garbage(path: Path, stop: Stop) -> int:
    raw(b"this is not JSON\n")
    raw(b"\n")
    raw(b"\xff\xfe invalid utf-8 \x80\n")
    raw(b'{"v": 1, "type": "progress", "done": 1, "to')  # half a line; the rest comes later
    time.sleep(0.05)
    raw(b'tal": 4, "stage": "reading", "message": "Page 1/4"}\n')
    raw(b"[1, 2, 3]\n")
    raw(b'{"v": 2, "type": "progress", "done": 2, "total": 4}\n')
    send("flag", page=1, text="streamed flags are ignored for now")
    send("mystery", anything=True)
    raw(b'{"v": 1, "type": "progress", "done": 2, "total": 4, "stage": "x", "message"\n')
    send("log", level="info", message="a log line from the worker")
    send("progress", done=4, total=4, stage="reading", message="Page 4/4")
    send("result", result=document(path, 1))
    raw(b"trailing noise after the result\n")
    return 0


def crash_signal(path: Path, stop: Stop) -> int:
    send("progress", done=1, total=3, stage="reading", message="Page 1/3")
    print("fake worker: about to die by a signal", file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    return 0


def crash_exit(path: Path, stop: Stop) -> int:
    send("progress", done=1, total=3, stage="reading", message="Page 1/3")
    print("Traceback (most recent call last):", file=sys.stderr)
    print("RuntimeError: fake worker lost its way", file=sys.stderr, flush=True)
    return EXIT_INTERNAL


def hang(path: Path, stop: Stop) -> int:
    return hang_forever(path)


def error(path: Path, stop: Stop) -> int:
    send("progress", done=0, total=1, stage="reading", message="Opening")
    send("error", code="bad-input", message="This file is not a PDF.")
    return EXIT_BAD_INPUT


def big(path: Path, stop: Stop) -> int:
    send("progress", done=1, total=1, stage="reading", message="Page 1/1")
    send("result", result=document(path, int(os.environ.get("FAKE_WORKER_FLAGS", "100000"))))
    return 0


def finish_anyway(path: Path, stop: Stop) -> int:
    """Ignores a stop request and delivers its result anyway, a little later."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    send("progress", done=1, total=2, stage="reading", message="Page 1/2")
    deadline = time.monotonic() + 10
    while not (stop.stop_file is not None and stop.stop_file.exists()):
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    send("result", result=document(path, 1))
    return 0


def hang_then_ok(path: Path, stop: Stop) -> int:
    if count_attempt(path) == 1:
        return hang_forever(path)
    return ok(path, stop)


def crash_then_ok(path: Path, stop: Stop) -> int:
    if count_attempt(path) == 1:
        return crash_exit(path, stop)
    return ok(path, stop)


SCENARIOS: dict[str, Callable[[Path, Stop], int]] = {
    "ok": ok,
    "slow": slow,
    "warned": warned,
    "flood": flood,
    "garbage": garbage,
    "crash_signal": crash_signal,
    "crash_exit": crash_exit,
    "hang": hang,
    "error": error,
    "big": big,
    "finish_anyway": finish_anyway,
    "hang_then_ok": hang_then_ok,
    "crash_then_ok": crash_then_ok,
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="fake_worker")
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--ocr-lang")
    parser.add_argument("--ocr-processes", type=int, default=1)
    parser.add_argument("--stop-file", type=Path)
    parser.add_argument("--max-memory")
    args = parser.parse_args(argv)
    stop = Stop(args.stop_file)
    name = os.environ.get("FAKE_WORKER_SCENARIO") or args.input.stem.split("-", 1)[0]
    print(f"fake worker {os.getpid()}: scenario {name}, args {argv}", file=sys.stderr, flush=True)
    send("hello", pid=os.getpid(), version="fake", engine="fake")
    return SCENARIOS[name](args.input, stop)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

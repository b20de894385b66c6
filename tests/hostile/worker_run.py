"""Run the real worker on one file the way the app does, and watch what a user cannot see:
its peak memory, any traceback in its log, processes it leaves behind, and every attempt to
open a connection or start a program (an audit hook, `audit_hook/sitecustomize.py`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docflags_gui.worker import protocol
from docflags_gui.worker.launch import popen_options, worker_argv

AUDIT_HOOK_DIR = Path(__file__).with_name("audit_hook")
# The cap the hostile suite runs workers with: low enough that a bomb shows it is enforced,
# high enough for every honest page (the app's default is 2 GB).
TEST_MAX_MEMORY = 1024 * 1024 * 1024


@dataclass
class WorkerRun:
    exit_code: int
    messages: list[dict[str, Any]]
    stderr: str
    peak_rss: int  # bytes, the worker's own (ru_maxrss)
    seconds: float
    audit: list[str] = field(default_factory=list)
    leftover: bool = False
    timed_out: bool = False

    @property
    def terminal(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if protocol.is_terminal(m)]

    @property
    def result(self) -> dict[str, Any] | None:
        ends = self.terminal
        return ends[0].get("result") if ends and ends[0]["type"] == protocol.RESULT else None

    def problems(self, max_memory: int = TEST_MAX_MEMORY) -> list[str]:
        """What no run may do, whatever the input: the fuzz and corpus tests' common check."""
        found = []
        if self.timed_out:
            found.append(f"hung (killed after {self.seconds:.0f} s)")
        if "Traceback" in self.stderr:
            found.append("a traceback in the log:\n" + self.stderr[-3000:])
        if len(self.terminal) != 1:
            found.append(f"{len(self.terminal)} terminal messages (exit {self.exit_code})")
        else:
            end = self.terminal[0]
            expected = (
                protocol.EXIT_OK
                if end["type"] == protocol.RESULT
                else protocol.ERROR_CODES.get(str(end.get("code")), -1)
            )
            if self.exit_code != expected:
                found.append(f"exit code {self.exit_code} after {end}")
            if end.get("code") == "internal":
                found.append(f"internal error: {end.get('message')}")
            message = str(end.get("message", ""))
            if "\n" in message:
                found.append(f"a message of more than one line: {message!r}")
        if self.peak_rss > max_memory:
            found.append(f"peak RSS {self.peak_rss / 2**20:.0f} MB over the cap")
        if self.leftover:
            found.append("processes left running after the worker ended")
        found += [f"forbidden: {event}" for event in self.audit]
        return found


def run_worker(
    path: Path,
    *,
    ocr: bool = False,
    max_memory: int = TEST_MAX_MEMORY,
    timeout: float = 120.0,
    log_dir: Path,
) -> WorkerRun:
    """Analyse `path` in a worker subprocess with the audit hook installed; never raises for
    anything the worker does."""
    log_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{path.stem[:40]}-{time.monotonic_ns()}"
    audit_log = log_dir / f"{stem}.audit"
    stderr_path = log_dir / f"{stem}.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(AUDIT_HOOK_DIR), *filter(None, [env.get("PYTHONPATH")])]
    )
    env["DOCFLAGS_AUDIT_LOG"] = str(audit_log)
    argv = worker_argv(path, ocr=ocr, prefix=[sys.executable, "-m", "docflags_gui", "--worker"])
    argv.append(f"--max-memory={max_memory // (1024 * 1024)}M")
    started = time.monotonic()
    with stderr_path.open("wb") as stderr:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
            **popen_options(),
        )
        chunks: list[bytes] = []
        assert proc.stdout is not None
        reader = threading.Thread(target=lambda: chunks.append(proc.stdout.read()))  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout)
        timed_out = reader.is_alive()
        if timed_out:
            os.killpg(proc.pid, signal.SIGKILL)
            reader.join()
        proc.wait()
        proc.stdout.close()
    seconds = time.monotonic() - started
    out = b"".join(chunks)
    messages = [m for m in map(protocol.parse_line, out.splitlines()) if m is not None]
    return WorkerRun(
        exit_code=proc.returncode,
        messages=messages,
        stderr=stderr_path.read_text("utf-8", "replace"),
        peak_rss=_peak_rss(audit_log),
        seconds=seconds,
        audit=_forbidden(audit_log),
        leftover=_group_alive(proc.pid),
        timed_out=timed_out,
    )


def _peak_rss(audit_log: Path) -> int:
    """The worker's peak RSS as its audit hook noted it at exit (VmHWM); 0 when it could not
    (a crash: reported on its own)."""
    peak = 0
    for event in _events(audit_log):
        if event["event"] == "peak-rss":
            peak = max(peak, int(event["args"]))
    return peak


def _events(audit_log: Path) -> list[dict[str, Any]]:
    try:
        lines = audit_log.read_text("utf-8").splitlines()
    except OSError:
        return []
    return [json.loads(line) for line in lines if line.strip()]


def _forbidden(audit_log: Path) -> list[str]:
    found = []
    for event in _events(audit_log):
        if event["event"] == "peak-rss":
            continue
        if event["event"] == "subprocess.Popen" and "--ocr-helper" in event["args"]:
            continue  # the worker's own OCR helpers
        found.append(f"{event['event']} {event['args']}")
    return found


def _group_alive(pgid: int, grace: float = 5.0) -> bool:
    """Whether any process of the worker's group still runs after `grace` seconds."""
    deadline = time.monotonic() + grace
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        if time.monotonic() > deadline:
            os.killpg(pgid, signal.SIGKILL)
            return True
        time.sleep(0.05)

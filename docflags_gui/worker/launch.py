"""How a parent (the CLI, the desktop app's jobs) starts a worker: its argv and Popen options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def _entry(flag: str) -> list[str]:
    """The command that runs this program's entry point `flag` (see `docflags_gui.__main__`).

    Frozen (PyInstaller), the bundle's executable handles the flag itself; `-m` there would
    relaunch the bundled app instead.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, flag]
    return [sys.executable, "-m", "docflags_gui", flag]


def worker_prefix() -> list[str]:
    """The command that runs the worker, before its own arguments."""
    return _entry("--worker")


def ocr_helper_command() -> list[str]:
    """The command that runs an OCR helper (`docflags_gui.worker.ocr_helper`)."""
    return _entry("--ocr-helper")


def read_ahead_command() -> list[str]:
    """The command that runs a read-ahead helper (`docflags_gui.worker.read_ahead_helper`)."""
    return _entry("--read-ahead")


# At most this many OCR processes for one job: each holds Tesseract's models (about 100 MB),
# and a report's pages are handed out two per helper, so more would mostly wait.
MAX_OCR_PROCESSES_PER_JOB = 8


def ocr_processes_for(concurrent_jobs: int) -> int:
    """How many processes one job may read OCR with when `concurrent_jobs` run side by side:
    the machine's cores shared out (Tesseract uses one core per process), at least one, at
    most MAX_OCR_PROCESSES_PER_JOB."""
    share = (os.cpu_count() or 1) // max(1, concurrent_jobs)
    return max(1, min(MAX_OCR_PROCESSES_PER_JOB, share))


def worker_argv(
    path: Path,
    *,
    ocr: bool = True,
    ocr_languages: str | None = None,
    ocr_processes: int = 1,
    stop_file: Path | None = None,
    prefix: list[str] | None = None,
    max_memory: int | None = None,
) -> list[str]:
    """The full command line for analysing `path` (see docflags_gui.worker.main for the flags).

    Paths go as `--input=PATH`: a file named `-x.pdf` must not read as an option.
    """
    argv = [*(worker_prefix() if prefix is None else prefix), f"--input={path}"]
    if not ocr:
        argv.append("--no-ocr")
    if ocr_languages:
        argv += ["--ocr-lang", ocr_languages]
    if ocr and ocr_processes > 1:
        argv += ["--ocr-processes", str(ocr_processes)]
    if max_memory is not None:
        argv.append(f"--max-memory={max_memory // (1024 * 1024)}M")
    if stop_file is not None:
        argv.append(f"--stop-file={stop_file}")
    return argv


def popen_options() -> dict[str, Any]:
    """Options for subprocess.Popen besides the streams.

    POSIX: a new session, so the worker (and anything it starts) is one process group the parent
    can signal, and a Ctrl+C in the terminal reaches only the parent, which then stops workers in
    order. Windows: no console window flashing up for each worker.
    """
    if os.name == "nt":
        return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}
    return {"start_new_session": True}

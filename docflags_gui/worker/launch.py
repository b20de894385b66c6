"""How a parent (the CLI, the desktop app's jobs) starts a worker: its argv and Popen options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def worker_prefix() -> list[str]:
    """The command that runs the worker, before its own arguments.

    Frozen (PyInstaller), the bundle's executable handles `--worker` itself; `-m` there would
    relaunch the bundled app instead.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, "--worker"]
    return [sys.executable, "-m", "docflags_gui", "--worker"]


def worker_argv(
    path: Path,
    *,
    ocr: bool = True,
    ocr_languages: str | None = None,
    stop_file: Path | None = None,
    prefix: list[str] | None = None,
) -> list[str]:
    """The full command line for analysing `path` (see docflags_gui.worker.main for the flags)."""
    argv = [*(worker_prefix() if prefix is None else prefix), "--input", str(path)]
    if not ocr:
        argv.append("--no-ocr")
    if ocr_languages:
        argv += ["--ocr-lang", ocr_languages]
    if stop_file is not None:
        argv += ["--stop-file", str(stop_file)]
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

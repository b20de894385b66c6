"""Runs the real worker entry with a stand-in engine, for scenarios a real PDF cannot produce.

    python tests/worker/harness.py MODE WORKER-ARGS...

MODE: slow (pages take 50 ms until stopped), noisy (prints to stdout at the Python and C level,
then analyses for real), crash (the engine raises a bug).
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docflags_gui.analysis as analysis
from docflags_gui.worker.main import run_worker

real_analyze = analysis.analyze_pdf


def slow(
    path: Path,
    options: Any,
    progress: Callable[[int, int, str], None],
    should_stop: Callable[[], bool],
    helper: Any = None,
) -> Any:
    total = 100_000
    for page in range(total):
        if should_stop():
            raise analysis.AnalysisCancelled()
        progress(page, total, f"Page {page + 1}/{total}: reading")
        time.sleep(0.05)
    raise AssertionError("never stopped")


def noisy(path: Path, options: Any, progress: Any, should_stop: Any, helper: Any = None) -> Any:
    print("stray print from Python")
    sys.stdout.flush()
    os.write(1, b"stray write to fd 1 from C\n")
    warnings.warn("a library warning", UserWarning, stacklevel=1)
    return real_analyze(path, options, progress, should_stop, helper)


def crash(path: Path, options: Any, progress: Any, should_stop: Any, helper: Any = None) -> Any:
    raise RuntimeError("engine bug\nsecond line")


if __name__ == "__main__":
    mode, *argv = sys.argv[1:]
    analysis.analyze_pdf = {"slow": slow, "noisy": noisy, "crash": crash}[mode]  # type: ignore[assignment]
    sys.exit(run_worker(argv))

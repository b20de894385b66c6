"""Entry point: `--worker` runs the engine, `--ocr-helper` an OCR helper and `--read-ahead` a
worker's read-ahead helper before anything imports Qt; else the CLI or the app."""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--worker"]:
        # The worker must stay Qt-free: it runs headless, in CI and inside the frozen bundle.
        from docflags_gui.worker.main import run_worker

        exit_code: int = run_worker(args[1:])
        # Its result is written: the process ends here, without tearing down PyMuPDF and the
        # engine's objects (12-30 ms that the command waiting for it would wait for too).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exit_code)
    if args[:1] == ["--ocr-helper"]:
        from docflags_gui.worker.ocr_helper import run_ocr_helper

        return run_ocr_helper()
    if args[:1] == ["--read-ahead"]:
        from docflags_gui.worker.read_ahead_helper import run_read_ahead

        return run_read_ahead()
    # Before the command loads its own modules: its first worker loads PyMuPDF meanwhile.
    from docflags_gui.runner import prestarted_worker

    prestarted_worker.prestart(args)
    from docflags_gui.cli import main as cli_main

    exit_code = cli_main(args)
    if args[:1] == ["analyze"]:
        _end_analyze(exit_code)
    # The process ends now. Frozen objects are left out of the cycle collector's last pass as
    # the interpreter exits: a pass over every object still alive (SQLAlchemy's, after a run
    # that wrote the history) that took 70-100 ms of `docflags analyze` (tests/bench_cli.py).
    # Exit handlers and stream flushes run as before.
    gc.freeze()
    return exit_code


def _end_analyze(exit_code: int) -> None:
    """`docflags analyze` has printed or written everything, reaped its workers (its batch
    waits for them) and closed its history: the process ends without tearing the interpreter
    down. Exit handlers still run (they would stop a worker left running) and the streams are
    flushed; what is skipped, freeing every module and object one by one, took 5-15 ms of each
    run on the benchmark machine."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # A reader gone (a closed pipe) or a closed stream: nothing more can be said anyway.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(exit_code)


if __name__ == "__main__":
    sys.exit(main())

"""Entry point: `--worker` runs the engine, `--ocr-helper` an OCR helper and `--read-ahead` a
worker's read-ahead helper before anything imports Qt; else the CLI or the app."""

from __future__ import annotations

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
    from docflags_gui.cli import main as cli_main

    exit_code = cli_main(args)
    # The process ends now. Frozen objects are left out of the cycle collector's last pass as
    # the interpreter exits: a pass over every object still alive (SQLAlchemy's, after a run
    # that wrote the history) that took 70-100 ms of `docflags analyze` (tests/bench_cli.py).
    # Exit handlers and stream flushes run as before.
    gc.freeze()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())

"""The OCR helper process: reads canvases from stdin, answers with Tesseract's reading on
stdout, until stdin ends. Started by the engine (`analysis/ocr_pool.py`) to read a
document's raster pages on more than one core. Never imports Qt.

    python -m docflags_gui --ocr-helper
    frozen bundle: <bundle executable> --ocr-helper

Messages are length-prefixed pickles (`ocr_pool.read_message`): in, (OCR backend name,
`ocr.Canvas`); out, ("ok", `ocr_backend.Recognised`) or ("error", message). stdout carries
nothing else (C libraries' output is sent to stderr, which is the worker's log). SIGTERM is
ignored: the worker that started the helper gets it too (it goes to the whole process group),
finishes its page and closes the helper's stdin; a hard stop kills the group.
"""

from __future__ import annotations

import sys

from docflags_gui.worker.process_setup import helper_streams


def run_ocr_helper() -> int:
    with helper_streams() as out:
        from docflags_gui.analysis.ocr_pool import read_message, recognise_message, write_message

        source = sys.stdin.buffer
        while True:
            try:
                request = read_message(source)
            except EOFError:
                return 0
            try:
                write_message(out, recognise_message(request))
            except (BrokenPipeError, ValueError):  # the worker is gone
                return 0

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

import signal
import sys

from docflags_gui.worker.main import route_library_output, set_parent_death_signal
from docflags_gui.worker.output import protocol_stdout


def run_ocr_helper() -> int:
    set_parent_death_signal()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with protocol_stdout() as out:
        from docflags_gui.analysis.ocr_pool import read_message, recognise_message, write_message

        route_library_output()
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

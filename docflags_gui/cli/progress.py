"""A one-line progress display on stderr for long batches; silent when stderr is not a terminal."""

from __future__ import annotations

import shutil
import time
from typing import TextIO


class ProgressLine:
    """Shows "[done/total] file: Page 15/35: OCR" on one rewritten line of a terminal.

    `print_above()` writes a permanent line (a failure) without garbling the status line.
    """

    def __init__(self, stream: TextIO, total_files: int, *, enabled: bool | None = None) -> None:
        self._stream = stream
        self._total = total_files
        self._done = 0
        self._current: dict[int, str] = {}  # file index -> "name: Page 3/10: reading"
        self._enabled = stream.isatty() if enabled is None else enabled
        self._shown = False
        self._last_draw = 0.0

    @property
    def enabled(self) -> bool:
        return self._enabled

    def update(self, index: int, name: str, message: str) -> None:
        self._current[index] = f"{name}: {message}"
        self._draw(force=False)

    def file_finished(self, index: int) -> None:
        self._done += 1
        self._current.pop(index, None)
        self._draw(force=True)

    def print_above(self, line: str) -> None:
        self._clear()
        print(line, file=self._stream, flush=True)
        self._draw(force=True)

    def close(self) -> None:
        self._clear()

    def _draw(self, *, force: bool) -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        # Imported on the first drawing: only a terminal shows the line, and cells (and
        # printable) need not load before a `docflags analyze` has started its workers.
        from docflags_gui.cli.cells import fit

        width = shutil.get_terminal_size((80, 24)).columns - 1
        status = f"[{self._done}/{self._total} done]"
        if self._current:
            status += " " + " | ".join(self._current[i] for i in sorted(self._current))
        self._stream.write("\r" + fit(status, width, "...") + "\r")
        self._stream.flush()
        self._shown = True

    def _clear(self) -> None:
        if self._enabled and self._shown:
            width = shutil.get_terminal_size((80, 24)).columns - 1
            self._stream.write("\r" + " " * width + "\r")
            self._stream.flush()
            self._shown = False

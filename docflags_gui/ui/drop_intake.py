"""DropIntake: dropped paths become jobs a few milliseconds' worth per event-loop turn.

A drop hands over its paths at once and returns. Each loop turn then does about 8 ms of the
work: sorting the paths out (folders expanded, each file's real path looked up to skip the
ones already waiting or running: 150-270 ms for a folder of 2,000 PDFs, which used to be one
event), then, when a drop is sorted out, `announce` (the window says what was queued and what
not, and shows stored results), then submitting the PDFs one by one. Drops are taken in order.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from docflags_gui.ui.file_intake import Intake, PdfCollector

TURN_S = 0.008  # the work of one loop turn: one repaint's worth, not one file's


class DropIntake(QObject):
    def __init__(
        self,
        busy: Callable[[], set[Path]],
        announce: Callable[[Intake], list[Path]],
        submit: Callable[[Path], object],
        parent: QObject | None = None,
    ) -> None:
        """`busy()`: resolved paths already waiting or running (asked as a drop's sorting
        starts); `announce(intake)`: the PDFs of a sorted drop to queue; `submit(pdf)`."""
        super().__init__(parent)
        self._busy = busy
        self._announce = announce
        self._submit = submit
        self._drops: deque[list[Path]] = deque()  # not yet sorted out, in order
        self._collector: PdfCollector | None = None  # the drop being sorted out
        self._todo: deque[Path] = deque()  # its paths left (a folder's PDFs first)
        self._found: set[Path] = set()  # PDFs of its folders, for add_pdf
        self._pdfs: deque[Path] = deque()  # sorted out, to submit
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)

    def add(self, paths: Iterable[Path]) -> None:
        self._drops.append(list(paths))
        self._timer.start()

    def pending(self) -> int:
        """Paths and PDFs not yet submitted (a folder not yet expanded counts once). A drop
        being sorted out counts at least once until it is announced: its last path may be
        sorted out in one loop turn and the drop announced in the next."""
        total = sum(map(len, self._drops)) + len(self._todo) + len(self._pdfs)
        if self._collector is None:
            return total
        return max(1, total + len(self._collector.intake.pdfs))

    def waiting_pdfs(self) -> Iterator[Path]:
        """PDFs sorted out and not yet submitted (as files already waiting)."""
        yield from self._pdfs
        if self._collector is not None:
            yield from self._collector.intake.pdfs

    def clear(self) -> None:
        self._drops.clear()
        self._todo.clear()
        self._pdfs.clear()
        self._found.clear()
        self._collector = None
        self._timer.stop()

    def _turn(self) -> None:
        deadline = time.perf_counter() + TURN_S
        while time.perf_counter() < deadline:
            if not self._step():
                self._timer.stop()
                return

    def _step(self) -> bool:
        """One small piece of the work; False when nothing is left."""
        if self._collector is not None:
            if self._todo:
                self._sort_out(self._collector, self._todo.popleft())
            else:
                intake, self._collector = self._collector.intake, None
                self._found.clear()
                self._pdfs.extend(self._announce(intake))
        elif self._pdfs:
            self._submit(self._pdfs.popleft())
        elif self._drops:
            self._todo.extend(self._drops.popleft())
            self._collector = PdfCollector(self._busy())
        else:
            return False
        return True

    def _sort_out(self, collector: PdfCollector, path: Path) -> None:
        if path in self._found:
            collector.add_pdf(path)
            return
        found = collector.add(path)
        self._found.update(found)
        self._todo.extendleft(reversed(found))

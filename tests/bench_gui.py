"""Benchmark (a script, not a test): does the window stay responsive while 4 jobs run?

    python -m tests.bench_gui [--repeat 3] [PDF ...]

Prints, for the real window built by build_main_window:
- the longest event-loop stall while 4 jobs run (a 5 ms QTimer; a stall is how late it fires),
  against the same measurement on the idle window in the same process; target <= 50 ms;
- the time from a drop event (4 PDFs) to the first job_progress signal, against the time a bare
  `python -c pass` takes to start here (a worker cannot answer faster); target <= 500 ms.
Without PDF arguments it uses four of the shared corpus's synthetic reports (one needs OCR).

    python -m tests.bench_gui --large 10000

runs the 4 jobs in the fake worker (tests/fake_worker.py), each finishing with a result of
10,000 flags, so the window parses, shows and records large results side by side.

    python -m tests.bench_gui --queue 2000

instead drops 2,000 PDFs on the window (one runs at a time) and prints the longest stall while
they are queued, while the job list is scrolled from top to bottom a frame (16 ms) at a time,
and while one is moved to the front and all are cancelled; against the same scroll of a plain
QListView of 2,000 names in the same process. Target <= 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DOCFLAGS_DATA_DIR", tempfile.mkdtemp(prefix="docflags-bench-gui-"))

from PySide6.QtCore import (
    QElapsedTimer,
    QEventLoop,
    QMimeData,
    QPoint,
    QPointF,
    QStringListModel,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListView

from docflags_gui.app import build_main_window, freeze_startup_heap
from docflags_gui.jobs import JobSettings
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.quit_question import QuitChoice

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "synthetic"
DEFAULT_FILES = ("tii-classic-id-s1", "vector-id-2col-s1", "mixed-2col-s1", "tii-new-en-s1")
TICK_MS = 5
STALL_TARGET_MS = 50.0
FIRST_PROGRESS_TARGET_MS = 500.0


class StallMeter:
    """A 5 ms timer; each firing records how much later than due it came."""

    def __init__(self) -> None:
        self.lateness_ms: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.lateness_ms.clear()
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        elapsed = self._clock.nsecsElapsed() / 1e6
        self._clock.restart()
        self.lateness_ms.append(max(0.0, elapsed - TICK_MS))

    def summary(self) -> tuple[float, float]:
        """(max, 99th percentile) lateness in ms."""
        values = sorted(self.lateness_ms) or [0.0]
        return values[-1], values[min(len(values) - 1, int(len(values) * 0.99))]


def run_for(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def drop(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = QPoint(window.width() // 2, window.height() // 2)
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, QDragEnterEvent(centre, *args))
    QApplication.sendEvent(window, QDropEvent(QPointF(centre), *args))


def python_start_ms(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return (time.perf_counter() - started) * 1000


def without_history(window: MainWindow) -> None:
    """Detach the history recorder (its writes run on the history's writer thread)."""
    from docflags_gui.ui.history_recorder import HistoryRecorder

    for recorder in window.manager.findChildren(HistoryRecorder):
        window.manager.disconnect(recorder)


def one_round(window: MainWindow, files: list[Path], meter: StallMeter) -> tuple[float, float]:
    """Drop the files, measure until every job ended; returns the ms from the drop to the first
    job_started and to the first job_progress."""
    manager = window.manager
    first_progress: list[float] = []
    first_start: list[float] = []
    clock = QElapsedTimer()

    def on_progress(*_: object) -> None:
        if not first_progress:
            first_progress.append(clock.nsecsElapsed() / 1e6)

    def on_started(*_: object) -> None:
        if not first_start:
            first_start.append(clock.nsecsElapsed() / 1e6)

    manager.job_progress.connect(on_progress)
    manager.job_started.connect(on_started)
    meter.start()
    clock.start()
    drop(window, files)
    loop = QEventLoop()

    def check() -> None:
        if manager.running_count() + manager.waiting_count() == 0:
            loop.quit()

    manager.queue_changed.connect(check)
    QTimer.singleShot(600_000, loop.quit)
    loop.exec()
    meter.stop()
    manager.job_progress.disconnect(on_progress)
    manager.job_started.disconnect(on_started)
    manager.queue_changed.disconnect(check)
    states = [job.state.value for job in manager.jobs()[-len(files) :]]
    nan = float("nan")
    first = first_progress[0] if first_progress else nan
    print(
        f"  round: jobs ended {', '.join(states)} in {clock.elapsed() / 1000:.1f} s; "
        f"longest stall {meter.summary()[0]:.0f} ms; first progress {first:.0f} ms"
    )
    return (first_start[0] if first_start else nan), first


def scroll_through(view: QAbstractItemView, meter: StallMeter) -> tuple[float, int, list[float]]:
    """Scroll `view` from top to bottom a step per 16 ms frame; (max stall ms, frames, the ms
    each step took to scroll and repaint)."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    run_for(200)
    meter.start()
    frames = 0
    step_ms: list[float] = []
    step = max(1, view.viewport().height() // 2)
    while bar.value() < bar.maximum():
        started = time.perf_counter()
        bar.setValue(bar.value() + step)
        QApplication.processEvents()  # the scroll and its repaint
        step_ms.append((time.perf_counter() - started) * 1000)
        run_for(16)
        frames += 1
    meter.stop()
    return meter.summary()[0], frames, step_ms


def _steps(step_ms: list[float]) -> str:
    ordered = sorted(step_ms) or [0.0]
    median = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {median:.1f} ms, p99 {p99:.1f} ms, max {ordered[-1]:.1f} ms"


def queue_bench(window: MainWindow, count: int, meter: StallMeter) -> None:
    """Drop `count` PDFs (one runs at a time), scroll the job list, move one, cancel all."""
    source = CORPUS / f"{DEFAULT_FILES[1]}.pdf"
    folder = Path(tempfile.mkdtemp(prefix="docflags-bench-queue-"))
    files = []
    for n in range(count):
        target = folder / f"report-{n:04d}.pdf"
        target.write_bytes(source.read_bytes())
        files.append(target)
    window.manager.apply_settings(JobSettings(concurrency=1, retries=0))
    job_list = window.job_list

    names = QListView()  # the baseline: a plain list of as many names, same size, same scroll
    names.setModel(QStringListModel([f.name for f in files]))
    names.resize(job_list.size())
    names.show()
    run_for(300)
    base_ms, base_frames, base_steps = scroll_through(names, meter)
    names.hide()

    meter.start()
    clock = QElapsedTimer()
    clock.start()
    drop(window, files)
    queued_ms = clock.elapsed()
    while job_list.count() < count and clock.elapsed() < 120_000:
        run_for(10)  # the drop queues its files a few milliseconds' worth per loop turn
    listed_ms = clock.elapsed()
    run_for(500)
    meter.stop()
    drop_stall = meter.summary()[0]
    rows = job_list.count()
    scroll_ms, frames, steps = scroll_through(job_list, meter)

    meter.start()
    clock.restart()
    last = job_list.job_ids()[-1]
    job_list.move_to_front(last)
    run_for(100)
    job_list.selectAll()
    job_list.cancel_selected()
    run_for(500)
    meter.stop()
    worst = max(drop_stall, scroll_ms, meter.summary()[0])
    print(
        f"bench_gui --queue: {rows} jobs listed {listed_ms} ms after the drop (the drop event "
        f"itself: {queued_ms} ms); a scroll step (scroll and repaint): {_steps(steps)} (the "
        f"plain QListView: {_steps(base_steps)})"
    )
    print(
        f"bench_gui --queue: {rows} jobs listed; "
        f"longest stall: dropping and laying out {drop_stall:.1f} ms; scrolling top to bottom "
        f"in {frames} frames {scroll_ms:.1f} ms (a plain QListView of {count} names, same "
        f"process: {base_ms:.1f} ms in {base_frames} frames; ratio "
        f"{scroll_ms / max(base_ms, 0.1):.1f}x); move to front + cancel all "
        f"{meter.summary()[0]:.1f} ms. target <= {STALL_TARGET_MS:.0f} ms: "
        f"{'met' if worst <= STALL_TARGET_MS else 'MISSED'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of 4 jobs (default 1)")
    parser.add_argument(
        "--no-history", action="store_true", help="detach the history, to see its share"
    )
    parser.add_argument(
        "--queue", type=int, metavar="N", help="queue N PDFs and scroll the job list instead"
    )
    parser.add_argument(
        "--large", type=int, metavar="FLAGS", help="4 fake jobs with results of FLAGS flags"
    )
    args = parser.parse_args(argv)
    files = args.pdfs or [CORPUS / f"{name}.pdf" for name in DEFAULT_FILES]
    worker_command = None
    if args.large:
        os.environ["FAKE_WORKER_FLAGS"] = str(args.large)
        worker_command = [sys.executable, str(Path(__file__).resolve().parent / "fake_worker.py")]
        folder = Path(tempfile.mkdtemp(prefix="docflags-bench-large-"))
        files = [folder / f"big-{n}.pdf" for n in range(4)]
        for path in files:
            path.write_bytes(b"%PDF-1.7 a stand-in: the fake worker does not read it\n")
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"bench_gui: missing {', '.join(missing)}", file=sys.stderr)
        return 2

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = build_main_window([], worker_command=worker_command)
    # No stored results: the history would answer a file it has seen without a worker.
    window.show_stored_results = None
    window.manager.apply_settings(JobSettings(concurrency=len(files), retries=0))
    if args.no_history:
        without_history(window)
    window.resize(1280, 800)
    freeze_startup_heap()  # as run_app does
    window.show()
    meter = StallMeter()
    run_for(500)  # let the first show and layout settle
    if args.queue:
        queue_bench(window, args.queue, meter)
        window.ask_quit_choice = lambda: QuitChoice.QUIT_NOW
        window.close()
        window.shutdown()
        return 0

    meter.start()
    run_for(3000)
    meter.stop()
    idle_max, idle_p99 = meter.summary()

    python_ms = statistics.median(python_start_ms("pass") for _ in range(3))
    engine_ms = statistics.median(python_start_ms("import pymupdf") for _ in range(3))
    starts: list[float] = []
    firsts: list[float] = []
    stalls: list[tuple[float, float]] = []
    history = "without the history" if args.no_history else "with the history, as the app runs"
    names = ", ".join(f.name for f in files)
    print(f"bench_gui: {len(files)} jobs at once ({names}), {history}")
    for _ in range(args.repeat):
        started, first = one_round(window, files, meter)
        starts.append(started)
        firsts.append(first)
        stalls.append(meter.summary())
    busy_max = max(s[0] for s in stalls)
    busy_p99 = max(s[1] for s in stalls)
    first_ms = statistics.median(firsts)

    print(
        f"event-loop stall while {len(files)} jobs run: max {busy_max:.1f} ms, p99 "
        f"{busy_p99:.1f} ms (idle window, same process: max {idle_max:.1f} ms, p99 "
        f"{idle_p99:.1f} ms; ratio {busy_max / max(idle_max, 0.1):.1f}x) "
        f"target <= {STALL_TARGET_MS:.0f} ms: {'met' if busy_max <= STALL_TARGET_MS else 'MISSED'}"
    )
    print(
        f"drop -> first progress: {first_ms:.0f} ms (drop -> job started, 'Starting' shown: "
        f"{statistics.median(starts):.0f} ms; a bare `python -c pass`: {python_ms:.0f} ms, "
        f"`python -c 'import pymupdf'`: {engine_ms:.0f} ms; ratio to the latter "
        f"{first_ms / engine_ms:.1f}x) target <= {FIRST_PROGRESS_TARGET_MS:.0f} ms: "
        f"{'met' if first_ms <= FIRST_PROGRESS_TARGET_MS else 'MISSED'}"
    )
    window.ask_quit_choice = lambda: QuitChoice.QUIT_NOW
    window.close()
    window.shutdown()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

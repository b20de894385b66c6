"""Start-up and orderly shut-down of the desktop app: paths, settings, jobs, window; --selftest."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
import time
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from docflags_gui import __version__, paths
from docflags_gui.jobs import JobManager, JobSettings, JobState
from docflags_gui.ui.cluster_choice import load_cluster_choice, use_cluster_choice
from docflags_gui.ui.history_panel import install_history
from docflags_gui.ui.history_recorder import open_app_history
from docflags_gui.ui.i18n import chosen_language, install_language
from docflags_gui.ui.icons import app_icon
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.review_controller import install_review
from docflags_gui.ui.settings_store import load_job_settings, open_settings

log = logging.getLogger(__name__)

SAMPLE_NAME = "sample-report.pdf"
SELFTEST_TIMEOUT_S = 300


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="docflags", add_help=False)
    parser.add_argument("--selftest", action="store_true")
    parser.add_argument("paths", nargs="*", type=Path)
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        log.warning("ignoring unknown arguments: %s", " ".join(unknown))
    return args


GUI_SWITCH_INTERVAL_S = 0.001


def build_main_window(argv: list[str], *, worker_command: list[str] | None = None) -> MainWindow:
    """Build the whole app inside the running QApplication; neither shows nor runs the loop.

    `argv` holds PDF files or folders to queue. `worker_command` replaces the worker's argv
    prefix (tests pass the fake worker).
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("build_main_window needs a QApplication")
    app.setApplicationName("docflags")
    app.setApplicationVersion(__version__)
    # The GUI thread shares the interpreter lock with the pool threads that parse and store
    # big results. Each time it comes back from Qt to Python it may wait for the lock, up to
    # the switch interval (5 ms by default) every time: a paint with 1.5 ms of work took up
    # to 50 ms. With 1 ms, round 1 of `python -m tests.bench_gui --large 10000 --repeat 3`
    # stalled 15-27 ms instead of 15-85 ms (same minutes, load ~2).
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    app.setWindowIcon(app_icon())
    args = _parse(argv)
    paths.data_dir()  # created now, so settings, logs and history have a home
    settings = open_settings()
    install_language(chosen_language(settings))  # before any widget takes its words
    job_settings = load_job_settings(settings)
    manager = JobManager(job_settings, worker_command=worker_command)
    cluster_problem = use_cluster_choice(manager, load_cluster_choice(settings), job_settings)
    # The history: stale jobs of dead processes INTERRUPTED, retention applied, and every job
    # recorded from the manager's signals (connected before anything is submitted).
    history, history_error = open_app_history(manager)
    window = MainWindow(manager, settings)
    manager.setParent(window)  # lives and dies with the window
    # Parented to the window; with no files given the window opens on the past analyses.
    install_history(window, history, history_error, show_past=not args.paths)
    install_review(window, window, history.store if history is not None else None)
    if cluster_problem:
        window.statusBar().showMessage(cluster_problem, 15_000)
    if args.paths:
        window.open_paths(args.paths)
    return window


def _configure_logging() -> None:
    handler = logging.FileHandler(paths.logs_dir() / "docflags.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def run_app(argv: list[str]) -> int:
    """`docflags [PDF|FOLDER ...]` opens the window; `docflags --selftest` checks the install."""
    args = _parse(argv)
    if args.selftest:
        return run_selftest()
    if not _display_available():
        print(
            "docflags: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset). "
            "On the command line use `docflags analyze FILE...`; see `docflags --help`.",
            file=sys.stderr,
        )
        return 2
    _configure_logging()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "docflags"])
    window = build_main_window([str(p) for p in args.paths])
    freeze_startup_heap()
    _quit_on_terminal_signals(app, window)
    window.show()
    exit_code = app.exec()
    window.shutdown()  # a no-op after a normal close; stops workers if the loop ended otherwise
    return exit_code


def freeze_startup_heap() -> None:
    """Exempt everything built so far (Qt bindings, PyMuPDF, SQLAlchemy, the window) from the
    cyclic garbage collector: a full collection over that heap stalled the event loop ~200 ms
    in the middle of a batch; afterwards it only scans what the session itself creates."""
    gc.collect()
    gc.freeze()


def _display_available() -> bool:
    """On Linux and the BSDs Qt aborts the process without a display; say so instead."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True  # offscreen, vnc, eglfs ...: the user chose a platform
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _quit_on_terminal_signals(app: QCoreApplication, window: MainWindow) -> None:
    """Ctrl+C or SIGTERM quits in order (workers stopped) instead of killing the app mid-job.

    Python runs signal handlers only between bytecodes, so a timer wakes the interpreter.
    """

    def quit_now() -> None:
        # No question asked: workers stop first, so closing the window finds nothing running.
        window.shutdown()
        app.quit()

    def request_quit(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, quit_now)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, request_quit)
    waker = QTimer(app)
    waker.setInterval(250)
    waker.timeout.connect(lambda: None)
    waker.start()


def run_selftest() -> int:
    """Analyse the bundled sample report in a real worker process; print one line; 0 if flags."""
    app = QCoreApplication.instance() or QCoreApplication(["docflags"])
    sample_ref = resources.files("docflags_gui.resources") / SAMPLE_NAME
    with resources.as_file(sample_ref) as sample:
        if not sample.is_file():
            print(f"docflags selftest: FAILED: the bundled {SAMPLE_NAME} is missing")
            return 1
        manager = JobManager(JobSettings(concurrency=1, retries=0))
        loop = QEventLoop()
        manager.job_finished.connect(lambda *_: loop.quit())
        QTimer.singleShot(SELFTEST_TIMEOUT_S * 1000, loop.quit)
        started = time.monotonic()
        job_id = manager.submit(sample)
        loop.exec()
        seconds = time.monotonic() - started
        info = manager.job(job_id)
        manager.shutdown(wait=True)
    del app
    if info.state != JobState.SUCCESS or info.result is None:
        reason = info.error or f"the job ended {info.state.value}"
        if not info.state.is_final:
            reason = f"no answer within {SELFTEST_TIMEOUT_S} s"
        print(f"docflags selftest: FAILED: {SAMPLE_NAME}: {reason}")
        return 1
    result = info.result
    flags = len(result.get("flags") or [])
    sources = len(result.get("sources") or [])
    similarity = result.get("similarity")
    mode = "frozen bundle" if getattr(sys, "frozen", False) else "source"
    print(
        f"docflags selftest: {'OK' if flags else 'FAILED'}: {SAMPLE_NAME}: {flags} flags, "
        f"{result.get('pages')} pages, similarity "
        f"{'n/a' if similarity is None else f'{similarity}%'}, {sources} sources, "
        f"analysed in worker process {info.pid} in {seconds:.1f} s ({mode}, docflags {__version__})"
    )
    return 0 if flags else 1

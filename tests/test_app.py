"""The app's start-up: build_main_window with command-line paths, and `docflags --selftest`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

from pytestqt.qtbot import QtBot

from docflags_gui.app import build_main_window
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.quit_question import QuitChoice
from tests.ui.pdfs import simple_pdf


def test_build_main_window_queues_files_and_folders_without_showing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    one = simple_pdf(tmp_path / "one.pdf")
    folder = tmp_path / "more"
    simple_pdf(folder / "two.pdf")
    simple_pdf(folder / "deeper" / "three.pdf")
    window = build_main_window([str(one), str(folder)])
    qtbot.addWidget(window)
    try:
        assert isinstance(window, MainWindow)
        assert not window.isVisible()
        names = sorted(info.path.name for info in window.manager.jobs())
        assert names == ["one.pdf", "three.pdf", "two.pdf"]
    finally:
        window.ask_quit_choice = lambda: QuitChoice.QUIT_NOW
        window.close()
    assert window.manager.running_count() == 0


def test_selftest_analyses_the_bundled_sample_in_a_worker(tmp_path: Path) -> None:
    sample = resources.files("docflags_gui.resources") / "sample-report.pdf"
    assert sample.is_file(), "the bundled sample report is missing"
    env = dict(os.environ, DOCFLAGS_DATA_DIR=str(tmp_path / "data"))
    env.pop("QT_QPA_PLATFORM", None)  # the selftest needs no display at all
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "docflags_gui", "--selftest"],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    line = done.stdout.strip()
    assert line.startswith("docflags selftest: OK: sample-report.pdf: ")
    assert re.search(r"analysed in worker process \d+ in ", line)


def test_without_a_display_the_window_command_explains_instead_of_aborting(tmp_path: Path) -> None:
    env = dict(os.environ, DOCFLAGS_DATA_DIR=str(tmp_path / "data"))
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "docflags_gui", str(tmp_path / "some.pdf")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "no display" in done.stderr and "docflags analyze" in done.stderr

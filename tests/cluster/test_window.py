"""The window on a cluster: Settings > Run jobs on switches dropped PDFs to a real node, Test
connection answers without blocking, and an unreachable broker fails a job with a message."""

from __future__ import annotations

import itertools
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobState
from docflags_gui.ui.cluster_choice import ClusterChoice, load_cluster_choice, save_cluster_choice
from docflags_gui.ui.cluster_settings import ClusterSettingsBox
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.settings_dialog import SettingsDialog
from docflags_gui.ui.settings_store import open_settings
from tests.cluster.conftest import SLOW_PAGES, Report, start_nodes
from tests.cluster.servers import PASSWORD, Node, RedisServer
from tests.ui.conftest import drop_paths, job_row, make_window, wait_state

__all__ = ["make_window"]  # the window fixture, from the window's tests


@pytest.fixture(scope="module")
def node(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    redis_server.flush()
    (started,) = start_nodes(redis_server, tmp_path_factory.mktemp("window-node"), 1)
    yield started
    started.quit()


def in_settings_dialog(
    qtbot: QtBot, window: MainWindow, edit: Callable[[SettingsDialog], None]
) -> None:
    """Open Settings as a user does (the window's own action, a modal dialog), change it with
    `edit`, press OK."""

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        edit(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, drive)
    window.open_settings()


def choose_cluster(url: str, password: str) -> Callable[[SettingsDialog], None]:
    def edit(dialog: SettingsDialog) -> None:
        box = dialog.findChild(ClusterSettingsBox)
        assert box is not None
        box.cluster.setChecked(True)
        box.broker.setText(url)
        box.password.setText(password)

    return edit


def choose_here(dialog: SettingsDialog) -> None:
    box = dialog.findChild(ClusterSettingsBox)
    assert box is not None
    box.here.setChecked(True)


def progress_messages(window: MainWindow) -> list[str]:
    heard: list[str] = []
    window.manager.job_progress.connect(lambda _job, _percent, message: heard.append(message))
    return heard


def test_the_settings_switch_a_dropped_pdf_to_the_cluster_and_back(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    node: Node,
    redis_server: RedisServer,
    fast_reports: list[Report],
) -> None:
    report, other_report = fast_reports[0], fast_reports[1]
    window = make_window()
    heard = progress_messages(window)
    in_settings_dialog(qtbot, window, choose_cluster(redis_server.url, PASSWORD))
    drop_paths(window, [report.path])
    (job_id,) = [job.job_id for job in window.manager.jobs()]
    info = wait_state(qtbot, window, job_id, JobState.SUCCESS)
    assert info.result is not None and len(info.result["flags"]) == report.flags
    # The node is named in the job's log; its progress (if the window polled while it ran: a
    # small report can end between two polls on a loaded machine) names the node too.
    assert info.log_path is not None and f"finished on {node.name}" in info.log_path.read_text()
    running = [message for message in heard if "waiting for a node" not in message]
    assert all(message.endswith(f"(on {node.name})") for message in running), heard
    assert node.log().count("succeeded in") == 1
    # The node's name shows in the job's row while it runs; the table fills as for local jobs
    # (the first result is shown on the event loop's next turn after the job ends).
    qtbot.waitUntil(lambda: window.flags_table.model().rowCount() == report.flags)
    # Back to this computer: the next drop runs here.
    in_settings_dialog(qtbot, window, choose_here)
    heard.clear()
    drop_paths(window, [other_report.path])
    second = next(job.job_id for job in window.manager.jobs() if job.job_id != job_id)
    assert wait_state(qtbot, window, second, JobState.SUCCESS).pid
    assert not any("(on " in message for message in heard)
    assert node.log().count("succeeded in") == 1
    remembered = open_settings()
    assert load_cluster_choice(remembered) == ClusterChoice(False, redis_server.url, PASSWORD)
    assert Path(remembered.fileName()).stat().st_mode & 0o077 == 0  # it holds a password


def test_test_connection_answers_on_its_own_thread(
    qtbot: QtBot, node: Node, redis_server: RedisServer
) -> None:
    box = ClusterSettingsBox(ClusterChoice(True, redis_server.url, PASSWORD))
    qtbot.addWidget(box)
    started = time.monotonic()
    box.test_button.click()
    assert time.monotonic() - started < 0.5  # the click does not wait for the network
    assert box.status.text() == "Connecting…"
    qtbot.waitUntil(lambda: "running" in box.status.text(), timeout=20_000)
    assert f"1 node(s) running: {node.name}" in box.status.text()
    box.password.setText("wrong")
    box.test_button.click()
    qtbot.waitUntil(lambda: "refused the password" in box.status.text(), timeout=20_000)
    assert "wrong" not in box.status.text()
    box.broker.setText("redis://nowhere:port/0")
    box.test_button.click()
    assert "cannot be used" in box.status.text()


def test_a_broker_that_never_answers_fails_the_job_and_the_window_keeps_running(
    qtbot: QtBot, make_window: Callable[..., MainWindow], fast_reports: list[Report]
) -> None:
    # Accepts connections (the kernel does) and never says a word: the worst a network does.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
    try:
        save_cluster_choice(open_settings(), ClusterChoice(True, url, PASSWORD))
        window = make_window()
        ticks: list[float] = []
        timer = QTimer(window, interval=50)
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start()
        drop_paths(window, [fast_reports[0].path])
        (job_id,) = [job.job_id for job in window.manager.jobs()]
        info = wait_state(qtbot, window, job_id, JobState.FAILURE, timeout=60_000)
        timer.stop()
    finally:
        silent.close()
    assert info.error is not None and "no answer (timed out)" in info.error
    assert url in info.error.replace(":***@", "")  # redacted, and names the broker
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert gaps and max(gaps) < 1.0, f"the window froze for {max(gaps):.1f} s"


def test_cancel_and_retry_of_a_cluster_job_with_the_job_buttons(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    node: Node,
    redis_server: RedisServer,
    slow_pdf: Path,
) -> None:
    save_cluster_choice(open_settings(), ClusterChoice(True, redis_server.url, PASSWORD))
    window = make_window()
    heard = progress_messages(window)
    (job_id,) = window.open_paths([slow_pdf])
    qtbot.waitUntil(lambda: any(m.startswith("Page ") for m in heard), timeout=60_000)
    row = job_row(window, job_id)
    assert f"(on {node.name})" in row.detail + " ".join(heard)
    row.click(qtbot, "cancel")
    wait_state(qtbot, window, job_id, JobState.CANCELLED, timeout=20_000)
    assert node.alive()
    row.click(qtbot, "retry")
    (new_id,) = window.job_list.job_ids()
    info = wait_state(qtbot, window, new_id, JobState.SUCCESS)
    assert info.result is not None and info.result["pages"] == SLOW_PAGES

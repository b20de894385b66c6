"""A broker that speaks TLS only (`rediss://`, a self-signed certificate made with openssl):
nodes and clients that trust its certificate work as over plain Redis; a client that does not
trust it, or that speaks plain Redis to it, gets a clear message at once."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from docflags_gui.cluster.connection import BrokerUnavailable, check_broker, describe_cluster
from docflags_gui.cluster.settings import ClusterSettings
from docflags_gui.jobs import JobState
from docflags_gui.ui.cluster_choice import ClusterChoice, load_cluster_choice, save_cluster_choice
from docflags_gui.ui.cluster_settings import ClusterSettingsBox
from docflags_gui.ui.main_window import MainWindow
from docflags_gui.ui.settings_store import open_settings
from tests.cluster.conftest import Report, start_nodes
from tests.cluster.servers import PASSWORD, Node, RedisServer
from tests.cluster.test_end_to_end import docflags
from tests.ui.conftest import drop_paths, make_window, wait_state

__all__ = ["make_window"]  # the window fixture, from the window's tests


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis-tls"), tls=True)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def tls_node(tls_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    assert tls_server.ca_file is not None
    folder = tmp_path_factory.mktemp("tls-node")
    (node,) = start_nodes(tls_server, folder, 1, "--tls-ca", str(tls_server.ca_file))
    yield node
    node.quit()


def test_analyze_over_tls_gives_the_local_result(
    tls_node: Node,
    tls_server: RedisServer,
    broker_password: str,
    fast_reports: list[Report],
    tmp_path: Path,
) -> None:
    assert tls_server.url.startswith("rediss://") and tls_server.ca_file is not None
    files = [str(report.path) for report in fast_reports[:2]]
    tls = ("--broker", tls_server.url, "--tls-ca", str(tls_server.ca_file))
    remote = docflags("analyze", *files, *tls, "-o", str(tmp_path / "c"), "--no-history")
    assert remote.returncode == 0, remote.stderr
    local = docflags("analyze", *files, "-o", str(tmp_path / "l"), "--no-history")
    assert local.returncode == 0, local.stderr
    for name in [Path(f).stem for f in files]:
        on_cluster = json.loads((tmp_path / "c" / f"{name}.json").read_text())
        assert on_cluster["flags"] and on_cluster == json.loads(
            (tmp_path / "l" / f"{name}.json").read_text()
        )
    assert tls_node.log().count("succeeded in") >= 2
    settings = ClusterSettings(tls_server.url, password=PASSWORD, tls_ca_file=tls_server.ca_file)
    assert f"1 node(s) running: {tls_node.name}" in describe_cluster(settings)


def test_a_certificate_that_is_not_trusted_is_named_at_once(
    tls_server: RedisServer, broker_password: str, fast_reports: list[Report]
) -> None:
    report = str(fast_reports[0].path)
    started = time.monotonic()
    done = docflags("analyze", report, "--broker", tls_server.url)  # no --tls-ca
    assert done.returncode == 1
    assert time.monotonic() - started < 30
    assert "its TLS certificate is not trusted (self-signed certificate)" in done.stderr
    assert "--tls-ca FILE" in done.stderr
    assert PASSWORD not in done.stderr


def test_plain_redis_to_a_tls_port_fails_with_a_message_not_a_hang(
    tls_server: RedisServer,
) -> None:
    plain = ClusterSettings(tls_server.url.replace("rediss://", "redis://"), password=PASSWORD)
    started = time.monotonic()
    with pytest.raises(BrokerUnavailable, match="if it speaks TLS only, use rediss://"):
        check_broker(plain, timeout_s=3.0)
    assert time.monotonic() - started < 10


def test_the_window_runs_a_dropped_pdf_over_tls_with_the_ca_from_settings(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    tls_node: Node,
    tls_server: RedisServer,
    fast_reports: list[Report],
) -> None:
    assert tls_server.ca_file is not None
    box = ClusterSettingsBox(ClusterChoice(True, tls_server.url, PASSWORD))
    qtbot.addWidget(box)
    box.test_button.click()
    qtbot.waitUntil(lambda: "not trusted" in box.status.text(), timeout=20_000)
    box.tls_ca.setText(str(tls_server.ca_file.parent / "missing.pem"))
    assert "is not a file" in box.problem()
    box.tls_ca.setText(str(tls_server.ca_file))
    box.test_button.click()
    qtbot.waitUntil(lambda: "running" in box.status.text(), timeout=20_000)
    assert tls_node.name in box.status.text()

    save_cluster_choice(open_settings(), box.choice())
    assert load_cluster_choice(open_settings()).tls_ca_file == str(tls_server.ca_file)
    window = make_window()
    done_before = tls_node.log().count("succeeded in")
    drop_paths(window, [fast_reports[0].path])
    (job_id,) = [job.job_id for job in window.manager.jobs()]
    info = wait_state(qtbot, window, job_id, JobState.SUCCESS)
    assert info.result is not None and info.result["flags"]
    assert tls_node.log().count("succeeded in") == done_before + 1

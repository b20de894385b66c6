"""Nodes that die or stop mid-job: the job goes to another node, or ends CRASHED saying why;
Ctrl+C on a node lets its running job finish. Nothing waits for ever."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from docflags_gui.cluster.executor import ClusterAttempt
from docflags_gui.runner.control import AttemptControl
from docflags_gui.runner.outcome import Verdict, WorkerOutcome
from docflags_gui.runner.states import JobState
from tests.cluster.conftest import start_nodes
from tests.cluster.helpers import Heard, executor_for, run_attempt
from tests.cluster.servers import Node, RedisServer


@pytest.fixture(scope="module")
def pair(
    redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Node]]:
    """Two nodes for the module; its tests kill them one by one (and start more if needed)."""
    redis_server.flush()
    nodes = start_nodes(redis_server, tmp_path_factory.mktemp("pair"), 2)
    yield nodes
    for node in nodes:
        node.quit()


def alive(pair: list[Node], redis_server: RedisServer, folder: Path, count: int) -> list[Node]:
    """At least `count` live nodes: those earlier tests left, and new ones if they are too few."""
    living = [node for node in pair if node.alive()]
    if len(living) < count:
        started = start_nodes(redis_server, folder, count - len(living))
        pair.extend(started)
        living += started
    return living


def run_and_kill_its_node(
    pair: list[Node], redis_server: RedisServer, pdf: Path, folder: Path, retries: int
) -> tuple[Verdict, WorkerOutcome, Heard, ClusterAttempt, Node]:
    """Run `pdf` on the cluster and SIGKILL whichever node runs it once it reads a page."""
    killed: list[Node] = []

    def kill_on_first_page(attempt: ClusterAttempt, control: object, message: str) -> None:
        if message.startswith("Page ") and not killed:
            node = next(node for node in pair if node.name == attempt.node)
            node.kill()
            killed.append(node)

    executor = executor_for(redis_server.url, node_loss_retries=retries)
    try:
        verdict, outcome, heard, attempt = run_attempt(
            executor, pdf, folder / "job.log", kill_on_first_page
        )
    finally:
        executor.close()
    assert killed, heard.texts()
    return verdict, outcome, heard, attempt, killed[0]


def test_a_killed_nodes_job_is_sent_again_and_finishes_on_another_node(
    pair: list[Node], redis_server: RedisServer, slow_pdf: Path, tmp_path: Path
) -> None:
    alive(pair, redis_server, tmp_path, 2)
    verdict, outcome, heard, attempt, killed = run_and_kill_its_node(
        pair, redis_server, slow_pdf, tmp_path, retries=1
    )
    assert verdict.state is JobState.SUCCESS, verdict.error
    assert outcome.result is not None and outcome.result["flags"]
    assert attempt.node != killed.name
    assert any(
        f"The cluster node {killed.name} stopped answering" in text and "sent it again" in text
        for text in heard.texts()
    )
    assert f"node {killed.name} lost" in (tmp_path / "job.log").read_text()


def test_a_killed_node_ends_its_job_crashed_with_the_nodes_name_when_no_retry_is_left(
    pair: list[Node], redis_server: RedisServer, slow_pdf: Path, tmp_path: Path
) -> None:
    alive(pair, redis_server, tmp_path, 1)
    verdict, _, heard, _, killed = run_and_kill_its_node(
        pair, redis_server, slow_pdf, tmp_path, retries=0
    )
    assert verdict.state is JobState.CRASHED
    assert verdict.error is not None
    assert verdict.error.startswith(f"The cluster node {killed.name} stopped answering")
    # Noticed within seconds, not after Redis's visibility timeout (15 minutes).
    assert heard.messages[-1][0] < 60


def test_ctrl_c_on_a_node_lets_its_running_job_finish_then_it_exits(
    pair: list[Node], redis_server: RedisServer, slow_pdf: Path, tmp_path: Path
) -> None:
    for extra in alive(pair, redis_server, tmp_path, 1)[1:]:
        extra.quit()  # one node, so it is the one that runs the job
    nodes = [node for node in pair if node.alive()]
    executor = executor_for(redis_server.url)
    stopped_at: list[float] = []

    def stop_node_on_first_page(
        attempt: ClusterAttempt, control: AttemptControl, message: str
    ) -> None:
        if message.startswith("Page ") and not stopped_at:
            stopped_at.append(time.monotonic())
            nodes[0].process.send_signal(signal.SIGINT)

    try:
        verdict, _, _, _ = run_attempt(
            executor, slow_pdf, tmp_path / "job.log", stop_node_on_first_page
        )
        assert stopped_at
        assert verdict.state is JobState.SUCCESS, verdict.error
        assert nodes[0].process.wait(30) == 0
    finally:
        executor.close()
        nodes[0].stop()
    assert "Warm shutdown" in nodes[0].log() or "warm shutdown" in nodes[0].log().lower()

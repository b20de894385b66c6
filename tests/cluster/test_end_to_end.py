"""The cluster end to end: a real Redis server, two real `docflags worker` nodes, real PDFs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from docflags_gui.cluster.config import TASK_NAMES
from docflags_gui.cluster.connection import live_nodes
from docflags_gui.cluster.executor import ClusterAttempt
from docflags_gui.runner.control import AttemptControl
from docflags_gui.runner.states import JobState
from tests.cluster.conftest import SLOW_PAGES, Report
from tests.cluster.helpers import executor_for, run_attempt
from tests.cluster.servers import Node, RedisServer, free_port
from tests.conftest import REPO_ROOT


def docflags(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docflags_gui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )


def spooled_workers() -> list[str]:
    """Command lines of worker processes reading a node's spooled copy of a job's file."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--worker" in argv and any(b"docflags-job-" in arg for arg in argv):
            found.append(b" ".join(argv).decode(errors="replace"))
    return found


def test_analyze_on_the_cluster_gives_the_same_results_and_history_as_locally(
    nodes: list[Node],
    redis_server: RedisServer,
    broker_password: str,
    fast_reports: list[Report],
    slow_pdf: Path,
    tmp_path: Path,
) -> None:
    files = [str(report.path) for report in fast_reports] + [str(slow_pdf)]
    remote = docflags("analyze", *files, "--broker", redis_server.url, "-o", str(tmp_path / "c"))
    assert remote.returncode == 0, remote.stderr
    local = docflags("analyze", *files, "-o", str(tmp_path / "l"))
    assert local.returncode == 0, local.stderr
    for name in [Path(f).stem for f in files]:
        on_cluster = json.loads((tmp_path / "c" / f"{name}.json").read_text())
        here = json.loads((tmp_path / "l" / f"{name}.json").read_text())
        assert on_cluster["flags"], name
        assert on_cluster == here, name
    history = json.loads(docflags("history", "--format", "json").stdout)
    assert [job["state"] for job in history] == ["SUCCESS"] * 8
    assert sorted(job["file"] for job in history[:4]) == sorted(Path(f).name for f in files)
    # Each node took work: the jobs were spread, not run on one machine.
    assert all("succeeded" in node.log() for node in nodes)


def test_progress_comes_from_the_node_as_progress_states(
    nodes: list[Node], redis_server: RedisServer, slow_pdf: Path, tmp_path: Path
) -> None:
    executor = executor_for(redis_server.url)
    metas: list[dict[str, object]] = []
    stop = threading.Event()

    def watch_backend() -> None:  # what Flower or any Celery client sees
        while not stop.is_set():
            for key in redis_server.client.scan_iter("celery-task-meta-*"):
                meta = json.loads(redis_server.client.get(key) or b"{}")
                if meta.get("status") == "PROGRESS" and meta["result"] not in metas:
                    metas.append(meta["result"])
            time.sleep(0.05)

    watcher = threading.Thread(target=watch_backend, daemon=True)
    watcher.start()
    try:
        verdict, outcome, heard, attempt = run_attempt(executor, slow_pdf, tmp_path / "job.log")
    finally:
        stop.set()
        watcher.join()
        executor.close()
    assert verdict.state is JobState.SUCCESS, verdict.error
    assert outcome.result is not None and outcome.result["file"] == slow_pdf.name
    names = {node.name for node in nodes}
    assert attempt.node in names
    pages = [text for text in heard.texts() if text.startswith("Page ")]
    assert pages, heard.texts()
    assert all(text.endswith(f"(on {attempt.node})") for text in pages)
    assert heard.texts()[0] == "Queued on the cluster, waiting for a node"
    with_pages = [meta for meta in metas if meta["total"] == SLOW_PAGES]
    assert with_pages, metas
    assert set(with_pages[0]) == {"done", "total", "percent", "message", "node"}
    assert with_pages[0]["node"] == attempt.node
    assert "sent" in (tmp_path / "job.log").read_text()  # the client's account of the run


def test_cancel_revokes_the_job_and_the_node_stays_up(
    nodes: list[Node],
    redis_server: RedisServer,
    fast_reports: list[Report],
    slow_pdf: Path,
    tmp_path: Path,
) -> None:
    executor = executor_for(redis_server.url)
    cancelled_at: list[float] = []

    def cancel_on_first_page(
        attempt: ClusterAttempt, control: AttemptControl, message: str
    ) -> None:
        if message.startswith("Page ") and not cancelled_at:
            cancelled_at.append(time.monotonic())
            control.cancel(3.0)

    try:
        verdict, _, _, attempt = run_attempt(
            executor, slow_pdf, tmp_path / "job.log", cancel_on_first_page
        )
        took = time.monotonic() - cancelled_at[0]
        assert verdict.state is JobState.CANCELLED
        assert took < 10, f"the cancel took {took:.1f} s"
        # What Flower shows: REVOKED (a progress report in flight is overwritten at once).
        states = []
        for _ in range(50):
            states.append(executor.app.AsyncResult(attempt.task_id).state)
            if states[-1] == "REVOKED":
                break
            time.sleep(0.1)
        assert states[-1] == "REVOKED", states
        node = next(node for node in nodes if node.name == attempt.node)
        assert f"Terminating {attempt.task_id}" in node.log()
        assert node.alive()
        assert live_nodes(executor.app, 2.0, [node.name]) == [node.name]
        deadline = time.monotonic() + 10
        while spooled_workers() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert spooled_workers() == []  # the worker died with its job
        # The node takes the next job as before.
        again, _, _, _ = run_attempt(executor, fast_reports[0].path, tmp_path / "again.log")
        assert again.state is JobState.SUCCESS
    finally:
        executor.close()


def test_a_revoke_from_outside_docflags_ends_the_job_and_says_so(
    nodes: list[Node], redis_server: RedisServer, slow_pdf: Path, tmp_path: Path
) -> None:
    """Flower's Terminate (or `celery control revoke --terminate`): any Celery client may
    revoke a job. Its docflags client did not ask for that, so the job fails saying it was
    revoked (Retry sends it again); the node stays up."""
    executor = executor_for(redis_server.url)
    outsider = executor_for(redis_server.url)
    revoked: list[str] = []

    def revoke_on_first_page(attempt: ClusterAttempt, control: object, message: str) -> None:
        if message.startswith("Page ") and not revoked:
            revoked.append(attempt.task_id)
            outsider.app.control.revoke(attempt.task_id, terminate=True, signal="SIGTERM")

    try:
        verdict, _, _, attempt = run_attempt(
            executor, slow_pdf, tmp_path / "job.log", revoke_on_first_page
        )
        assert revoked and verdict.state is JobState.FAILURE, verdict
        assert verdict.error == "The job was revoked on the cluster."
        node = next(node for node in nodes if node.name == attempt.node)
        assert node.alive()
        assert live_nodes(outsider.app, 2.0, [node.name]) == [node.name]
    finally:
        executor.close()
        outsider.close()


def test_a_shared_path_runs_and_a_path_leading_out_is_refused_by_the_node(
    nodes: list[Node],
    redis_server: RedisServer,
    shared_dir: Path,
    fast_reports: list[Report],
    tmp_path: Path,
) -> None:
    inside = shared_dir / "intake" / "report.pdf"
    inside.parent.mkdir(exist_ok=True)
    inside.write_bytes(fast_reports[0].path.read_bytes())
    executor = executor_for(redis_server.url, shared_dir=shared_dir)
    try:
        verdict, outcome, _, _ = run_attempt(executor, inside, tmp_path / "job.log")
        assert verdict.state is JobState.SUCCESS, verdict.error
        assert outcome.result is not None and outcome.result["file"] == "report.pdf"
        # A client that does not play by the rules: the node checks for itself.
        payload = {"v": 2, "kind": "analyze", "name": "x.pdf", "shared_path": "../../etc/passwd"}
        sent = executor.app.send_task(TASK_NAMES["analyze"], args=[payload], queue="docflags")
        with pytest.raises(Exception, match="relative to the shared folder") as refused:
            sent.get(timeout=30)
        assert type(refused.value).__name__ == "InvalidJob"
        # Not a docflags job, though Celery itself has such a task: a node refuses it as
        # unknown instead of running it.
        forged = executor.app.send_task("celery.backend_cleanup", queue="docflags")
        with pytest.raises(Exception, match=r"celery\.backend_cleanup") as unknown:
            forged.get(timeout=30)
        assert type(unknown.value).__name__ == "NotRegistered"
        del sent, forged  # they unsubscribe from the backend while it is still there
    finally:
        executor.close()


def test_an_unreachable_broker_fails_each_file_at_once_with_a_clear_message(
    broker_password: str, fast_reports: list[Report]
) -> None:
    report = str(fast_reports[0].path)
    started = time.monotonic()
    done = docflags("analyze", report, report, "--broker", f"redis://127.0.0.1:{free_port()}/0")
    assert done.returncode == 1
    assert time.monotonic() - started < 30
    lines = done.stderr.splitlines()
    assert len(lines) == 2
    assert all("cannot reach the broker at redis://:***@127.0.0.1:" in line for line in lines)
    assert "connection refused" in lines[0]


def test_a_wrong_password_is_named_on_the_client_and_on_a_node(
    redis_server: RedisServer,
    fast_reports: list[Report],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOCFLAGS_BROKER_PASSWORD", "not-the-password")
    report = str(fast_reports[0].path)
    done = docflags("analyze", report, "--broker", redis_server.url)
    assert done.returncode == 1
    assert f"the broker at redis://:***@127.0.0.1:{redis_server.port}/0 refused the password" in (
        done.stderr
    )
    assert "not-the-password" not in done.stderr
    node = Node(redis_server.url, tmp_path / "node", password="not-the-password")
    assert node.process.wait(60) == 1
    assert "refused the password" in node.log()
    monkeypatch.delenv("DOCFLAGS_BROKER_PASSWORD")
    no_password = docflags("analyze", report, "--broker", redis_server.url)
    assert "needs a password" in no_password.stderr


def test_the_command_line_and_the_app_start_without_the_cluster_modules() -> None:
    code = (
        "import sys; from docflags_gui.cli import build_parser; build_parser(); "
        "import docflags_gui.app; "
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('celery', 'kombu', 'redis')]; "
        "print(loaded)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "[]", done.stderr

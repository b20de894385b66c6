"""The cluster executor: a job's attempt sent to a Celery node and followed to its end.

`ClusterExecutor` implements the runner's Executor interface, so the app's job manager and
`docflags analyze` schedule cluster attempts exactly like local ones and get the same final
states, retries and history. `ClusterAttempt.run` (on a thread of the caller's) checks the
broker, sends the task, then follows its state in the result backend: PENDING (queued: waiting
for a node), STARTED/PROGRESS (on node N, page x of y), and the end. It never raises.

- Cancel and kill only set a flag (they are called on the GUI thread); the following thread
  revokes the task with terminate, marks it abandoned (a node that has not started it yet
  skips it) and ends the attempt.
- A job whose heartbeat (renewed by its pool process on the node, task.heartbeat_key) has
  expired lost its node: the task is abandoned and sent again (`node_loss_retries` times;
  another node takes it), then the attempt ends CRASHED, saying which node was lost.
- A broker that cannot be reached fails the attempt at once with a clear message; one lost
  while following is waited for a while, then the attempt fails.

Time limits are enforced on the node (Celery's soft and hard limits, sent with each task):
a job waiting in the queue is not running yet and must not time out.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from celery import Celery

from docflags_gui.cluster.config import RESULT_EXPIRES_S, TASK_NAMES, make_app
from docflags_gui.cluster.connection import BrokerUnavailable, check_broker, live_nodes
from docflags_gui.cluster.payload import InvalidJob, build_payload
from docflags_gui.cluster.settings import ClusterSettings
from docflags_gui.cluster.task import PROGRESS_STATE, abandoned_key, heartbeat_key
from docflags_gui.cluster.task_result import read_task_failure, read_task_result
from docflags_gui.runner.attempt import AttemptListener
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.spec import JobSpec

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.25
# A running job's heartbeat is looked at this often; missing this many times in a row, the
# job's process on its node is gone.
HEARTBEAT_CHECK_S = 2.0
LOST_AFTER_MISSES = 2
PING_TIMEOUT_S = 1.5
# While no node has taken the job, this often we look whether any node is up at all (the
# first time after a short wait: usually a node takes it at once).
IDLE_CHECK_INTERVAL_S = 10.0
FIRST_IDLE_CHECK_S = 3.0
# The broker may blink (a restart, a failover); after this long without it the attempt fails.
BROKER_LOST_S = 30.0
# After a revoke, how long to wait for the node to confirm before ending the attempt anyway.
REVOKE_CONFIRM_S = 2.0
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


class ClusterExecutor:
    """Makes ClusterAttempts; one Celery app (and its connection pools) for all of them."""

    def __init__(
        self,
        settings: ClusterSettings,
        *,
        shared_dir: Path | None = None,
        soft_time_limit_s: float | None = 540.0,
        time_limit_s: float | None = 600.0,
        node_loss_retries: int = 1,
    ) -> None:
        self.settings = settings
        self.node_loss_retries = node_loss_retries
        self.shared_dir = shared_dir
        self.soft_time_limit_s = soft_time_limit_s
        self.time_limit_s = time_limit_s
        self._app: Celery | None = None
        self._lock = threading.Lock()

    @property
    def app(self) -> Celery:
        with self._lock:
            if self._app is None:
                self._app = make_app(self.settings)
            return self._app

    def attempt(self, spec: JobSpec, log_path: Path, label: str) -> ClusterAttempt:
        return ClusterAttempt(self, spec, log_path, label)

    def close(self) -> None:
        with self._lock:
            if self._app is not None:
                self._app.close()
                self._app = None


class ClusterAttempt:
    """One attempt of one job on the cluster (the runner's Attempt interface)."""

    # Its node enforces the time limits (sent with the task); a watchdog here must not.
    limits_on_node = True

    def __init__(self, executor: ClusterExecutor, spec: JobSpec, log_path: Path, label: str):
        self._executor = executor
        self.spec = spec
        self.label = label
        self._log_path = log_path
        self.task_id = str(uuid.uuid4())
        self.node: str | None = None
        self._wake = threading.Event()
        self._stop_signal: str | None = None  # "SIGTERM" (stop) or "SIGKILL" (kill)
        self._finished = False

    @property
    def pid(self) -> int | None:
        return None  # the worker runs on another machine

    @property
    def log_path(self) -> Path | None:
        return self._log_path

    def request_stop(self) -> None:
        if self._stop_signal is None:
            self._stop_signal = "SIGTERM"
        self._wake.set()

    def kill(self) -> None:
        self._stop_signal = "SIGKILL"
        self._wake.set()

    def end_orphans(self) -> bool:
        return self._finished

    def run(self, listener: AttemptListener) -> WorkerOutcome:
        outcome = WorkerOutcome()
        try:
            with self._log_path.open("a", encoding="utf-8") as account:
                _Follower(self, listener, account, outcome).run()
        except Exception as exc:  # never raise into the scheduler's thread
            log.exception("job %s: following the cluster task failed", self.label)
            if not outcome.launched:
                outcome.launch_error = str(exc) or type(exc).__name__
            elif outcome.result is None and outcome.error_message is None:
                outcome.error_message = f"Following the job on the cluster failed: {exc}"
        finally:
            self._finished = True
        return outcome


class _Follower:
    """The following loop of one ClusterAttempt, with its bookkeeping."""

    def __init__(
        self,
        attempt: ClusterAttempt,
        listener: AttemptListener,
        account: Any,
        outcome: WorkerOutcome,
    ) -> None:
        self.attempt = attempt
        self.executor = attempt._executor
        self.listener = listener
        self.account = account
        self.outcome = outcome
        self.last_progress: tuple[int, str] | None = None
        self.missed_beats = 0
        self.next_beat_check = 0.0
        self.next_idle_check = 0.0
        self.broker_lost_since: float | None = None
        self.readied = False
        self.payload: dict[str, Any] = {}
        self.resent = 0

    def note(self, text: str) -> None:
        self.account.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {text}\n")
        self.account.flush()

    def run(self) -> None:
        attempt, settings = self.attempt, self.executor.settings
        if attempt._stop_signal is not None:
            return  # stopped before it started: nothing was sent
        try:
            check_broker(settings)
            payload = build_payload(
                attempt.spec.kind,
                attempt.spec.input,
                attempt.spec.options,
                shared_dir=self.executor.shared_dir,
            )
        except (BrokerUnavailable, InvalidJob) as exc:
            self.outcome.launch_error = str(exc)
            self.note(f"not sent: {exc}")
            return
        except OSError as exc:
            self.outcome.launch_error = f"cannot read {attempt.spec.input}: {exc.strerror or exc}"
            return
        self.payload = payload
        self.send()
        self.follow()

    def send(self) -> None:
        attempt, executor = self.attempt, self.executor
        executor.app.send_task(
            TASK_NAMES[attempt.spec.kind],
            args=[self.payload],
            task_id=attempt.task_id,
            queue=executor.settings.queue,
            soft_time_limit=executor.soft_time_limit_s,
            time_limit=executor.time_limit_s,
            retry=True,
            retry_policy=PUBLISH_RETRY,
        )
        first = not self.outcome.launched
        self.outcome.launched = True
        self.note(
            f"sent {attempt.spec.input} as task {attempt.task_id} to "
            f"{executor.settings.display_url()} queue {executor.settings.queue}"
        )
        if first:
            self.listener.launched(0)
        self.next_idle_check = time.monotonic() + FIRST_IDLE_CHECK_S
        self.progress(0, "Queued on the cluster, waiting for a node")

    def progress(self, percent: int, message: str) -> None:
        if (percent, message) != self.last_progress:  # the backend is polled: say news only
            self.last_progress = (percent, message)
            self.listener.progress(percent, message)

    def follow(self) -> None:
        attempt = self.attempt
        while True:
            if attempt._stop_signal is not None:
                self.revoke(attempt._stop_signal)
                return
            meta = self.read_state()
            if meta is not None and self.handle(meta):
                return
            if self.broker_gone_too_long():
                return
            if self.node_lost():
                return
            attempt._wake.wait(POLL_INTERVAL_S)

    def read_state(self) -> dict[str, Any] | None:
        try:
            meta: dict[str, Any] = self.executor.app.backend.get_task_meta(self.attempt.task_id)
        except Exception as exc:  # the broker blinked; broker_gone_too_long() decides
            if self.broker_lost_since is None:
                self.broker_lost_since = time.monotonic()
                self.note(f"lost the broker: {exc}")
                self.progress(0, "Lost the connection to the cluster; trying again")
            return None
        self.broker_lost_since = None
        return meta

    def handle(self, meta: dict[str, Any]) -> bool:
        """Act on the task's state; True once it has ended."""
        state, info = meta.get("status"), meta.get("result")
        if state == "PENDING":
            self.waiting_for_node()
        elif state == "STARTED" and isinstance(info, dict):
            self.placed(str(info.get("hostname") or ""))
        elif state == PROGRESS_STATE and isinstance(info, dict):
            self.placed(str(info.get("node") or ""))
            percent = info.get("percent")
            text = str(info.get("message") or "")
            self.progress(
                percent if isinstance(percent, int) else 0, f"{text} (on {self.attempt.node})"
            )
        elif state == "RETRY":
            self.attempt.node = None
            self.progress(0, f"The worker crashed; the cluster retries the job ({info})")
        elif state == "SUCCESS":
            self.finished(info)
            return True
        elif state == "FAILURE":
            self.failed(info)
            return True
        elif state == "REVOKED":
            self.outcome.error_code = "cancelled"
            self.outcome.error_message = "The job was revoked on the cluster."
            self.note("revoked")
            return True
        return False

    def placed(self, node: str) -> None:
        attempt = self.attempt
        if node and node != attempt.node:
            attempt.node = node
            self.missed_beats = 0
            self.next_beat_check = time.monotonic() + HEARTBEAT_CHECK_S
            self.note(f"running on node {node}")
            if not self.readied:
                self.readied = True
                self.listener.ready()

    def waiting_for_node(self) -> None:
        now = time.monotonic()
        if now < self.next_idle_check:
            return
        self.next_idle_check = now + IDLE_CHECK_INTERVAL_S
        try:
            nodes = live_nodes(self.executor.app, PING_TIMEOUT_S)
        except Exception as exc:
            log.info("job %s: could not list the cluster's nodes: %s", self.attempt.label, exc)
            return
        if nodes:
            self.progress(0, f"Queued on the cluster ({len(nodes)} node(s) up, all busy)")
        else:
            self.progress(0, "Queued on the cluster: no node is running (start `docflags worker`)")

    def node_lost(self) -> bool:
        """Look at the job's heartbeat now and then; True (the attempt has ended) once the
        job's process on its node is gone and no retry is left."""
        node = self.attempt.node
        now = time.monotonic()
        if node is None or now < self.next_beat_check:
            return False
        self.next_beat_check = now + HEARTBEAT_CHECK_S
        try:
            alive = bool(
                self.executor.app.backend.client.exists(heartbeat_key(self.attempt.task_id))
            )
        except Exception as exc:  # the broker itself: read_state() notices that
            log.info("job %s: heartbeat unreadable: %s", self.attempt.label, exc)
            return False
        self.missed_beats = 0 if alive else self.missed_beats + 1
        if self.missed_beats < LOST_AFTER_MISSES:
            return False
        # One last look: it may have finished just now.
        meta = self.read_state()
        if meta is not None and meta.get("status") in ("SUCCESS", "FAILURE", "REVOKED"):
            return self.handle(meta)
        self.abandon()
        lost = f"The cluster node {node} stopped answering while it ran this job"
        self.note(f"node {node} lost")
        if self.resent < self.executor.node_loss_retries:
            self.resent += 1
            self.attempt.task_id = str(uuid.uuid4())
            self.attempt.node = None
            self.send()
            self.progress(0, f"{lost}; sent it again")
            return False
        self.outcome.crash_reason = f"{lost} (its heartbeat stopped)."
        return True

    def broker_gone_too_long(self) -> bool:
        since = self.broker_lost_since
        if since is None or time.monotonic() - since < BROKER_LOST_S:
            return False
        self.outcome.error_message = (
            f"Lost the connection to the cluster's broker at "
            f"{self.executor.settings.display_url()} for {BROKER_LOST_S:g} s; the job may still "
            "finish on its node, but this run stopped following it."
        )
        return True

    def revoke(self, signal_name: str) -> None:
        attempt = self.attempt
        self.note(f"revoking ({signal_name})")
        try:
            self.abandon()
            self.executor.app.control.revoke(attempt.task_id, terminate=True, signal=signal_name)
        except Exception as exc:
            log.warning("job %s: revoke failed: %s", attempt.label, exc)
        if attempt.node is not None:
            deadline = time.monotonic() + REVOKE_CONFIRM_S
            while time.monotonic() < deadline:
                meta = self.read_state()
                if meta is not None and meta.get("status") in ("SUCCESS", "FAILURE", "REVOKED"):
                    break
                time.sleep(POLL_INTERVAL_S)
        self.outcome.error_code = "cancelled"
        self.outcome.error_message = "stopped on request"

    def abandon(self) -> None:
        """Tell every node to skip this task should it still reach one."""
        try:
            client = self.executor.app.backend.client
            client.set(abandoned_key(self.attempt.task_id), "1", ex=RESULT_EXPIRES_S)
        except Exception as exc:
            log.warning("job %s: could not mark the task abandoned: %s", self.attempt.label, exc)

    def finished(self, info: object) -> None:
        limit = self.executor.soft_time_limit_s
        self.note(read_task_result(self.outcome, info, self.attempt.spec, limit))

    def failed(self, info: object) -> None:
        node = self.attempt.node or "its node"
        self.note(read_task_failure(self.outcome, info, node, self.executor.time_limit_s))

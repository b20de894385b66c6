"""A docflags job on a cluster node: check the task, run the same worker as a local job, report.

The task runs in one of the node's pool processes. It checks its payload (payload.py), puts
the job's files where the worker can read them (workspace.py), and runs the worker subprocess
through the runner's LocalExecutor exactly as the app and the command line do. Each kind
(analyze, match, annotate) has its own task name and runs only payloads of its kind. Progress
goes to the result backend as `PROGRESS` states ({done, total, percent, message, node}); the
return value is the worker's outcome as JSON (with an annotate job's copy), which the client
turns into a final state by the same rule as a local job.

Stopping, inside the pool process:
- Celery's soft time limit (SIGUSR1) asks the worker to stop; it ends with a TIMED_OUT outcome,
  and the kill follows after a grace if it does not stop.
- A revoke with terminate (SIGTERM) kills the worker's process group, removes the spooled copy
  and lets the pool process die as Celery expects; the hard limit's SIGKILL takes the worker
  with it through its parent-death signal.
- A worker that crashed is retried with back-off (`NodeLimits.max_retries`), possibly on
  another node.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from celery import Celery, Task
from celery.exceptions import Ignore

from docflags_gui import paths
from docflags_gui.cluster.config import TASK_NAMES, NodeLimits
from docflags_gui.cluster.payload import CLUSTER_KINDS, InvalidJob, JobInput, check_payload
from docflags_gui.cluster.workspace import job_workspace, output_data
from docflags_gui.runner.executor import Attempt, LocalExecutor
from docflags_gui.runner.logs import job_log_path
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.spec import ANALYZE, JobSpec
from docflags_gui.worker.launch import ocr_processes_for

log = logging.getLogger(__name__)

PROGRESS_STATE = "PROGRESS"
OUTCOME_VERSION = 1
# Celery's soft limit asks the worker to stop; this long later it is killed.
SOFT_STOP_GRACE_S = 10.0
# The backend is written at most this often with progress (the worker reports up to 10/s).
PROGRESS_INTERVAL_S = 0.25
ABANDONED_PREFIX = "docflags:abandoned:"
# While a job runs, its pool process renews this key; a client whose job's key has expired
# knows the process (or its whole node) is gone, even while the node drains and answers no
# pings. A missed renewal or two is forgiven.
HEARTBEAT_PREFIX = "docflags:alive:"
HEARTBEAT_INTERVAL_S = 2.0
HEARTBEAT_TTL_S = 7
# "Page 3/7: OCR" (analyze), "Matching 120/340" (match): done and total for PROGRESS.
_PAGES = re.compile(r"\b(?:Page|Matching) (\d+)/(\d+)\b")


def register_tasks(app: Celery) -> None:
    """Give `app` docflags' tasks, and no others: Celery gives every app its built-in tasks
    (celery.backend_cleanup, celery.chord_unlock, ...) when it is finalised, and a node ran
    them for anyone who could send to its queue. Finalised here and those taken out, a node
    discards such a message as an unregistered task."""
    ours = {TASK_NAMES[kind] for kind in CLUSTER_KINDS}
    for kind in CLUSTER_KINDS:
        app.task(name=TASK_NAMES[kind], bind=True)(run_job)
    app.finalize()
    for name in [name for name in app.tasks if name not in ours]:
        app.tasks.unregister(name)


def abandoned_key(task_id: str) -> str:
    """The backend key a client sets when it gave up on a task (cancelled, node lost)."""
    return f"{ABANDONED_PREFIX}{task_id}"


def heartbeat_key(task_id: str) -> str:
    """The backend key that exists while the task's process is alive."""
    return f"{HEARTBEAT_PREFIX}{task_id}"


def run_job(task: Task, payload: object) -> dict[str, Any]:
    """The body of every docflags task: see the module docstring."""
    conf = task.app.conf
    limits: NodeLimits = conf.docflags_limits
    job = check_payload(payload, shared_dir=conf.get("docflags_shared_dir"))
    if task.name != TASK_NAMES[job.kind]:
        raise InvalidJob(f"a {job.kind} job sent as {task.name}")
    task_id = str(task.request.id)
    node = str(task.request.hostname or "")
    if _is_abandoned(task, task_id):
        log.info("task %s was given up by its client; not run", task_id)
        raise Ignore()
    with _Heartbeat(task, task_id):
        return _run_checked(task, job, task_id, node, limits)


def _run_checked(
    task: Task, job: JobInput, task_id: str, node: str, limits: NodeLimits
) -> dict[str, Any]:
    conf = task.app.conf
    log_path = job_log_path(paths.logs_dir(), f"cluster-{job.kind}", task_id[:8], Path(job.name))
    try:
        with job_workspace(job) as workspace:
            options = workspace.options
            if job.kind == ANALYZE:
                options["ocr_processes"] = ocr_processes_for(conf.docflags_concurrency)
            spec = JobSpec(job.kind, workspace.input, options)
            attempt = LocalExecutor(keep_quiet_logs=False).attempt(spec, log_path, task_id)
            reporter = ProgressReporter(task, task_id, node)
            with _signals_stop(attempt) as stops:
                try:
                    outcome = attempt.run(reporter)
                finally:
                    reporter.close()
            copy = output_data(workspace) if outcome.result is not None else None
    except _Terminated as exc:
        # Revoked with terminate: the worker is dead, the spooled copy gone and the progress
        # reporter closed. Say REVOKED once more (a progress report in flight may have landed
        # after the node's own word), then die as Celery expects of a terminated pool process.
        with contextlib.suppress(Exception):
            task.backend.mark_as_revoked(task_id, reason="terminated")
        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)
        raise
    crashed = (
        outcome.result is None
        and outcome.error_message is None
        and outcome.launch_error is None
        and not stops.soft_limit
    )
    if crashed and task.request.retries < limits.max_retries:
        backoff = limits.retry_backoff_s * 2**task.request.retries
        log.warning("task %s: the worker crashed (exit %s); retrying", task_id, outcome.exit_code)
        raise task.retry(countdown=backoff, max_retries=limits.max_retries)
    answer = outcome_to_json(outcome, node=node, log_path=log_path, soft_limit=stops.soft_limit)
    if copy is not None:
        answer["output"] = copy
    return answer


def outcome_to_json(
    outcome: WorkerOutcome, *, node: str, log_path: Path, soft_limit: bool
) -> dict[str, Any]:
    """A task's return value: the worker's outcome, and where and how it ran (an annotate
    job's copy is added as "output", its bytes in base64)."""
    return {
        "v": OUTCOME_VERSION,
        "node": node,
        "launched": outcome.launched,
        "launch_error": outcome.launch_error,
        "exit_code": outcome.exit_code,
        "result": outcome.result,
        "error_code": outcome.error_code,
        "error_message": outcome.error_message,
        "stderr_tail": outcome.stderr_tail,
        "log_path": str(log_path),
        "soft_time_limit": soft_limit,
    }


class ProgressReporter:
    """An AttemptListener that turns the worker's progress into the task's PROGRESS state.

    At most one write per PROGRESS_INTERVAL_S; a report that comes sooner waits for the end of
    the interval (the latest one wins), so a long page never hides behind a dropped report.
    """

    def __init__(self, task: Task, task_id: str, node: str) -> None:
        self._task = task
        self._task_id = task_id  # the request is thread-local: the timer's thread has none
        self._node = node
        self._lock = threading.Lock()
        self._writing = threading.Lock()
        self._last = 0.0
        self._pending: tuple[int, str] | None = None
        self._timer: threading.Timer | None = None

    def launched(self, pid: int) -> None:
        self.progress(0, "Starting")

    def ready(self) -> None:
        pass

    def progress(self, percent: int, message: str) -> None:
        with self._lock:
            self._pending = (percent, message)
            wait = self._last + PROGRESS_INTERVAL_S - time.monotonic()
            if wait > 0:
                if self._timer is None:
                    self._timer = threading.Timer(wait, self._flush)
                    self._timer.daemon = True
                    self._timer.start()
                return
        self._flush()

    def close(self) -> None:
        """No more reports: a waiting one is dropped, and one being written is waited for, so
        no PROGRESS lands after the task's end state."""
        with self._lock:
            self._pending = None
            if self._timer is not None:
                self._timer.cancel()
        with self._writing:
            self._task_id = ""

    def _flush(self) -> None:
        with self._lock:
            self._timer = None
            pending, self._pending = self._pending, None
            self._last = time.monotonic()
        if pending is None:
            return
        percent, message = pending
        pages = _PAGES.search(message)
        done, total = (int(pages[1]), int(pages[2])) if pages else (percent, 100)
        meta = {
            "done": done,
            "total": total,
            "percent": percent,
            "message": message,
            "node": self._node,
        }
        with self._writing:
            if not self._task_id:
                return
            try:
                self._task.update_state(task_id=self._task_id, state=PROGRESS_STATE, meta=meta)
            except Exception as exc:  # the broker hiccuped: the job goes on, progress catches up
                log.warning("could not report progress: %s", exc)


class _Stops:
    soft_limit = False


@contextlib.contextmanager
def _signals_stop(attempt: Attempt) -> Iterator[_Stops]:
    """While the attempt runs: SIGUSR1 (soft limit) stops it, SIGTERM (revoke) kills it."""
    stops = _Stops()
    in_main_thread = threading.current_thread() is threading.main_thread()
    if not in_main_thread:  # a pool without processes: Celery's own handling applies
        yield stops
        return

    def soft_limit(signum: int, frame: FrameType | None) -> None:
        stops.soft_limit = True
        attempt.request_stop()
        killer = threading.Timer(SOFT_STOP_GRACE_S, attempt.kill)
        killer.daemon = True
        killer.start()

    def terminate(signum: int, frame: FrameType | None) -> None:
        attempt.kill()  # the reader sees EOF at once; run_job unwinds, then dies
        raise _Terminated(signum)

    previous = {
        signal.SIGUSR1: signal.signal(signal.SIGUSR1, soft_limit),
        signal.SIGTERM: signal.signal(signal.SIGTERM, terminate),
    }
    try:
        yield stops
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class _Terminated(BaseException):
    """Raised by the SIGTERM handler to unwind (and clean up) before the process dies."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Heartbeat:
    """Renews the task's heartbeat key on a thread of its own while the job runs."""

    def __init__(self, task: Task, task_id: str) -> None:
        self._client = task.backend.client
        self._key = heartbeat_key(task_id)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="docflags-heartbeat", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        with contextlib.suppress(Exception):
            self._client.delete(self._key)

    def _beat(self) -> None:
        while True:
            try:
                self._client.set(self._key, "1", ex=HEARTBEAT_TTL_S)
            except Exception as exc:  # the broker blinked: the client forgives a miss or two
                log.warning("heartbeat not renewed: %s", exc)
            if self._stop.wait(HEARTBEAT_INTERVAL_S):
                return


def _is_abandoned(task: Task, task_id: str) -> bool:
    try:
        return bool(task.backend.client.exists(abandoned_key(task_id)))
    except Exception as exc:  # no answer from the backend: run it rather than lose it
        log.warning("could not check whether task %s was given up: %s", task_id, exc)
        return False

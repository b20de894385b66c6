"""`docflags worker`: this machine becomes a node of a docflags cluster (a Celery worker).

It serves docflags' own tasks only, runs each job in the same worker subprocess as the app,
with Celery's prefork pool (`concurrency` jobs at once), the node's time limits and recycling
of pool processes. Its log goes to the terminal (or `--logfile`); each job's worker log goes to
the logs folder, as on a desktop. Ctrl+C (or SIGTERM) drains: no new job is taken and the
running ones finish; a second Ctrl+C stops them at once (their jobs go back to the queue).
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from docflags_gui import paths
from docflags_gui.cluster.config import NodeLimits, make_app
from docflags_gui.cluster.connection import BrokerUnavailable, check_broker
from docflags_gui.cluster.settings import DEFAULT_QUEUE, ClusterSettings
from docflags_gui.cluster.task import register_tasks

LOG_LEVELS = ("debug", "info", "warning", "error")


@dataclass(frozen=True)
class NodeOptions:
    concurrency: int = field(default_factory=lambda: os.cpu_count() or 1)
    queues: tuple[str, ...] = (DEFAULT_QUEUE,)
    shared_dir: Path | None = None
    name: str | None = None
    log_level: str = "info"
    log_file: Path | None = None
    limits: NodeLimits = field(default_factory=NodeLimits)


def default_node_name() -> str:
    """Unique per process, so several nodes on one machine are told apart (and a lost one
    is noticed even while its neighbour answers)."""
    return f"docflags-{os.getpid()}@{socket.gethostname()}"


def run_node(settings: ClusterSettings, options: NodeOptions) -> int:
    """Serve jobs until stopped; returns the exit code."""
    try:
        check_broker(settings)
    except BrokerUnavailable as exc:
        if "password" in str(exc):
            print(f"docflags worker: {exc}", file=sys.stderr)
            return 1  # waiting will not make a wrong password right
        print(f"docflags worker: {exc}; waiting for it to come up", file=sys.stderr)
    shared_dir = options.shared_dir.resolve() if options.shared_dir is not None else None
    if shared_dir is not None and not shared_dir.is_dir():
        print(
            f"docflags worker: --shared-dir {options.shared_dir} is not a folder", file=sys.stderr
        )
        return 2
    app = make_app(settings, options.limits)
    register_tasks(app)
    app.conf.docflags_shared_dir = shared_dir
    app.conf.docflags_concurrency = options.concurrency
    name = options.name or default_node_name()
    print(
        f"docflags worker {name}: broker {settings.display_url()}, queues "
        f"{','.join(options.queues)}, {options.concurrency} job(s) at once, job logs in "
        f"{paths.logs_dir()}" + (f", shared folder {shared_dir}" if shared_dir else ""),
        file=sys.stderr,
        flush=True,
    )
    argv = [
        "worker",
        f"--hostname={name}",
        f"--concurrency={options.concurrency}",
        f"--queues={','.join(options.queues)}",
        f"--loglevel={options.log_level.upper()}",
        "--pool=prefork",
        f"--max-tasks-per-child={options.limits.max_jobs_per_child}",
        "--task-events",
        # Revokes that must outlive a node are kept in the backend (task.abandoned_key), so
        # a starting node need not ask its neighbours; it is ready a second sooner.
        "--without-mingle",
        "--without-gossip",
    ]
    if options.log_file is not None:
        argv.append(f"--logfile={options.log_file}")
    try:
        app.worker_main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0

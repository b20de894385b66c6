"""The Celery app of a docflags cluster: one configuration for nodes and for clients.

JSON only (a pickled message can run code on whoever loads it), late acknowledgement with a
prefetch of one (a node that dies mid-job does not take its queued neighbours with it), time
limits, recycled pool processes and results that expire on the broker after an hour (the
client keeps them in its own history).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any

from celery import Celery

from docflags_gui.cluster.settings import ClusterSettings

# One task per job kind a node runs (payload.CLUSTER_KINDS).
TASK_NAMES = {
    "analyze": "docflags.analyze",
    "match": "docflags.match",
    "annotate": "docflags.annotate",
}
RESULT_EXPIRES_S = 3600
CONNECT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class NodeLimits:
    """What a node allows each job: Celery's soft/hard time limits, retries of a crashed
    worker, and how many jobs a pool process runs before it is replaced."""

    soft_time_limit_s: float = 540.0
    time_limit_s: float = 600.0
    max_retries: int = 1
    retry_backoff_s: float = 2.0
    max_jobs_per_child: int = 50


def make_app(settings: ClusterSettings, limits: NodeLimits | None = None) -> Celery:
    """A Celery app talking to `settings`' broker, with docflags' configuration."""
    limits = limits or NodeLimits()
    url = settings.connection_url()
    app = Celery("docflags", broker=url, backend=url, set_as_current=False)
    app.conf.update(_configuration(settings, limits))
    return app


def _configuration(settings: ClusterSettings, limits: NodeLimits) -> dict[str, Any]:
    tls = _tls_options(settings)
    # A message is redelivered when its node has not acknowledged it this long after taking
    # it: longer than any job may run, or a slow job would be run twice.
    visibility_s = int(limits.time_limit_s + 300)
    transport = {
        "visibility_timeout": visibility_s,
        "socket_connect_timeout": CONNECT_TIMEOUT_S,
        "socket_timeout": 30.0,
        "retry_on_timeout": True,
    }
    return {
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "result_accept_content": ["json"],
        "event_serializer": "json",
        "task_acks_late": True,
        # A job whose process dies is reported, not put back: a PDF that kills its worker
        # would otherwise go round the nodes for ever.
        "task_reject_on_worker_lost": False,
        "worker_prefetch_multiplier": 1,
        "task_soft_time_limit": limits.soft_time_limit_s,
        "task_time_limit": limits.time_limit_s,
        "worker_max_tasks_per_child": limits.max_jobs_per_child,
        "result_expires": RESULT_EXPIRES_S,
        "result_extended": True,
        "task_track_started": True,
        "task_default_queue": settings.queue,
        "task_create_missing_queues": True,
        "task_send_sent_event": True,  # so Flower sees jobs as soon as they are queued
        "worker_send_task_events": True,
        "broker_connection_timeout": CONNECT_TIMEOUT_S,
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": transport,
        "result_backend_transport_options": {"retry_policy": {"timeout": 5.0}},
        "redis_socket_connect_timeout": CONNECT_TIMEOUT_S,
        "redis_socket_timeout": 30.0,
        "redis_retry_on_timeout": True,
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "broker_use_ssl": tls,
        "redis_backend_use_ssl": tls,
        "docflags_limits": limits,
    }


def _tls_options(settings: ClusterSettings) -> dict[str, Any] | None:
    if not settings.uses_tls:
        return None
    options: dict[str, Any] = {"ssl_cert_reqs": ssl.CERT_REQUIRED}
    if settings.tls_ca_file is not None:
        options["ssl_ca_certs"] = str(settings.tls_ca_file)
    return options

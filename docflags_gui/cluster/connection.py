"""Reaching the cluster's broker: one quick check with a message a person can act on.

Celery retries a lost broker quietly for a long time; before a job is sent (and when the
window's "Test connection" is pressed) docflags asks Redis itself, with a short timeout, and
says what is wrong: nothing listens there, the password is missing or wrong, TLS fails.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import redis

from docflags_gui.cluster.config import CONNECT_TIMEOUT_S, make_app
from docflags_gui.cluster.settings import PASSWORD_ENV, ClusterSettings


class BrokerUnavailable(Exception):
    """The broker cannot be used; str() is the message for the user."""


def check_broker(settings: ClusterSettings, timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Return when the broker answers a PING with our credentials, else BrokerUnavailable."""
    where = settings.display_url()
    options: dict[str, Any] = {"socket_connect_timeout": timeout_s, "socket_timeout": timeout_s}
    if settings.uses_tls and settings.tls_ca_file is not None:
        options["ssl_ca_certs"] = str(settings.tls_ca_file)
    client = redis.Redis.from_url(settings.connection_url(), **options)
    try:
        client.ping()
    except redis.AuthenticationError as exc:
        raise BrokerUnavailable(_auth_message(settings, str(exc))) from None
    except redis.ResponseError as exc:
        text = str(exc)
        if "AUTH" in text:
            raise BrokerUnavailable(_auth_message(settings, text)) from None
        raise BrokerUnavailable(f"the broker at {where} answered with an error: {text}") from None
    except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
        raise BrokerUnavailable(f"cannot reach the broker at {where}: {_reason(exc)}") from None
    finally:
        client.close()


def _auth_message(settings: ClusterSettings, text: str) -> str:
    where = settings.display_url()
    if "without any password" in text.lower():
        return f"the broker at {where} has no password set, but one was given"
    if urlsplit(settings.connection_url()).password is None:
        return f"the broker at {where} needs a password (the settings, or {PASSWORD_ENV})"
    return f"the broker at {where} refused the password"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if "Connection refused" in text:
        return "nothing is listening there (connection refused)"
    if "CERTIFICATE_VERIFY_FAILED" in text:
        why = text.rpartition("certificate verify failed:")[2].partition("(")[0].strip()
        return (
            f"its TLS certificate is not trusted ({why or 'verify failed'}): give the "
            "certificate of its authority (--tls-ca FILE, or CA certificate in Settings)"
        )
    if "Connection reset by peer" in text or "Connection closed by server" in text:
        return "it closed the connection (if it speaks TLS only, use rediss://)"
    if "Timeout" in text or "timed out" in text:
        return "no answer (timed out)"
    return text.rstrip(".")


def describe_cluster(settings: ClusterSettings, timeout_s: float = 2.0) -> str:
    """One line on the cluster for "Test connection": the broker, then the nodes that answer.

    BrokerUnavailable when the broker cannot be used.
    """
    check_broker(settings, timeout_s)
    app = make_app(settings)
    try:
        nodes = live_nodes(app, timeout_s)
    finally:
        app.close()
    where = settings.display_url()
    if not nodes:
        return (
            f"Connected to {where}, but no docflags node is running: jobs wait in the queue "
            "until one starts (docflags worker --broker ...)."
        )
    return f"Connected to {where}: {len(nodes)} node(s) running: {', '.join(sorted(nodes))}."


def live_nodes(app: Any, timeout_s: float = 1.0, destination: list[str] | None = None) -> list[str]:
    """Names of the nodes that answer a ping within `timeout_s` (all, or those named)."""
    limit = len(destination) if destination else None  # return as soon as all have answered
    replies = app.control.ping(timeout=timeout_s, destination=destination, limit=limit) or []
    return [name for reply in replies for name in reply]

"""Where the cluster is: broker URL, password, TLS, queue and time limits. No Celery here.

The password can be part of the URL (`redis://:secret@host:6379/0`) or given on its own (the
window's password field, `DOCFLAGS_BROKER_PASSWORD`), so it never has to appear in a process
listing or a shell history. `rediss://` or `tls=True` turns TLS on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

BROKER_ENV = "DOCFLAGS_BROKER"
PASSWORD_ENV = "DOCFLAGS_BROKER_PASSWORD"
DEFAULT_QUEUE = "docflags"
SCHEMES = ("redis", "rediss")


class BrokerAddressError(ValueError):
    """The broker URL cannot be used; the message says why, for the user."""


@dataclass(frozen=True)
class ClusterSettings:
    """How to reach the cluster. `broker_url` as the user wrote it (a password in it allowed)."""

    broker_url: str
    password: str | None = None
    tls: bool = False
    tls_ca_file: Path | None = None
    queue: str = DEFAULT_QUEUE

    def __post_init__(self) -> None:
        check_broker_url(self.broker_url)
        if not self.queue or not all(c.isalnum() or c in "-_." for c in self.queue):
            raise BrokerAddressError(
                f"a queue name is letters, digits, '-', '_', '.': {self.queue!r}"
            )

    @property
    def uses_tls(self) -> bool:
        return self.tls or urlsplit(self.broker_url).scheme == "rediss"

    def connection_url(self) -> str:
        """The URL Celery and redis-py connect to: password filled in, `rediss` for TLS."""
        parts = urlsplit(self.broker_url.strip())
        scheme = "rediss" if self.uses_tls else "redis"
        netloc = parts.netloc
        if self.password:
            host = netloc.rpartition("@")[2]
            user = unquote(netloc.rpartition("@")[0].partition(":")[0]) if "@" in netloc else ""
            netloc = f"{quote(user, safe='')}:{quote(self.password, safe='')}@{host}"
        return urlunsplit((scheme, netloc, parts.path or "/0", parts.query, ""))

    def display_url(self) -> str:
        """The URL for messages and logs: any password replaced by ***."""
        return redact(self.connection_url())


def check_broker_url(url: str) -> None:
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise BrokerAddressError(
            f"the broker must be a Redis URL like redis://HOST:6379/0, not {redact(url)!r}"
        )
    try:
        port = parts.port
    except ValueError:
        raise BrokerAddressError(f"the port in {redact(url)!r} is not a number") from None
    if not parts.hostname:
        raise BrokerAddressError(f"no host in the broker URL {redact(url)!r}")
    if port is not None and not 0 < port < 65536:
        raise BrokerAddressError(f"the port in {redact(url)!r} is out of range")
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise BrokerAddressError(f"the database in {redact(url)!r} is a number, like /0")


def redact(url: str) -> str:
    """`url` with its password (if any) replaced by ***."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    credentials, _, host = parts.netloc.rpartition("@")
    user, has_password, _ = credentials.partition(":")
    netloc = f"{user}:***@{host}" if has_password else f"{user}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def from_environment(
    broker_url: str | None,
    *,
    tls_ca_file: Path | None = None,
    queue: str = DEFAULT_QUEUE,
) -> ClusterSettings | None:
    """Settings from a command line's `--broker` (else `DOCFLAGS_BROKER`) and the password in
    `DOCFLAGS_BROKER_PASSWORD`; None when neither names a broker."""
    url = broker_url or os.environ.get(BROKER_ENV, "").strip()
    if not url:
        return None
    password = os.environ.get(PASSWORD_ENV) or None
    return ClusterSettings(url, password=password, tls_ca_file=tls_ca_file, queue=queue)

"""`--broker` and `--shared-dir` for commands that can send their jobs to a cluster.

The cluster package (Celery, redis-py) is imported only when a broker is named, so a local run
never loads it and a build without the `cluster` extra still runs everything else.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docflags_gui.runner.executor import Executor

BROKER_ENV = "DOCFLAGS_BROKER"
# Jobs in flight on a cluster: each waits on its own thread; the nodes do the work.
CLUSTER_IN_FLIGHT = 32
# A node's hard limit falls this long after the soft one (--timeout).
HARD_LIMIT_GRACE_S = 5.0
TLS_CA_HELP = (
    "with a rediss:// broker: the certificate (PEM) of the authority that signed its "
    "certificate (a self-signed broker: its own); default: the system's authorities"
)


class ClusterUnavailable(Exception):
    """The cluster cannot be used as asked (no extra installed, a malformed URL)."""


def add_cluster_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--broker",
        metavar="URL",
        default=None,
        help="run on a docflags cluster: its Redis broker, redis://HOST:6379/0 (or rediss:// "
        f"for TLS); default ${BROKER_ENV}; the password in DOCFLAGS_BROKER_PASSWORD",
    )
    parser.add_argument(
        "--shared-dir",
        type=Path,
        metavar="DIR",
        help="with --broker: a folder the nodes also see (as their --shared-dir); files inside "
        "it travel as paths instead of their bytes",
    )
    parser.add_argument(
        "--tls-ca",
        type=Path,
        metavar="FILE",
        help=TLS_CA_HELP,
    )


def wants_cluster(args: argparse.Namespace) -> bool:
    return bool(args.broker or os.environ.get(BROKER_ENV, "").strip())


def jobs_in_flight(args: argparse.Namespace, files: int) -> int:
    """-j as given; else the machine's cores here, or up to CLUSTER_IN_FLIGHT on a cluster."""
    if args.jobs is not None:
        jobs: int = args.jobs
        return jobs
    if wants_cluster(args):
        return max(1, min(files, CLUSTER_IN_FLIGHT))
    return os.cpu_count() or 1


def cluster_executor(args: argparse.Namespace, timeout_s: float | None) -> Executor | None:
    """The cluster executor `args` ask for (None: run here). The nodes enforce `timeout_s`."""
    if not wants_cluster(args):
        if args.shared_dir is not None:
            raise ClusterUnavailable("--shared-dir goes with --broker")
        return None
    try:
        from docflags_gui.cluster.executor import ClusterExecutor
        from docflags_gui.cluster.settings import BrokerAddressError, from_environment
    except ImportError as exc:
        raise ClusterUnavailable(
            f"cluster support is not installed ({exc}); pip install 'docflags[cluster]'"
        ) from None
    try:
        settings = from_environment(args.broker, tls_ca_file=args.tls_ca)
    except BrokerAddressError as exc:
        raise ClusterUnavailable(str(exc)) from None
    assert settings is not None
    if args.shared_dir is not None and not args.shared_dir.is_dir():
        raise ClusterUnavailable(f"--shared-dir {args.shared_dir} is not a folder")
    hard = None if timeout_s is None else timeout_s + HARD_LIMIT_GRACE_S
    limits: dict[str, Any] = {"soft_time_limit_s": timeout_s, "time_limit_s": hard}
    return ClusterExecutor(settings, shared_dir=args.shared_dir, **limits)


def executor_or_exit(
    args: argparse.Namespace, timeout_s: float | None, command: str, usage_code: int
) -> Executor | None:
    """cluster_executor(), or the reason on stderr and SystemExit(usage_code), as argparse
    does for any other wrong argument."""
    try:
        return cluster_executor(args, timeout_s)
    except ClusterUnavailable as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        raise SystemExit(usage_code) from None

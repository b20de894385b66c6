"""`docflags worker --broker URL`: serve docflags jobs as a node of a Celery cluster.

Needs the cluster extra (`pip install 'docflags[cluster]'`); nothing of it is imported before
this command runs.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from docflags_gui.cli.arguments import positive_int
from docflags_gui.cli.cluster_args import TLS_CA_HELP

EXIT_USAGE = 2


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="serve docflags jobs as a node of a cluster (Celery + Redis)",
        description=(
            "Make this machine a node of a docflags cluster: take jobs (analyse, match, "
            "annotate) from the broker's queue and run each in the same worker as the desktop "
            "app. The broker's password comes "
            "from the URL or, better, DOCFLAGS_BROKER_PASSWORD. Ctrl+C stops taking jobs and "
            "waits for the running ones; a second Ctrl+C stops them (they go back to the queue)."
        ),
    )
    parser.add_argument(
        "--broker",
        metavar="URL",
        help="the broker, redis://HOST:6379/0 or rediss://... for TLS (default: $DOCFLAGS_BROKER)",
    )
    parser.add_argument(
        "-c",
        "--concurrency",
        type=positive_int,
        default=None,
        metavar="N",
        help="jobs run at once (default: number of CPU cores)",
    )
    parser.add_argument(
        "-Q",
        "--queues",
        default="docflags",
        metavar="NAMES",
        help="comma-separated queues to take jobs from (default: %(default)s)",
    )
    parser.add_argument(
        "--shared-dir",
        type=Path,
        metavar="DIR",
        help="a folder clients share with this node: jobs may name files inside it, never outside",
    )
    parser.add_argument(
        "--tls-ca",
        type=Path,
        metavar="FILE",
        help=TLS_CA_HELP,
    )
    parser.add_argument("--name", help="this node's name (default: docflags-PID@HOST)")
    parser.add_argument(
        "--soft-time-limit",
        type=float,
        default=540.0,
        metavar="SECONDS",
        help="ask a job to stop after this long (default: %(default)g)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="kill a job after this long (default: %(default)g)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=1,
        metavar="N",
        help="retries of a job whose worker crashed, with back-off (default: %(default)s)",
    )
    parser.add_argument(
        "--max-jobs-per-child",
        type=positive_int,
        default=50,
        metavar="N",
        help="replace a pool process after this many jobs (default: %(default)s)",
    )
    parser.add_argument(
        "--loglevel",
        choices=("debug", "info", "warning", "error"),
        default="info",
        help="how much the node logs (default: %(default)s)",
    )
    parser.add_argument("--logfile", type=Path, metavar="FILE", help="log here, not to stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        from docflags_gui.cluster.config import NodeLimits
        from docflags_gui.cluster.node import NodeOptions, run_node
        from docflags_gui.cluster.settings import BrokerAddressError, from_environment
    except ImportError as exc:
        print(
            f"docflags worker: the cluster support is not installed ({exc}); "
            "install it with: pip install 'docflags[cluster]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not 0 < args.soft_time_limit <= args.time_limit or args.retries < 0:
        print(
            "docflags worker: time limits are positive, the soft one not above the hard one; "
            "retries are 0 or more",
            file=sys.stderr,
        )
        return EXIT_USAGE
    queues = tuple(q.strip() for q in args.queues.split(",") if q.strip())
    try:
        settings = from_environment(args.broker, tls_ca_file=args.tls_ca, queue=queues[0])
    except (BrokerAddressError, IndexError) as exc:
        print(f"docflags worker: {exc or 'no queue given'}", file=sys.stderr)
        return EXIT_USAGE
    if settings is None:
        print("docflags worker: give --broker URL (or set DOCFLAGS_BROKER)", file=sys.stderr)
        return EXIT_USAGE
    limits = NodeLimits(
        soft_time_limit_s=args.soft_time_limit,
        time_limit_s=args.time_limit,
        max_retries=args.retries,
        max_jobs_per_child=args.max_jobs_per_child,
    )
    options = NodeOptions(
        queues=queues,
        shared_dir=args.shared_dir,
        name=args.name,
        log_level=args.loglevel,
        log_file=args.logfile,
        limits=limits,
    )
    if args.concurrency is not None:
        options = replace(options, concurrency=args.concurrency)
    return run_node(settings, options)

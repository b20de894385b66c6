"""Fixtures for the cluster tests: a Redis server and nodes per module.

Per module, not per session: a server left running into other packages' tests would be a
child process their leak checks rightly complain about.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from tests.cluster.servers import PASSWORD, Node, RedisServer
from tests.conftest import CORPUS

# Raster pages read by OCR: a few seconds of work, long enough to cancel or kill mid-job.
SLOW_SOURCE = CORPUS / "synthetic" / "tii-classic-id-s1.pdf"
SLOW_PAGES = 7  # its cover and six raster pages


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def broker_password(monkeypatch: pytest.MonkeyPatch) -> str:
    """In-process clients and `docflags` subprocesses find the password where users put it."""
    monkeypatch.setenv("DOCFLAGS_BROKER_PASSWORD", PASSWORD)
    monkeypatch.delenv("DOCFLAGS_BROKER", raising=False)
    return PASSWORD


def start_nodes(redis_server: RedisServer, folder: Path, count: int, *extra: str) -> list[Node]:
    nodes = [Node(redis_server.url, folder / f"node{i}", *extra) for i in range(count)]
    try:
        return [node.wait_ready() for node in nodes]
    except Exception:
        for node in nodes:
            node.kill()
        raise


# Two nodes per test module that see one shared folder (for --shared-dir jobs).
@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared")


@pytest.fixture(scope="module")
def nodes(
    redis_server: RedisServer, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Node]]:
    redis_server.flush()
    started = start_nodes(
        redis_server, tmp_path_factory.mktemp("nodes"), 2, "--shared-dir", str(shared_dir)
    )
    yield started
    for node in started:
        node.quit()


@pytest.fixture(scope="session")
def slow_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report's cover and six raster pages (OCR): seconds of work on a node."""
    if not SLOW_SOURCE.is_file():
        pytest.fail(f"the shared corpus is missing {SLOW_SOURCE}")
    source = pymupdf.open(SLOW_SOURCE)
    document = pymupdf.open()
    document.insert_pdf(source, from_page=0, to_page=SLOW_PAGES - 1)
    path = tmp_path_factory.mktemp("slow") / "raster-report.pdf"
    document.save(path)
    return path

"""Fixtures for the cluster tests: a Redis server and nodes per module, and the reports they
run, built here by the fixture builder (`tests/pdfbuilder`): the cluster tests need no file
from outside the repository, so README's test command passes on a clone of it alone.

Per module, not per session: a server left running into other packages' tests would be a
child process their leak checks rightly complain about.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from tests.cluster.servers import PASSWORD, Node, RedisServer
from tests.pdfbuilder import annotated, colored
from tests.pdfbuilder.raster import build_raster_report, manuscript_text
from tests.pdfbuilder.report import build_vector_report

# Raster pages read by OCR: a few seconds of work, long enough to cancel or kill mid-job.
SLOW_PAGES = 7  # a cover and six raster pages


@dataclass(frozen=True)
class Report:
    """A built report and how many flagged passages the engine finds in it (its builder's
    truth)."""

    path: Path
    flags: int


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
def fast_reports(tmp_path_factory: pytest.TempPathFactory) -> list[Report]:
    """Three text-layer reports of one to three pages, each read in well under a second: markup
    annotations with comments, coloured text among its look-alikes, and a Turnitin-like report
    of drawn highlights with its sources."""
    folder = tmp_path_factory.mktemp("fast")
    markup = folder / "markup-kinds.pdf"
    colored_text = folder / "colored-text.pdf"
    drawn = folder / "drawn-report.pdf"
    return [
        Report(markup, len(annotated.build_markup_kinds(markup))),
        Report(colored_text, len(colored.build_colored_report(colored_text))),
        Report(drawn, len(build_vector_report(drawn).flags)),
    ]


@pytest.fixture(scope="session")
def slow_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A raster report's cover and six raster pages (OCR): seconds of work on a node."""
    folder = tmp_path_factory.mktemp("slow")
    built = build_raster_report(folder / "whole.pdf", manuscript_text(40, seed=5))
    assert built.pages >= SLOW_PAGES and set(range(2, SLOW_PAGES + 1)) <= set(built.raster_pages)
    document = pymupdf.open()
    document.insert_pdf(pymupdf.open(built.path), from_page=0, to_page=SLOW_PAGES - 1)
    path = folder / "raster-report.pdf"
    document.save(path)
    return path

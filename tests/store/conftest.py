"""Store test fixtures: a fresh history database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from docflags_gui.store.history import HistoryStore


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[HistoryStore]:
    history = HistoryStore(db_path, origin="app")
    yield history
    history.close()

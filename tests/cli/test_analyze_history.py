"""`docflags analyze` records its jobs without SQLAlchemy; a history it cannot write costs one
warning, never the analysis."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from docflags_gui import paths
from docflags_gui.cli import main
from docflags_gui.store.history import HistoryStore
from docflags_gui.store.migrations import LATEST_VERSION, migrate
from tests.ui.pdfs import Mark, make_pdf

NOT_RECORDING = "docflags: not recording this run in the history: "


def _analyze_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[list[object], str]:
    pdfs = [make_pdf(tmp_path / f"{n}.pdf", [Mark("quick brown fox")]) for n in ("one", "two")]
    assert main(["analyze", *map(str, pdfs), "--format", "json"]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def test_a_run_records_each_file_with_its_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results, err = _analyze_two(tmp_path, capsys)
    assert NOT_RECORDING not in err
    with HistoryStore(paths.history_db_path()) as store:
        jobs = sorted(store.list_jobs(), key=lambda job: job.file)
        assert [(job.file, job.state, job.origin) for job in jobs] == [
            ("one.pdf", "SUCCESS", "cli"),
            ("two.pdf", "SUCCESS", "cli"),
        ]
        assert [store.get_result(job.id) for job in jobs] == results
        assert all(job.path == str(tmp_path / job.file) for job in jobs)
        assert all(job.started is not None and job.finished is not None for job in jobs)
    conn = sqlite3.connect(paths.history_db_path())
    rows = conn.execute("SELECT settings_json FROM jobs").fetchall()
    conn.close()
    assert {json.loads(row[0])["jobs"] for row in rows} == {2}


def test_a_damaged_history_is_one_warning_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths.history_db_path().write_bytes(b"this is not an SQLite database at all" * 100)
    results, err = _analyze_two(tmp_path, capsys)
    assert len(results) == 2 and err.count(NOT_RECORDING) == 1
    assert "not a database" in err and "Traceback" not in err


def test_a_history_that_cannot_be_opened_is_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths.history_db_path().mkdir()  # a folder where the database should be
    results, err = _analyze_two(tmp_path, capsys)
    assert len(results) == 2 and err.count(NOT_RECORDING) == 1 and "Traceback" not in err


def test_a_newer_schema_is_refused_with_its_message_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = paths.history_db_path()
    migrate(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    results, err = _analyze_two(tmp_path, capsys)
    assert len(results) == 2 and err.count(NOT_RECORDING) == 1
    assert "was written by a newer docflags" in err
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM jobs").fetchone()[0] == 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION + 1
    conn.close()

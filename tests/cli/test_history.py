"""`docflags history` and `docflags show`: JSON shapes, table output, errors, live vs dead jobs."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from docflags_gui import paths
from docflags_gui.cli import main
from docflags_gui.store.history import HistoryStore
from tests.store.factories import make_result
from tests.ui.pdfs import Mark, make_pdf

WRITER = str(Path(__file__).parents[1] / "store" / "history_writer.py")

HISTORY_KEYS = {
    "id", "file", "path", "sha256", "state", "pages", "flags", "similarity", "created",
    "finished", "error",
}  # fmt: skip


@pytest.fixture
def history() -> Iterator[HistoryStore]:
    store = HistoryStore(paths.history_db_path(), origin="cli")
    yield store
    store.close()


def _success(store: HistoryStore, name: str, texts: tuple[str, ...] = ("a passage",)) -> int:
    job_id = store.record_queued(Path("/docs") / name)
    store.record_started(job_id)
    store.record_finished(job_id, "SUCCESS", result=make_result(name, texts=texts))
    return job_id


def _json_out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_history_json_lists_every_job_with_the_documented_keys(
    history: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    ok = _success(history, "report.pdf", texts=("one", "two"))
    failed = history.record_queued("/docs/broken.pdf")
    history.record_finished(failed, "FAILURE", error="Not a PDF.")

    jobs = _json_out(capsys, ["history", "--format", "json"])
    assert isinstance(jobs, list) and [j["id"] for j in jobs] == [failed, ok]
    for job in jobs:
        assert set(job) >= HISTORY_KEYS
    newest, oldest = jobs
    assert newest["state"] == "FAILURE" and newest["error"] == "Not a PDF."
    assert newest["flags"] is None and newest["sha256"] is None
    assert oldest["file"] == "report.pdf" and oldest["path"] == "/docs/report.pdf"
    assert (oldest["state"], oldest["pages"], oldest["flags"], oldest["similarity"]) == (
        "SUCCESS", 9, 2, 43,
    )  # fmt: skip
    assert oldest["sha256"] == "a" * 64 and oldest["error"] is None
    assert oldest["created"].endswith("Z") and oldest["finished"].endswith("Z")


def test_history_search_and_limit(
    history: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _success(history, "thesis.pdf", texts=("photosynthesis in shade",))
    _success(history, "paper.pdf", texts=("kerangka kerja",))
    third = _success(history, "draft.pdf", texts=("more photosynthesis",))
    found = _json_out(capsys, ["history", "--format", "json", "--search", "photosynthesis"])
    assert isinstance(found, list) and [j["id"] for j in found] == [third, first]
    limited = _json_out(capsys, ["history", "--format", "json", "--limit", "1"])
    assert isinstance(limited, list) and [j["id"] for j in limited] == [third]


def test_history_table_shows_state_counts_and_file(
    history: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _success(history, "report.pdf", texts=("one", "two", "three"))
    assert main(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "CREATED", "STATE", "PAGES", "FLAGS", "SIM", "FILE"]
    row = lines[2].split()
    assert row[0] == "1" and row[3:] == ["SUCCESS", "9", "3", "43%", "report.pdf"]


def test_history_of_an_empty_history_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    assert "No analyses in the history yet" in capsys.readouterr().out
    assert _json_out(capsys, ["history", "--format", "json"]) == []


def test_show_prints_the_stored_docflags1_result_exactly(
    history: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = _success(history, "report.pdf", texts=("kerangka kerja ﬁnal", "“quoted”"))
    assert _json_out(capsys, ["show", str(job_id)]) == make_result(
        "report.pdf", texts=("kerangka kerja ﬁnal", "“quoted”")
    )
    assert _json_out(capsys, ["show", str(job_id), "--format", "json"])["schema"] == "docflags/1"  # type: ignore[index]


def test_show_table_lists_the_flags(
    history: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = _success(history, "report.pdf", texts=("first passage", "second passage"))
    assert main(["show", str(job_id), "--format", "table"]) == 0
    out = capsys.readouterr().out
    # The same table as `docflags analyze --format table` prints.
    assert out.startswith("report.pdf | 9 pages | 2 flagged passages | similarity 43%")
    assert "first passage" in out and "second passage" in out and "#ff0000" in out


def test_show_unknown_id_fails_with_a_clear_message(
    history: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "4242"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no job 4242 in the history" in captured.err and "docflags history" in captured.err


def test_show_job_without_result_says_how_it_ended(
    history: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = history.record_queued("/docs/broken.pdf")
    history.record_finished(job_id, "FAILURE", error="The file is encrypted.")
    assert main(["show", str(job_id)]) == 1
    err = capsys.readouterr().err
    assert "ended FAILURE" in err and "The file is encrypted." in err


def test_show_rejects_an_id_that_is_not_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["show", "abc"])
    assert exit_info.value.code == 2
    assert "invalid int value" in capsys.readouterr().err


def _history_states(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    jobs = _json_out(capsys, ["history", "--format", "json"])
    assert isinstance(jobs, list)
    return {j["file"]: j["state"] for j in jobs}


def test_history_leaves_a_live_process_jobs_alone_and_interrupts_a_killed_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    writer = subprocess.Popen(
        [sys.executable, WRITER, str(paths.history_db_path()), "hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        live = {"live-running.pdf": "RUNNING", "live-queued.pdf": "QUEUED"}
        assert _history_states(capsys) == live
        assert _history_states(capsys) == live  # reading twice changes nothing
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        assert set(_history_states(capsys).values()) == {"INTERRUPTED"}
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait(timeout=10)


def test_analyze_records_its_jobs_and_show_returns_the_same_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = make_pdf(tmp_path / "reviewed.pdf", [Mark("quick brown fox", comment="cite this")])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"PK\x03\x04 this is a zip file, not a PDF")
    assert main(["analyze", str(pdf), str(broken), "--format", "json", "--jobs", "1"]) == 1
    printed = json.loads(capsys.readouterr().out)
    analysed = printed if isinstance(printed, dict) else printed[0]

    listed = _json_out(capsys, ["history", "--format", "json"])
    assert isinstance(listed, list)
    jobs = {j["file"]: j for j in listed}
    good, bad = jobs["reviewed.pdf"], jobs["broken.pdf"]
    assert good["state"] == "SUCCESS" and good["path"] == str(pdf.resolve())
    assert good["flags"] == len(analysed["flags"]) == 1 and good["sha256"] == analysed["sha256"]
    assert good["pages"] == analysed["pages"] and good["finished"] is not None
    assert bad["state"] == "FAILURE" and bad["error"] and bad["flags"] is None
    assert _json_out(capsys, ["show", str(good["id"])]) == analysed


def test_analyze_no_history_records_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = make_pdf(tmp_path / "reviewed.pdf", [Mark("quick brown fox")])
    assert main(["analyze", str(pdf), "--format", "json", "--no-history"]) == 0
    capsys.readouterr()
    assert _json_out(capsys, ["history", "--format", "json"]) == []


def test_a_damaged_history_gets_a_clear_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths.history_db_path().write_bytes(b"this is not an SQLite database at all" * 100)
    assert main(["history"]) == 1
    err = capsys.readouterr().err
    assert "cannot open the history" in err and "not a database" in err
    assert "Traceback" not in err

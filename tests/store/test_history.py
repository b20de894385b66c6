"""HistoryStore: recording a job's life, exact result round trips, finding, listing, deleting."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from docflags_gui import ENGINE_VERSION
from docflags_gui.hashing import file_sha256
from docflags_gui.store import reading as reading_module
from docflags_gui.store.history import HistoryStore
from tests.store.factories import make_result


def _finished_job(store: HistoryStore, name: str, **result_args: object) -> int:
    job_id = store.record_queued(Path("/docs") / name, settings={"ocr": True})
    store.record_started(job_id, attempt=1)
    store.record_finished(job_id, "SUCCESS", result=make_result(name, **result_args))  # type: ignore[arg-type]
    return job_id


def test_job_goes_queued_running_success_with_timings(store: HistoryStore) -> None:
    job_id = store.record_queued(Path("/docs/report.pdf"), settings={"ocr": False})
    queued = store.get_job(job_id)
    assert queued is not None and queued.state == "QUEUED" and queued.started is None
    assert queued.file == "report.pdf" and queued.path == "/docs/report.pdf"
    store.record_started(job_id, attempt=1)
    running = store.get_job(job_id)
    assert running is not None and running.state == "RUNNING" and running.started is not None
    store.record_finished(job_id, "SUCCESS", result=make_result(), log_path="/logs/1.log")
    done = store.get_job(job_id)
    assert done is not None and done.state == "SUCCESS"
    assert done.finished is not None and done.finished >= done.started  # type: ignore[operator]
    assert (done.pages, done.flags, done.similarity) == (9, 1, 43)
    assert done.sha256 == "a" * 64 and done.engine_version == ENGINE_VERSION
    assert done.attempt == 1 and done.log_path == "/logs/1.log" and done.origin == "app"


def test_result_round_trips_exactly_including_unicode(store: HistoryStore) -> None:
    result = make_result(texts=("kerangka kerja ﬁnal", "“quoted” — ünïcödé", ""))
    job_id = store.record_queued("/docs/report.pdf")
    store.record_finished(job_id, "SUCCESS", result=result)
    stored = store.get_result(job_id)
    assert stored == result
    assert json.dumps(stored, sort_keys=True) == json.dumps(result, sort_keys=True)


def test_failed_job_keeps_its_error_and_has_no_result(store: HistoryStore) -> None:
    job_id = store.record_queued("/docs/broken.pdf")
    store.record_finished(job_id, "FAILURE", error="Not a PDF: the file starts with 'PK'.")
    job = store.get_job(job_id)
    assert job is not None and job.error == "Not a PDF: the file starts with 'PK'."
    assert store.get_result(job_id) is None and job.flags is None


def test_record_finished_refuses_a_state_that_is_not_final(store: HistoryStore) -> None:
    job_id = store.record_queued("/docs/a.pdf")
    with pytest.raises(ValueError, match="not a final"):
        store.record_finished(job_id, "RUNNING")


def test_find_result_needs_same_content_and_engine_version(store: HistoryStore) -> None:
    older = _finished_job(store, "a.pdf", sha256="c" * 64)
    newer = _finished_job(store, "renamed.pdf", sha256="c" * 64)
    found = store.find_result("c" * 64)
    assert found is not None and found.job_id == newer and found.job_id != older
    assert found.result["file"] == "renamed.pdf" and found.path == "/docs/renamed.pdf"
    assert store.find_result("c" * 64, engine_version="some-other-engine") is None
    assert store.find_result("d" * 64) is None


def test_find_result_ignores_failed_jobs_of_the_same_file(store: HistoryStore) -> None:
    job_id = store.record_queued("/docs/a.pdf", sha256="e" * 64)
    store.record_finished(job_id, "CRASHED", error="worker died")
    assert store.find_result("e" * 64) is None


def test_list_is_newest_first_with_paging(store: HistoryStore) -> None:
    ids = [_finished_job(store, f"doc{i}.pdf", sha256=f"{i:064x}") for i in range(5)]
    assert [j.id for j in store.list_jobs()] == ids[::-1]
    assert [j.id for j in store.list_jobs(limit=2)] == [ids[4], ids[3]]
    assert [j.id for j in store.list_jobs(limit=2, offset=2)] == [ids[2], ids[1]]
    assert store.count_jobs() == 5


def test_search_matches_file_name_flagged_text_and_comments(store: HistoryStore) -> None:
    thesis = _finished_job(store, "Thesis-final.pdf", texts=("photosynthesis in shade plants",))
    paper = _finished_job(store, "paper.pdf", texts=("kerangka kerja penelitian",))
    job_id = store.record_queued("/docs/reviewed.pdf")
    reviewed = make_result("reviewed.pdf", texts=("some text",))
    reviewed["flags"][0]["comment"] = "cite Smith 2020 here"
    store.record_finished(job_id, "SUCCESS", result=reviewed)

    assert [j.id for j in store.list_jobs(search="thesis")] == [thesis]  # name, any case
    assert [j.id for j in store.list_jobs(search="KERANGKA")] == [paper]  # flagged text
    assert [j.id for j in store.list_jobs(search="Smith 2020")] == [job_id]  # comment
    assert store.count_jobs(search="kerja") == 1
    assert store.list_jobs(search="absent words") == []


def test_search_treats_like_wildcards_literally(store: HistoryStore) -> None:
    _finished_job(store, "a.pdf", texts=("grew by 100% in a year",))
    _finished_job(store, "b.pdf", texts=("grew by 1000 in a year",))
    assert [j.file for j in store.list_jobs(search="100%")] == ["a.pdf"]
    assert store.list_jobs(search="by_1") == []


def test_state_filter(store: HistoryStore) -> None:
    _finished_job(store, "a.pdf")
    failed = store.record_queued("/docs/b.pdf")
    store.record_finished(failed, "FAILURE", error="bad")
    assert [j.id for j in store.list_jobs(state="FAILURE")] == [failed]
    with pytest.raises(ValueError, match="unknown job state"):
        store.list_jobs(state="DONE")


def test_delete_removes_flags_sources_and_unused_documents(store: HistoryStore) -> None:
    keep = _finished_job(store, "keep.pdf", sha256="1" * 64, texts=("kept words",))
    gone = _finished_job(store, "gone.pdf", sha256="2" * 64, texts=("deleted words",))
    running = store.record_queued("/docs/running.pdf")
    store.record_started(running)

    assert store.delete_jobs([gone, running]) == 1  # a running job is not deleted
    assert store.get_job(gone) is None and store.get_job(running) is not None
    assert store.list_jobs(search="deleted words") == []
    assert store.find_result("2" * 64) is None and store.find_result("1" * 64) is not None
    with store._read.connect() as conn:
        flags = conn.exec_driver_sql("SELECT job_id FROM flags").scalars().all()
        sources = conn.exec_driver_sql("SELECT DISTINCT job_id FROM sources").scalars().all()
        documents = conn.exec_driver_sql("SELECT sha256 FROM documents").scalars().all()
    assert flags == [keep] and sources == [keep] and documents == ["1" * 64]


def test_retention_keeps_everything_by_default(store: HistoryStore) -> None:
    _finished_job(store, "a.pdf")
    assert store.retention_days is None
    assert store.apply_retention(now=10**12) == 0
    assert store.count_jobs() == 1


def test_retention_deletes_finished_jobs_older_than_n_days(store: HistoryStore) -> None:
    old = _finished_job(store, "old.pdf", sha256="1" * 64)
    recent = _finished_job(store, "recent.pdf", sha256="2" * 64)
    running = store.record_queued("/docs/running.pdf")
    store.record_started(running)
    with store._write.begin() as conn:  # the old job finished 40 days ago
        conn.exec_driver_sql(
            "UPDATE jobs SET created = created - 40 * 86400, finished = finished - 40 * 86400 "
            f"WHERE id IN ({old}, {running})"
        )
    store.set_retention_days(30)
    assert store.retention_days == 30
    assert store.apply_retention() == 1
    assert {j.id for j in store.list_jobs()} == {recent, running}
    assert store.find_result("1" * 64) is None

    store.set_retention_days(None)
    assert store.retention_days is None
    with pytest.raises(ValueError):
        store.set_retention_days(0)


def test_retention_setting_is_shared_by_every_process(store: HistoryStore, db_path: Path) -> None:
    store.set_retention_days(90)
    other = HistoryStore(db_path, origin="cli")
    try:
        assert other.retention_days == 90
    finally:
        other.close()


def test_large_result_round_trips_and_lists_fast_enough_to_use(store: HistoryStore) -> None:
    texts = tuple(f"passage number {i} of a long report" for i in range(10_000))
    job_id = store.record_queued("/docs/big.pdf")
    store.record_finished(job_id, "SUCCESS", result=make_result("big.pdf", texts=texts))
    result = store.get_result(job_id)
    assert result is not None and len(result["flags"]) == 10_000
    assert [j.id for j in store.list_jobs(search="passage number 9999 ")] == [job_id]


def test_flag_rows_are_inserted_in_the_models_column_order() -> None:
    from docflags_gui.store.models import FlagRow
    from docflags_gui.store.result_values import FLAG_INSERT_COLUMNS

    assert set(FLAG_INSERT_COLUMNS) == {c.name for c in FlagRow.__table__.columns} - {"id"}


def test_odd_flag_values_are_stored_without_breaking_the_result(store: HistoryStore) -> None:
    result = make_result(texts=("one", "two"))
    result["flags"][0].update(rect=["a", 1, 2, 3], color={"not": "a colour"}, id=None, page=None)
    result["flags"][1].update(rect=None, ocr=True, comment=5)
    job_id = store.record_queued("/docs/odd.pdf")
    store.record_finished(job_id, "SUCCESS", result=result)
    assert store.get_result(job_id) == result  # the document itself is kept exactly
    with store._read.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT n, page, color, comment, ocr, x0 FROM flags ORDER BY n"
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, 0, "{'not': 'a colour'}", None, 0, None),
        (2, 1, "#ff0000", "5", 1, None),
    ]


def test_list_sorts_by_any_listed_field_in_sql(store: HistoryStore) -> None:
    _finished_job(store, "b.pdf", texts=("x",) * 3, similarity=10)
    _finished_job(store, "A.pdf", texts=("x",) * 1, similarity=None)
    _finished_job(store, "c.pdf", texts=("x",) * 2, similarity=50)
    assert [j.file for j in store.list_jobs(order_by="file", descending=False)] == [
        "A.pdf", "b.pdf", "c.pdf",
    ]  # fmt: skip
    assert [j.flags for j in store.list_jobs(order_by="flags")] == [3, 2, 1]
    assert [j.file for j in store.list_jobs(order_by="similarity", limit=2)] == ["c.pdf", "b.pdf"]
    with pytest.raises(ValueError, match="cannot sort"):
        store.list_jobs(order_by="result_json")


def _analysed_file(store: HistoryStore, path: Path, content: bytes) -> int:
    path.write_bytes(content)
    job_id = store.record_queued(path)
    result = make_result(path.name, sha256=hashlib.sha256(content).hexdigest())
    store.record_finished(job_id, "SUCCESS", result=result)
    return job_id


def test_a_file_seen_before_is_found_by_its_content(store: HistoryStore, tmp_path: Path) -> None:
    job_id = _analysed_file(store, tmp_path / "report.pdf", b"%PDF-1.7 the same bytes")
    copy = tmp_path / "elsewhere" / "renamed.pdf"
    copy.parent.mkdir()
    copy.write_bytes(b"%PDF-1.7 the same bytes")
    found = store.find_result_for_file(copy)
    assert found is not None and found.job_id == job_id
    assert store.find_result_for_file(copy, engine_version="another") is None
    assert store.find_result_for_file(tmp_path / "missing.pdf") is None


def _hashing_into(hashed: list[Path]) -> Callable[[Path], str]:
    """The file hash, noting each file it reads in `hashed`."""

    def hashing(path: Path) -> str:
        hashed.append(path)
        return file_sha256(path)

    return hashing


def test_a_file_of_a_new_size_is_known_new_without_reading_it(
    store: HistoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _analysed_file(store, tmp_path / "report.pdf", b"%PDF-1.7 the same bytes")
    hashed: list[Path] = []
    monkeypatch.setattr(reading_module, "file_sha256", _hashing_into(hashed))
    new = tmp_path / "new.pdf"
    new.write_bytes(b"%PDF-1.7 other, longer bytes")
    assert store.find_result_for_file(new) is None and hashed == []
    same_size = tmp_path / "same-size.pdf"
    same_size.write_bytes(b"%PDF-1.7 the SAME bytes")  # as long, other content: must be read
    assert store.find_result_for_file(same_size) is None and hashed == [same_size]


def test_a_drop_is_sorted_into_analysed_and_new_files_reading_only_same_sized_ones(
    store: HistoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _analysed_file(store, tmp_path / "a.pdf", b"%PDF-1.7 report a")
    _analysed_file(store, tmp_path / "b.pdf", b"%PDF-1.7 report b, longer")
    again = _analysed_file(store, tmp_path / "a-again.pdf", b"%PDF-1.7 report a")
    copy = tmp_path / "copy-of-b.pdf"
    copy.write_bytes(b"%PDF-1.7 report b, longer")
    new_files = [tmp_path / f"new-{n}.pdf" for n in range(50)]
    for n, path in enumerate(new_files):
        path.write_bytes(b"%PDF-1.7 new" + b"!" * (40 + n))  # sizes no stored result has
    hashed: list[Path] = []
    monkeypatch.setattr(reading_module, "file_sha256", _hashing_into(hashed))
    dropped = [new_files[0], copy, tmp_path / "missing.pdf", *new_files[1:], tmp_path / "a.pdf"]

    found = store.analysed_files(dropped)

    sha_a = hashlib.sha256(b"%PDF-1.7 report a").hexdigest()
    sha_b = hashlib.sha256(b"%PDF-1.7 report b, longer").hexdigest()
    # In the dropped order; the newest job of each content; the new files never read.
    assert found == [(copy, sha_b, first + 1), (tmp_path / "a.pdf", sha_a, again)]
    assert hashed == [copy, tmp_path / "a.pdf"]
    assert store.analysed_files(dropped, engine_version="another") == []
    assert store.analysed_files(new_files) == []


def test_results_stored_before_sizes_were_kept_are_still_found(
    store: HistoryStore, tmp_path: Path
) -> None:
    job_id = _analysed_file(store, tmp_path / "old.pdf", b"%PDF-1.4 stored by schema 2")
    with store._write.begin() as conn:
        conn.exec_driver_sql("UPDATE documents SET size = NULL")
    found = store.find_result_for_file(tmp_path / "old.pdf")
    assert found is not None and found.job_id == job_id


def test_closing_twice_is_harmless(tmp_path: Path) -> None:
    # The window closes its store as it quits and again when its recorder is destroyed.
    store = HistoryStore(tmp_path / "history.db", origin="app")
    job_id = store.record_queued(tmp_path / "report.pdf")
    store.close()
    store.close()
    again = HistoryStore(tmp_path / "history.db", origin="app")
    try:
        record = again.get_job(job_id)
        assert record is not None and record.state.value == "INTERRUPTED"
    finally:
        again.close()

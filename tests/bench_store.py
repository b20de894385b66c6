"""Benchmark of the history: a stored 10,000-flag result into the flags table, and the History
view opened on 10,000 jobs. Targets: 300 ms each. Not collected by pytest; run it:

    QT_QPA_PLATFORM=offscreen python3 tests/bench_store.py

Each figure is the best of a few runs and is printed next to a baseline measured in the same
process on the same data: the raw json.loads of the stored document, and the raw sqlite3 query
of the listed columns, so a slow machine shows in both numbers and the ratio stays meaningful.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from docflags_gui.store.history import HistoryStore
from docflags_gui.ui.flags_panel import FlagsPanel
from docflags_gui.ui.history_model import PAGE_SIZE
from docflags_gui.ui.history_view import HistoryView
from tests.store.factories import make_result

FLAGS = 10_000
JOBS = 10_000
TARGET_MS = 300.0
RUNS = 5


def best_ms(action: Callable[[], Any], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def big_result() -> dict[str, Any]:
    texts = tuple(
        f"passage {i}: the quick brown fox jumps over the lazy dog near line {i % 40}"
        for i in range(FLAGS)
    )
    result = make_result("big-report.pdf", sha256="b" * 64, texts=texts)
    for i, flag in enumerate(result["flags"]):
        flag["page"] = 1 + i // 40
        flag["source"] = 1 + i % 12
        flag["comment"] = "see the source" if i % 7 == 0 else None
    return result


def seed_jobs(store: HistoryStore, count: int) -> None:
    """`count` finished jobs with three flags each, written in one transaction (fast set-up)."""
    now = time.time()
    with store._write.begin() as conn:
        for i in range(count):
            name = f"thesis-{i:05d}.pdf"
            result = make_result(name, sha256=f"{i:064x}", texts=(f"words {i}", "a", "b"))
            job_id = conn.exec_driver_sql(
                "INSERT INTO jobs (sha256, path, file_name, state, created, started, finished, "
                "engine_version, origin, pages, flag_count, similarity, result_json) VALUES "
                "(NULL, ?, ?, 'SUCCESS', ?, ?, ?, '1', 'cli', 9, 3, 43, ?) RETURNING id",
                (f"/docs/{name}", name, now - i, now - i, now - i, json.dumps(result)),
            ).scalar_one()
            conn.exec_driver_sql(
                "INSERT INTO flags (job_id, n, page, kind, text, ocr) VALUES "
                "(?, 1, 1, 'drawn', ?, 0), (?, 2, 1, 'drawn', 'a', 0), (?, 3, 1, 'drawn', 'b', 0)",
                (job_id, f"words {i}", job_id, job_id),
            )


def line(label: str, ms: float, baseline_ms: float | None = None, target: bool = True) -> None:
    ratio = f"  ({ms / baseline_ms:5.1f}x baseline)" if baseline_ms else ""
    verdict = ("  ok" if ms <= TARGET_MS else "  OVER TARGET") if target else ""
    print(f"  {label:<58} {ms:8.1f} ms{ratio}{verdict}")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        store = HistoryStore(Path(folder) / "history.sqlite3", origin="cli")
        try:
            result = big_result()
            job_id = store.record_queued("/docs/big-report.pdf")
            started = time.perf_counter()
            store.record_finished(job_id, "SUCCESS", result=result)
            record_ms = (time.perf_counter() - started) * 1000
            text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))

            panel = FlagsPanel()
            panel.resize(1000, 700)
            panel.show()

            def load_into_table() -> None:
                stored = store.get_result(job_id)
                assert stored is not None
                panel.set_result(stored)
                app.processEvents()  # the view lays out and paints its first screen

            baseline_json = best_ms(lambda: json.loads(text))
            from_store = best_ms(lambda: store.get_result(job_id))
            loaded = best_ms(load_into_table)
            assert panel.table.model().rowCount() == FLAGS
            print(f"Stored result with {FLAGS:,} flags ({len(text) / 1e6:.1f} MB of JSON):")
            line("baseline: json.loads of the document", baseline_json, target=False)
            line("store.get_result (read + parse)", from_store, baseline_json)
            line("stored result -> flags table (model, proxy, view painted)", loaded, baseline_json)
            line("(once) record_finished: document + 10,000 flag rows", record_ms, target=False)
            panel.close()

            seed_jobs(store, JOBS)
            total = store.count_jobs()
            columns = (
                "id, file_name, path, sha256, state, pages, flag_count, similarity, created, "
                "started, finished, error, engine_version, origin, owner_pid, attempt, log_path"
            )

            def raw_query() -> None:
                conn = sqlite3.connect(store.db_path)
                conn.execute(f"SELECT {columns} FROM jobs ORDER BY created DESC").fetchall()
                conn.close()

            def open_view() -> None:
                view = HistoryView(store)
                view.resize(1000, 600)
                view.show()
                app.processEvents()
                assert view.model.total == total and view.model.rowCount() == PAGE_SIZE
                view.close()
                view.deleteLater()

            def scroll_to_end() -> None:
                view = HistoryView(store)
                view.resize(1000, 600)
                view.show()
                while view.model.canFetchMore():
                    view.model.fetchMore()
                view.table.scrollToBottom()
                app.processEvents()
                assert view.model.rowCount() == total
                view.close()
                view.deleteLater()

            def search_view() -> None:
                view = HistoryView(store)
                view.search_box.setText("words 9999")
                view.refresh()
                assert view.model.rowCount() >= 1
                view.deleteLater()

            baseline_list = best_ms(raw_query)
            listed = best_ms(lambda: store.list_jobs())
            opened = best_ms(open_view)
            searched = best_ms(search_view)
            scrolled = best_ms(scroll_to_end, runs=2)
            print(f"History with {total:,} jobs ({total * 3:,} flag rows):")
            line("baseline: raw sqlite3 SELECT of the listed columns", baseline_list, target=False)
            line("store.list_jobs (all jobs as JobRecords)", listed, baseline_list)
            line("History view opened (query, model, view painted)", opened, baseline_list)
            line("History view searched by flagged text", searched, baseline_list)
            line(
                f"(paging) all {total:,} rows fetched, scrolled to the end",
                scrolled,
                baseline_list,
                target=False,
            )
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

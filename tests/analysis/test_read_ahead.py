"""The read-ahead helper (`analysis/read_ahead.py`, `worker/read_ahead_helper.py`) in real
processes: what it reads gives exactly the result the worker gets alone, a helper killed half-way
changes nothing, none is started where it would not pay, and none is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from docflags_gui.analysis import budget as budgets
from docflags_gui.analysis import page_reading, read_ahead, textlayer
from docflags_gui.analysis.budget import PageBudget
from docflags_gui.analysis.engine import analyze_pdf
from docflags_gui.analysis.errors import AnalysisCancelled
from docflags_gui.analysis.options import AnalysisOptions
from docflags_gui.analysis.page_reading import SpanFields
from docflags_gui.result import ResultDocument
from docflags_gui.worker.launch import read_ahead_command
from tests.bench_engine import build_realistic_report
from tests.pdfbuilder.colored import build_colored_report
from tests.processes import child_pids, wait_until_gone

PAGES = 32  # besides the front page
CROWDED_PAGE = 17  # 0-based: drawn over its budget below
BUDGET = PageBudget(drawings=400)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Drawn marks on every page (`build_realistic_report`), highlight annotations with
    comments, two pages of coloured passages (`build_colored_report`) and one page with more
    shapes than BUDGET allows."""
    folder = tmp_path_factory.mktemp("read-ahead")
    plain = build_realistic_report(folder / "plain.pdf", PAGES - 2)
    doc = pymupdf.open(plain)
    for index in range(1, doc.page_count, 3):
        page = doc[index]
        words = page.get_text("words")
        if len(words) > 40:
            quads = [pymupdf.Rect(w[:4]).quad for w in words[30:36]]
            annot = page.add_highlight_annot(quads)
            annot.set_info(content=f"see source {index}")
            annot.update()
        page.insert_text((72, 800), f"coloured words on page {index}", color=(0.9, 0.1, 0.1))
        page.insert_text((300, 800), "and blue ones", color=(0.1, 0.2, 0.8))
    build_colored_report(folder / "colored.pdf")  # two pages of coloured passages, at the end
    with pymupdf.open(folder / "colored.pdf") as colored:
        doc.insert_pdf(colored)
    crowded = doc[CROWDED_PAGE]
    shape = crowded.new_shape()
    for i in range(500):
        shape.draw_rect(pymupdf.Rect(10 + i % 50, 10 + i // 50, 11 + i % 50, 11 + i // 50))
        shape.finish(fill=(0.5, 0.5, 0.5))  # a path of its own
    shape.commit()
    path = folder / "report.pdf"
    doc.save(path)
    doc.close()
    return path


def _options(processes: int) -> AnalysisOptions:
    return AnalysisOptions(
        ocr=False,
        ocr_processes=processes,
        read_ahead_command=tuple(read_ahead_command()),
        budget=BUDGET,
    )


class _Watch:
    """Wraps `ReadAhead.take`: counts the pages taken from the helper and, before the first
    page, waits for the helper as `before_first` says (so that tests do not depend on timing)."""

    def __init__(self, before_first: Any = None) -> None:
        self.taken: list[int] = []
        self.asked: list[int] = []
        self.helpers: list[read_ahead.ReadAhead] = []
        self._before_first = before_first

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = read_ahead.ReadAhead.take

        def take(ahead: read_ahead.ReadAhead, index: int) -> Any:
            if not self.asked:
                self.helpers.append(ahead)
                if self._before_first is not None:
                    self._before_first(ahead)
            self.asked.append(index)
            data = original(ahead, index)
            if data is not None:
                self.taken.append(index)
            return data

        monkeypatch.setattr(read_ahead.ReadAhead, "take", take)


def _wait_for_all_pages(ahead: read_ahead.ReadAhead) -> None:
    """Until the helper has sent every page it reads and ended."""
    deadline = time.monotonic() + 60
    while ahead._reading and time.monotonic() < deadline:
        ahead._receive()
        time.sleep(0.01)
    assert not ahead._reading, "the helper did not finish in 60 s"


def _kill_after_some_pages(ahead: read_ahead.ReadAhead) -> None:
    """Once the helper has sent a few pages, SIGKILL it mid-way through the document."""
    deadline = time.monotonic() + 60
    while len(ahead._held) < 3 and time.monotonic() < deadline:
        ahead._receive()
        time.sleep(0.002)
    assert ahead._process is not None, "the helper ended before it could be killed"
    assert isinstance(ahead._process, subprocess.Popen)  # started from read_ahead_command
    os.kill(ahead._process.pid, signal.SIGKILL)


@pytest.fixture
def alone(report: Path) -> ResultDocument:
    return analyze_pdf(report, _options(1)).to_dict()


def test_pages_read_ahead_give_the_same_result(
    report: Path, alone: ResultDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    watch = _Watch(_wait_for_all_pages)
    watch.install(monkeypatch)
    checked: list[int] = []
    check_content = budgets.check_content

    def counted(page: pymupdf.Page, budget: PageBudget) -> None:
        checked.append(page.number)
        check_content(page, budget)

    monkeypatch.setattr(budgets, "check_content", counted)
    spans_read: list[int] = []  # pages whose spans the worker extracted itself
    span_fields = page_reading.span_fields

    def extracted(textpage: pymupdf.TextPage) -> list[SpanFields]:
        assert textpage.parent is not None
        spans_read.append(textpage.parent.number)
        return span_fields(textpage)

    monkeypatch.setattr(textlayer, "span_fields", extracted)
    helped = analyze_pdf(report, _options(2)).to_dict()
    assert helped == alone
    # The helper read all pages from the first (it starts before the engine asks for them)
    # but the crowded one.
    assert watch.taken == [i for i in range(PAGES + 1) if i != CROWDED_PAGE]
    # The worker checks the budgets of the pages it reads itself only: the helper has checked
    # the others, and the crowded page's warning is the worker's, as it was alone.
    assert sorted(checked) == sorted(set(watch.asked) - set(watch.taken))
    # Pages with coloured text (every third, and the last two) came with their spans: the
    # worker extracted none (the crowded page has no coloured text).
    assert spans_read == []
    assert any("too complex" in w and f"page {CROWDED_PAGE + 1}:" in w for w in alone["warnings"])
    assert {f["kind"] for f in alone["flags"]} == {"drawn", "highlight", "colored-text"}
    assert child_pids() == []


def test_a_helper_killed_half_way_changes_nothing(
    report: Path, alone: ResultDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    watch = _Watch(_kill_after_some_pages)
    watch.install(monkeypatch)
    helped = analyze_pdf(report, _options(2)).to_dict()
    assert helped == alone
    assert 0 < len(watch.taken) < PAGES
    assert child_pids() == []


@pytest.mark.parametrize("processes, pages", [(1, PAGES + 1), (2, read_ahead.MIN_PAGES - 1)])
def test_no_helper_for_one_process_or_a_short_document(
    tmp_path: Path, report: Path, processes: int, pages: int
) -> None:
    path = report
    if pages < PAGES + 1:
        path = build_realistic_report(tmp_path / "short.pdf", pages - 1)
    seen: list[int] = []
    analyze_pdf(path, _options(processes), progress=lambda *_: seen.extend(child_pids()))
    assert seen == []


def test_no_helper_left_after_a_cancel(report: Path) -> None:
    children: list[int] = []
    calls = iter(range(10_000))

    def should_stop() -> bool:
        children.extend(child_pids())
        return next(calls) >= 12

    with pytest.raises(AnalysisCancelled):
        analyze_pdf(report, _options(2), should_stop=should_stop)
    assert children, "no helper was started"
    assert wait_until_gone(children) == []
    assert child_pids() == []


def test_the_helper_loads_no_engine() -> None:
    code = (
        "import sys, docflags_gui.worker.read_ahead_helper; "
        "print(sorted(m for m in sys.modules if m.startswith('docflags_gui.analysis')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == str(
        [
            "docflags_gui.analysis",
            "docflags_gui.analysis.budget",
            "docflags_gui.analysis.page_reading",
            "docflags_gui.analysis.read_ahead",
        ]
    )


def _frames(stream: Any) -> Iterator[tuple[int, int]]:
    while head := stream.read(read_ahead.FRAME.size):
        index, length = read_ahead.FRAME.unpack(head)
        stream.read(length)
        yield index, length


def test_the_helper_reads_past_the_worker(report: Path) -> None:
    """The helper's own process: pages from a few past the worker's position to the last, an
    empty frame for the page over budget; then it exits."""
    helper = subprocess.Popen(read_ahead_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert helper.stdin is not None and helper.stdout is not None
    read_ahead.send_message(helper.stdin, str(report))
    read_ahead.send_message(helper.stdin, BUDGET)
    helper.stdin.write(read_ahead.POSITION.pack(9))  # there before the helper has started
    helper.stdin.flush()
    frames = dict(_frames(helper.stdout))
    assert helper.wait(10) == 0
    assert sorted(frames) == list(range(9 + read_ahead.SKIP_AHEAD, PAGES + 1))
    assert frames[CROWDED_PAGE] == 0
    assert all(length > 0 for index, length in frames.items() if index != CROWDED_PAGE)


def test_the_helper_ends_with_its_input(report: Path) -> None:
    helper = subprocess.Popen(read_ahead_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert helper.stdin is not None and helper.stdout is not None
    read_ahead.send_message(helper.stdin, str(report))
    read_ahead.send_message(helper.stdin, BUDGET)
    helper.stdin.close()
    frames = dict(_frames(helper.stdout))
    assert helper.wait(10) == 0
    assert len(frames) <= 1  # at most the page it was reading when the input ended


@pytest.mark.parametrize(
    ("looks", "free"),
    [
        ([1], True),  # this worker alone
        ([9, 9, 2], True),  # a moment's crowd, then a core idle again
        ([9, 9, 9], False),  # busy throughout: no helper
    ],
)
def test_a_core_is_free_when_one_look_finds_it_idle(
    monkeypatch: pytest.MonkeyPatch, looks: list[int], free: bool
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    seen = iter(looks)
    monkeypatch.setattr(read_ahead, "running_tasks", lambda: next(seen))
    assert read_ahead.core_free() is free


def test_without_a_running_count_the_load_average_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(read_ahead, "running_tasks", lambda: None)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.2, 1.0, 1.0))
    assert read_ahead.core_free()
    monkeypatch.setattr(os, "getloadavg", lambda: (1.8, 1.0, 1.0))
    assert not read_ahead.core_free()


def test_the_helper_reads_from_the_first_page_before_the_engine_takes_it(report: Path) -> None:
    """Started with the path and the budgets at once, the helper reads while the worker is
    still loading the engine: the first pages are there before `begin`."""
    ahead = read_ahead.start(read_ahead_command(), report, BUDGET)
    assert ahead is not None
    try:
        deadline = time.monotonic() + 60
        while 0 not in ahead._held and ahead._reading and time.monotonic() < deadline:
            ahead._receive()
            time.sleep(0.005)
        ahead.begin(BUDGET)
        assert ahead.take(0) is not None
    finally:
        ahead.close()


def test_a_helper_started_for_other_budgets_is_ended_when_the_engine_begins(
    report: Path,
) -> None:
    ahead = read_ahead.prestart(read_ahead_command(), report, processes=2)  # default budgets
    assert ahead is not None
    process = ahead._process
    assert process is not None
    ahead.begin(BUDGET)
    assert ahead._process is None and process.poll() is not None
    assert ahead.take(0) is None
    ahead.close()


def test_a_helper_started_for_the_default_budgets_serves_them(report: Path) -> None:
    ahead = read_ahead.prestart(read_ahead_command(), report, processes=2)
    assert ahead is not None
    try:
        ahead.begin(PageBudget())
        assert ahead._process is not None
        _wait_for_all_pages(ahead)
        assert ahead.take(0) is not None
    finally:
        ahead.close()


def test_a_prestarted_helper_the_engine_does_not_use_ends_before_the_first_page(
    tmp_path: Path, report: Path
) -> None:
    """A damaged file's pages are read by the worker alone: a helper started for it (which
    reads from the start) is ended before the worker reads its first page."""
    data = report.read_bytes()
    start = data.rindex(b"startxref")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(data[:start] + b"startxref\n12345\n%%EOF\n")  # a wrong xref offset
    ahead = read_ahead.prestart(read_ahead_command(), damaged, processes=2)
    assert ahead is not None
    states: list[bool] = []
    options = AnalysisOptions(
        ocr=False, ocr_processes=2, read_ahead_command=tuple(read_ahead_command())
    )
    result = analyze_pdf(
        damaged, options, progress=lambda *_: states.append(ahead._process is None), helper=ahead
    )
    assert result.flags and any("damaged" in w or "repaired" in w for w in result.warnings)
    assert states and all(states)
    assert child_pids() == []

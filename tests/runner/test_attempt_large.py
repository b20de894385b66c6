"""Large result lines are parsed one at a time, whatever the number of reading threads, and
kept out of later garbage collections: the threads share one interpreter lock with the app's
GUI thread, and each extra thread wanting it (or a collection holding it) makes the GUI wait."""

from __future__ import annotations

import gc
import threading
import time
from typing import Any

import pytest

from docflags_gui.runner import attempt
from docflags_gui.runner.attempt import QuietListener
from docflags_gui.runner.heap import kept_out_of_the_collector
from docflags_gui.runner.line_parser import LARGE_LINE_BYTES, parse_protocol_line
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.worker import protocol
from tests.store.factories import bare_flag, bare_result


def _result_line(n_flags: int) -> bytes:
    text = "a flagged passage of some length " * 3
    flags = [bare_flag(n + 1, text, color="#ffff00") for n in range(n_flags)]
    return protocol.encode(protocol.result(bare_result(flags=flags)))


def test_large_result_lines_are_parsed_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    line = _result_line(3_000)
    assert len(line) >= LARGE_LINE_BYTES
    inside = 0
    most = 0
    count = threading.Lock()

    def slow_parse(data: bytes, in_pieces: bool = True) -> Any:
        nonlocal inside, most
        with count:
            inside += 1
            most = max(most, inside)
        time.sleep(0.02)  # long enough for the other threads to arrive meanwhile
        try:
            return parse_protocol_line(data, in_pieces)
        finally:
            with count:
                inside -= 1

    monkeypatch.setattr(attempt, "parse_protocol_line", slow_parse)
    outcomes = [WorkerOutcome() for _ in range(4)]
    threads = [
        threading.Thread(target=attempt._handle_line, args=(line, QuietListener(), "t", o))
        for o in outcomes
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert most == 1
    assert all(o.result is not None and len(o.result["flags"]) == 3_000 for o in outcomes)


def test_small_lines_do_not_wait_for_a_large_one(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def held_parse(data: bytes, in_pieces: bool = True) -> Any:
        if len(data) >= LARGE_LINE_BYTES:
            release.wait(30)
        return parse_protocol_line(data, in_pieces)

    monkeypatch.setattr(attempt, "parse_protocol_line", held_parse)
    big = threading.Thread(
        target=attempt._handle_line,
        args=(_result_line(3_000), QuietListener(), "big", WorkerOutcome()),
    )
    big.start()
    try:
        small = WorkerOutcome()
        progress = protocol.encode(
            {"v": 1, "type": "error", "code": "bad-input", "message": "not a PDF"}
        )
        attempt._handle_line(progress, QuietListener(), "small", small)
        assert small.error_message == "not a PDF"  # handled while the big one is held
    finally:
        release.set()
        big.join(30)


def test_a_large_result_is_kept_out_of_later_garbage_collections() -> None:
    """A full collection walks every tracked object with the interpreter lock held: results
    parsed before must not be walked again each time another one is parsed."""
    frozen_before = gc.get_freeze_count()
    outcome = WorkerOutcome()
    attempt._handle_line(_result_line(3_000), QuietListener(), "t", outcome)
    assert outcome.result is not None and gc.isenabled()
    # Each flag is a dict and its rect a list: both in the permanent generation now.
    assert gc.get_freeze_count() >= frozen_before + 2 * 3_000


def test_a_paused_collector_stays_paused() -> None:
    gc.disable()
    try:
        with kept_out_of_the_collector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

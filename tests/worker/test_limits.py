"""The worker's memory cap: sizes as the option reads them, and the watch that ends a run."""

from __future__ import annotations

import threading
import time

import pytest

from docflags_gui.worker.limits import MemoryWatch, address_space
from docflags_gui.worker.option_values import GIB, MIB, format_size, parse_memory_size


@pytest.mark.parametrize(
    ("text", "size"),
    [("2G", 2 * GIB), ("1536M", 1536 * MIB), ("2GiB", 2 * GIB), ("700MB", 700 * MIB),
     ("2048", 2048 * MIB), ("1.5g", int(1.5 * GIB))],
)  # fmt: skip
def test_sizes(text: str, size: int) -> None:
    assert parse_memory_size(text) == size


@pytest.mark.parametrize("text", ["", "lots", "-1G", "2X", "100M", "0"])
def test_bad_or_too_small_sizes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_memory_size(text)


def test_sizes_read_back() -> None:
    assert format_size(2 * GIB) == "2 GB"
    assert format_size(int(1.5 * GIB)) == "1.5 GB"
    assert format_size(300 * MIB) == "300 MB"


@pytest.mark.skipif(address_space() is None, reason="reads /proc/self/statm (Linux)")
def test_the_watch_fires_once_past_its_threshold() -> None:
    fired = threading.Event()
    calls = []

    def exceeded() -> None:
        calls.append(1)
        fired.set()

    watch = MemoryWatch(1, exceeded, interval=0.005)  # any process is past 1 byte
    watch.start()
    assert fired.wait(5)
    watch.stop()
    assert calls == [1]


@pytest.mark.skipif(address_space() is None, reason="reads /proc/self/statm (Linux)")
def test_stopping_waits_for_the_watch_that_is_ending_the_process() -> None:
    # The engine may finish while the watch is sending its terminal message: stop() must not
    # return (and let the worker exit with the engine's code) before the watch is done.
    entered = threading.Event()
    order: list[str] = []

    def exceeded() -> None:
        entered.set()
        time.sleep(0.2)  # writing the message; the real one then ends the process
        order.append("watch done")

    watch = MemoryWatch(1, exceeded, interval=0.005)
    watch.start()
    assert entered.wait(5)
    watch.stop()
    order.append("stopped")
    assert order == ["watch done", "stopped"]


@pytest.mark.skipif(address_space() is None, reason="reads /proc/self/statm (Linux)")
def test_a_watch_stopped_first_never_fires() -> None:
    calls: list[int] = []
    watch = MemoryWatch(1, lambda: calls.append(1), interval=0.05)
    watch.start()
    watch.stop()
    time.sleep(0.15)
    assert calls == []

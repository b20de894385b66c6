"""Big results and Python's cyclic garbage collector.

A docflags/1 result is JSON: dicts, lists and strings without reference cycles, freed by
reference counting when dropped. But each of its flags is two containers the collector tracks,
and a full collection walks every tracked object alive, with the interpreter lock held: with a
dozen 10,000-flag results in memory, the collections that parsing the next result triggered
took 67-196 ms on a pool thread, and the app's GUI thread stood still for as long (measured
with `python -m tests.bench_gui --large 10000 --repeat 3`). So a big result is parsed with the
collector paused and then frozen (`gc.freeze`): no later collection walks it again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def kept_out_of_the_collector() -> Iterator[None]:
    """Pause automatic collections while the block runs, then move what is alive into the
    collector's permanent generation.

    The youngest generation is collected first (a few hundred objects), so what a freeze
    keeps from ever being collected is at most the cyclic garbage that had already survived a
    collection: little, in an app whose big data has no cycles. The block must run on one
    thread at a time (the caller's lock), since pausing the collector is process-wide.
    """
    enabled = gc.isenabled()
    gc.collect(0)
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()

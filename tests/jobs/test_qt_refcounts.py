"""The installed PySide6 keeps Python's reference counts straight (6.12.0 did not, see below).

PySide6 6.12.0 returned None / True from void calls and `Signal.emit()` without taking a
reference, so on Python 3.11 (where None and True are not immortal) every such call brought the
process closer to "Fatal Python error: none_dealloc". A job manager makes thousands of such
calls an hour; this test fails fast instead of the app dying at random.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Emitter(QObject):
    ping = Signal(str)


def test_void_calls_and_emits_do_not_drop_references_to_none_or_true() -> None:
    emitter = _Emitter()
    received: list[str] = []
    emitter.ping.connect(received.append)
    timer = QTimer()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(100):
        timer.setInterval(10)
        emitter.ping.emit("x")
    # Slack for unrelated references taken or dropped meanwhile; the bug loses exactly 100.
    assert sys.getrefcount(None) > none_before - 50
    assert sys.getrefcount(True) > true_before - 50
    assert len(received) == 100

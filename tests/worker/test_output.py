"""The worker's protocol writer: one terminal message, whoever sends it first (the engine,
or the memory watch from its own thread)."""

from __future__ import annotations

import io

from docflags_gui.worker import protocol
from docflags_gui.worker.output import ProtocolWriter


def written(stream: io.BytesIO) -> list[str]:
    return [str(m["type"]) for m in map(protocol.parse_line, stream.getvalue().splitlines()) if m]


def test_after_the_engines_terminal_message_the_watch_writes_nothing() -> None:
    stream = io.BytesIO()
    writer = ProtocolWriter(stream)
    writer.send(protocol.progress(1, 2, "reading", "Page 2/2"))
    writer.send_encoded(protocol.encode(protocol.error("bad-input", "not a PDF")), last=True)
    assert writer.send_last(protocol.error("too-complex", "page 2")) is False
    writer.send(protocol.progress(2, 2, "done", "Done"))
    assert written(stream) == ["progress", "error"]


def test_a_terminal_message_sent_as_a_message_ends_the_stream_too() -> None:
    stream = io.BytesIO()
    writer = ProtocolWriter(stream)
    writer.send(protocol.error("cancelled", "stopped on request"))
    assert writer.send_last(protocol.error("too-complex", "page 1")) is False
    assert written(stream) == ["error"]


def test_after_the_watchs_last_word_the_engines_result_is_not_written() -> None:
    stream = io.BytesIO()
    writer = ProtocolWriter(stream)
    assert writer.send_last(protocol.error("too-complex", "page 1")) is True
    writer.send_encoded(b'{"v":1,"type":"result","result":{}}\n', last=True)
    assert written(stream) == ["error"]

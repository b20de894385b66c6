"""Protocol v1 messages, the line parser, and the progress throttle, in-process."""

from __future__ import annotations

import io
import json
import threading

import pytest

from docflags_gui.worker import protocol
from docflags_gui.worker.output import ProgressThrottle, ProtocolWriter
from tests.store.factories import bare_result

EMPTY_RESULT = bare_result()


def test_every_message_carries_version_and_type_and_round_trips() -> None:
    messages = [
        protocol.hello(42, "0.1.0", "1"),
        protocol.progress(3, 10, "OCR", "Page 4/10: OCR"),
        protocol.log("warning", "über-long ünïcode line"),
        protocol.result(EMPTY_RESULT),
        protocol.error("bad-input", "not a PDF file"),
    ]
    for message in messages:
        line = protocol.encode(message)
        assert line.endswith(b"\n") and line.count(b"\n") == 1
        line.decode("ascii")  # ASCII-only: no console encoding can garble it
        assert protocol.parse_line(line) == message
        assert message["v"] == 1 and isinstance(message["type"], str)


def test_terminal_messages_are_result_and_error_only() -> None:
    assert protocol.is_terminal(protocol.result(EMPTY_RESULT))
    assert protocol.is_terminal(protocol.error("internal", "x"))
    assert not protocol.is_terminal(protocol.progress(0, 1, "reading", ""))
    assert not protocol.is_terminal(protocol.hello(1, "v", "1"))


def test_error_codes_map_to_exit_codes() -> None:
    assert protocol.ERROR_CODES == {
        "usage": 2,
        "bad-input": 3,
        "internal": 4,
        "cancelled": 5,
        "too-complex": 6,
    }
    with pytest.raises(ValueError):
        protocol.error("oops", "unknown code")


@pytest.mark.parametrize(
    "line",
    [
        b"",
        b"\n",
        b"garbage from a library\n",
        b"\xff\xfe not utf-8\n",
        b"[1, 2]\n",
        b'{"type": "progress"}\n',  # no version
        b'{"v": 2, "type": "progress"}\n',  # another protocol version
        b'{"v": 1, "type": 7}\n',
        b'{"v": 1, "type": "progress"',  # half a line
    ],
)
def test_parse_line_returns_none_for_anything_but_a_v1_object(line: bytes) -> None:
    assert protocol.parse_line(line) is None


def test_parse_line_accepts_str_and_unknown_types() -> None:
    assert protocol.parse_line('{"v":1,"type":"flag","id":3}') == {"v": 1, "type": "flag", "id": 3}


def test_stage_is_read_from_the_engine_message() -> None:
    assert protocol.stage_of("Page 15/35: OCR") == "OCR"
    assert protocol.stage_of("Page 1/3: reading") == "reading"
    assert protocol.stage_of("Done") == "reading"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _sent(buffer: io.BytesIO) -> list[protocol.Message]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_throttle_sends_first_and_last_and_at_most_every_interval() -> None:
    buffer = io.BytesIO()
    clock = FakeClock()
    throttle = ProgressThrottle(ProtocolWriter(buffer), interval=0.1, clock=clock)
    throttle.update(0, 300, "Page 1/300: reading")
    for page in range(1, 300):
        clock.now += 0.001  # 1 ms a page: 300 pages in 0.3 s
        throttle.update(page, 300, f"Page {page + 1}/300: reading")
    throttle.update(300, 300, "Done")
    throttle.close()
    sent = _sent(buffer)
    assert sent[0]["done"] == 0
    assert sent[-1] == {
        "v": 1,
        "type": "progress",
        "done": 300,
        "total": 300,
        "stage": "done",
        "message": "Done",
    }
    assert len(sent) <= 2 + 0.3 / 0.1 + 1
    dones = [m["done"] for m in sent]
    assert dones == sorted(dones)


def test_throttle_delivers_a_held_back_update_when_nothing_newer_comes() -> None:
    buffer = io.BytesIO()
    throttle = ProgressThrottle(ProtocolWriter(buffer), interval=0.05)
    throttle.update(0, 10, "Page 1/10: reading")
    throttle.update(1, 10, "Page 2/10: OCR")  # too soon: held back, then sent by the timer
    flushed = threading.Event()
    for _ in range(100):
        if len(_sent(buffer)) == 2:
            flushed.set()
            break
        threading.Event().wait(0.01)
    throttle.close()
    assert flushed.is_set()
    assert _sent(buffer)[1]["stage"] == "OCR"


def test_throttle_sends_nothing_after_close() -> None:
    buffer = io.BytesIO()
    throttle = ProgressThrottle(ProtocolWriter(buffer), interval=10)
    throttle.update(0, 10, "Page 1/10: reading")
    throttle.update(1, 10, "Page 2/10: reading")
    throttle.close()
    throttle.update(10, 10, "Done")
    assert len(_sent(buffer)) == 1

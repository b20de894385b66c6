"""Big result lines parsed in pieces give exactly what the plain parser gives; the command
line, with no GUI thread to keep running, parses them at once."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from docflags_gui.runner.attempt import LocalAttempt
from docflags_gui.runner.batch import Batch, BatchOptions
from docflags_gui.runner.executor import LocalExecutor
from docflags_gui.runner.line_parser import LARGE_LINE_BYTES, parse_protocol_line
from docflags_gui.runner.spec import ANALYZE, JobSpec
from docflags_gui.worker import protocol


def _document(n_flags: int, **extra: Any) -> dict[str, Any]:
    flags = [
        {"id": i, "page": 1, "kind": "highlight", "text": f'passage [{i}], "q"', "rect": [1, 2]}
        for i in range(n_flags)
    ]
    return {"schema": "docflags/1", "file": "a.pdf", "sources": [], "flags": flags, **extra}


def _line(document: Any) -> bytes:
    """A result message around `document`, which need not be a docflags/1 document (so it is
    typed Any): the line parser does not look inside it."""
    return protocol.encode(protocol.result(document))


def test_a_big_result_parses_to_the_same_message() -> None:
    line = _line(_document(20_000, warnings=["w"]))
    assert len(line) > LARGE_LINE_BYTES
    assert parse_protocol_line(line) == protocol.parse_line(line)


def test_flags_with_spaces_and_no_flags_parse_too() -> None:
    spaced = json.dumps({"v": 1, "type": "result", "result": _document(9000)}, indent=1)
    line = ("".join(spaced.splitlines()) + " " * LARGE_LINE_BYTES + "\n").encode()
    assert parse_protocol_line(line) == protocol.parse_line(line)
    empty = _line({"flags": [], "padding": "x" * LARGE_LINE_BYTES})
    assert parse_protocol_line(empty) == protocol.parse_line(empty)


def test_a_nested_flags_key_falls_back_to_the_plain_parser() -> None:
    document = {"sources": [{"flags": [1, 2]}], "flags": [{"id": 1}], "pad": "x" * LARGE_LINE_BYTES}
    line = _line(document)
    message = parse_protocol_line(line)
    assert message is not None and message["result"] == document


@pytest.mark.parametrize(
    "line",
    [
        b'{"v":1,"type":"result","result":{"flags":[{"id":1},' + b" " * LARGE_LINE_BYTES + b"\n",
        b'{"v":2,"type":"result","result":{"flags":[]},"pad":"' + b"x" * LARGE_LINE_BYTES + b'"}\n',
    ],
)
def test_broken_or_foreign_big_lines_are_not_messages(line: bytes) -> None:
    assert parse_protocol_line(line) is None


def test_without_a_gui_thread_a_big_result_is_parsed_at_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(time, "sleep", pauses.append)
    line = _line(_document(5_000))
    assert parse_protocol_line(line, in_pieces=False) == protocol.parse_line(line)
    assert pauses == []
    assert parse_protocol_line(line) == protocol.parse_line(line) and pauses  # the app's way
    # The command line's batches parse at once; the app's executor keeps the pieces.
    spec = JobSpec(ANALYZE, tmp_path / "a.pdf")
    batch = Batch([tmp_path / "a.pdf"], BatchOptions())
    cli_attempt = batch._executor.attempt(spec, tmp_path / "a.log", "1")
    assert isinstance(cli_attempt, LocalAttempt) and not cli_attempt.in_pieces
    assert LocalExecutor().attempt(spec, tmp_path / "b.log", "1").in_pieces

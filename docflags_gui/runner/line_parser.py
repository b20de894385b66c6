"""Protocol lines to messages, parsing a big result's flags in pieces so the GUI keeps running.

`json.loads` holds the GIL for the whole line: for a result with 100,000 flags that freezes the
GUI thread for most of a second while a pool thread parses. A big result line is parsed one
flag at a time instead (the interpreter hands the GIL over between them), then the rest of
the document with a placeholder where the flags were. Anything unexpected falls back to the
plain parser, so the outcome is always the same as `protocol.parse_line`. A process without a
GUI thread (the command line) parses every line at once: 1.7 ms instead of 7.2 ms for a
900-flag result.
"""

from __future__ import annotations

import json
import re
import time

from docflags_gui.worker import protocol

# Below this size a line parses in a few milliseconds: not worth the piecework.
LARGE_LINE_BYTES = 256 * 1024
# Flags parsed between two short pauses. While this thread sleeps the GUI thread takes the
# interpreter lock at once, instead of waiting for a forced switch (5 ms) behind every other
# thread that wants it; a pause after each 200 flags costs ~50 ms on a 10,000-flag result.
FLAGS_PER_PIECE = 200
PAUSE_S = 0.001

_FLAGS_KEY = '"flags":'
_PLACEHOLDER = "\x00docflags:flags\x00"
_PLACEHOLDER_JSON = json.dumps(_PLACEHOLDER)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_decoder = json.JSONDecoder()


def parse_protocol_line(line: bytes, in_pieces: bool = True) -> protocol.Message | None:
    """The v1 message on one whole line, or None (see `protocol.parse_line`); a big result
    line is parsed in pieces unless `in_pieces` is False."""
    if in_pieces and len(line) >= LARGE_LINE_BYTES and b'"result"' in line:
        try:
            return _parse_result_in_pieces(line.decode("utf-8"))
        except (ValueError, IndexError):
            pass  # not the shape we expected: let the plain parser judge it
    return protocol.parse_line(line)


def _skip_whitespace(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


def _parse_result_in_pieces(text: str) -> protocol.Message:
    key = text.index(_FLAGS_KEY)
    opening = _skip_whitespace(text, key + len(_FLAGS_KEY))
    if text[opening] != "[":
        raise ValueError("flags is not an array")
    flags: list[object] = []
    index = _skip_whitespace(text, opening + 1)
    if text[index] != "]":
        while True:
            flag, index = _decoder.raw_decode(text, index)
            flags.append(flag)
            if len(flags) % FLAGS_PER_PIECE == 0:
                time.sleep(PAUSE_S)  # let the GUI thread run now, not only at the next switch
            index = _skip_whitespace(text, index)
            if text[index] == "]":
                break
            if text[index] != ",":
                raise ValueError("malformed flags array")
            index = _skip_whitespace(text, index + 1)
    rest = text[:opening] + _PLACEHOLDER_JSON + text[index + 1 :]
    message = protocol.parse_line(rest)
    document = message.get("result") if message is not None else None
    if message is None or not isinstance(document, dict):
        raise ValueError("not a result message")
    if document.get("flags") != _PLACEHOLDER:
        raise ValueError("the flags array was not the document's own")
    document["flags"] = flags
    return message

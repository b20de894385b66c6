"""Text from files (names, flagged passages, comments) made safe to show: in a terminal and in
a widget, a control character is written as an escape, never sent.

A file named "\\x1b[2J.pdf" must not clear the user's screen when `docflags analyze` names it,
OSC sequences must not retitle the terminal, a newline must not split a one-line message, BEL
must not ring from a table cell, and bidirectional overrides must not make a name read as
another. Names that are not valid UTF-8 arrive as lone surrogates (Python's surrogateescape);
they are shown as the bytes they stand for ("\\xff"), since printing them would fail.

No Qt here: the CLI and the window both use it.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

# C0 controls, DEL, C1 controls; line and paragraph separators; bidirectional embeddings,
# overrides and isolates; lone surrogates (undecodable bytes of a file name).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_KEEPING_LINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character written as an escape ("\\x1b", "\\n", "\\u202e").

    `keep_newlines` leaves line breaks alone (multi-line comments in a widget)."""
    pattern = _UNSAFE_KEEPING_LINES if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text)


def printable_path(path: os.PathLike[str] | str) -> str:
    """A path as a user may be shown it, whatever bytes its name is made of."""
    return printable(os.fspath(path))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_json(value: Any, *, indent: int | None = 2) -> str:
    """JSON for a terminal: UTF-8 text stays readable, but characters a terminal would act on
    are written as \\u escapes (JSON escapes C0 controls itself), so the output is still the
    same JSON value."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

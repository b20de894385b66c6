"""JSON text for people: exactly what `json.dumps(value, ensure_ascii=False, indent=2)` writes,
in a little over half its time.

With an indent, `json.dumps` leaves its C encoder for the pure-Python one, a chain of generators:
27-36 ms for a 300-page report's result (tests/bench_cli.py reports, a slow machine), paid by
every `docflags analyze --format json` between its worker's result and its exit; 15-20 ms here.
Each container is one loop and each scalar is written by the functions json uses (the C string
encoder, float and int `__repr__`). Anything json would write differently from a plain
dict/list/str/int/float/bool/None tree (keys that are not str, tuples, subclasses such as
IntEnum, a cycle) is handed to `json.dumps` itself, so its output, or its error, is the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring  # the C version where there is one, as json's own
from typing import Any

_float_repr = float.__repr__
_int_repr = int.__repr__


class _NotPlain(Exception):
    """A value this module does not write itself: json.dumps writes the whole document."""


def indented_json(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, the same text."""
    parts: list[str] = []
    try:
        _write(value, "\n", parts)
    except (_NotPlain, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(parts)


def _float_text(value: float) -> str:
    text = _float_repr(value)
    return _FLOAT_WORDS.get(text, text)


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def _null_text(_value: None) -> str:
    return "null"


# json's words for what float.__repr__ writes otherwise (allow_nan, as json.dumps's default).
_FLOAT_WORDS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}
# How json writes each scalar type (exactly these types: subclasses go to json.dumps).
_SCALAR_TEXT: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: _int_repr,
    float: _float_text,
    bool: _bool_text,
    type(None): _null_text,
}


def _scalar(value: Any) -> str:
    text = _SCALAR_TEXT.get(type(value))
    if text is None:
        raise _NotPlain
    return text(value)


def _write(value: Any, newline: str, parts: list[str]) -> None:
    """Append `value` to `parts`; `newline` is a line break and the current indentation."""
    kind = type(value)
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            text = _SCALAR_TEXT.get(type(item))
            if text is not None:
                parts.append(separator + encode_basestring(key) + ": " + text(item))
            else:
                parts.append(separator + encode_basestring(key) + ": ")
                _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif kind is list:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            text = _SCALAR_TEXT.get(type(item))
            if text is not None:
                parts.append(separator + text(item))
            else:
                parts.append(separator)
                _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        parts.append(_scalar(value))

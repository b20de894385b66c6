"""Worker protocol v1: the JSON-lines messages a worker writes on stdout, and their parser.

Every message is one JSON object on one line, with `"v": 1` and a `"type"`:

    hello     {pid, version, engine}             first line, as soon as the worker runs
    progress  {done, total, stage, message}      pages done of total; stage e.g. "OCR"
    log       {level, message}                   level: debug|info|warning|error
    result    {result}                           terminal: the docflags/1 document
    error     {code, message}                    terminal: code is one of ERROR_CODES

Exactly one terminal message ends a successful or failed run. Readers ignore unknown types
(`flag` streaming may come later) and treat a line that is not a v1 object as noise to log.
This module has no dependencies beyond the standard library, so the jobs layer can import it.
"""

from __future__ import annotations

import json
from typing import Any, Final

from docflags_gui.result import ResultDocument

PROTOCOL_VERSION: Final = 1

HELLO: Final = "hello"
PROGRESS: Final = "progress"
LOG: Final = "log"
RESULT: Final = "result"
ERROR: Final = "error"
TERMINAL_TYPES: Final = frozenset({RESULT, ERROR})

# Exit codes, paired with the `code` of the terminal error message.
EXIT_OK: Final = 0
EXIT_USAGE: Final = 2  # error code "usage": bad worker arguments (a bug in the caller)
EXIT_BAD_INPUT: Final = 3  # error code "bad-input": not a PDF, encrypted, damaged beyond repair
EXIT_INTERNAL: Final = 4  # error code "internal": a bug in the engine; traceback on stderr
EXIT_CANCELLED: Final = 5  # error code "cancelled": stopped on request (SIGTERM or stop file)
# error code "too-complex": the document needs more memory than the worker's cap allows
EXIT_TOO_COMPLEX: Final = 6

ERROR_CODES: Final = {
    "usage": EXIT_USAGE,
    "bad-input": EXIT_BAD_INPUT,
    "internal": EXIT_INTERNAL,
    "cancelled": EXIT_CANCELLED,
    "too-complex": EXIT_TOO_COMPLEX,
}

Message = dict[str, Any]


def _message(kind: str, **fields: Any) -> Message:
    return {"v": PROTOCOL_VERSION, "type": kind, **fields}


def hello(pid: int, version: str, engine: str) -> Message:
    return _message(HELLO, pid=pid, version=version, engine=engine)


def progress(done: int, total: int, stage: str, message: str) -> Message:
    return _message(PROGRESS, done=done, total=total, stage=stage, message=message)


def log(level: str, message: str) -> Message:
    return _message(LOG, level=level, message=message)


def result(document: ResultDocument) -> Message:
    return _message(RESULT, result=document)


def error(code: str, message: str) -> Message:
    if code not in ERROR_CODES:
        raise ValueError(f"unknown error code {code!r}")
    return _message(ERROR, code=code, message=message)


def encode(message: Message) -> bytes:
    """One protocol line, newline-terminated. ASCII-only JSON, so no console encoding matters."""
    return json.dumps(message, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def parse_line(line: bytes | str) -> Message | None:
    """The v1 message on one line, or None when the line is not one (blank, garbage, other v).

    Pass whole lines only (as read by `readline()`); the trailing newline is optional.
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            return None
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        decoded = json.loads(line)
    except ValueError:
        return None
    if not isinstance(decoded, dict):
        return None
    if decoded.get("v") != PROTOCOL_VERSION or not isinstance(decoded.get("type"), str):
        return None
    return decoded


def is_terminal(message: Message) -> bool:
    return message.get("type") in TERMINAL_TYPES


def stage_of(message: str) -> str:
    """The stage named in an engine progress message: "Page 15/35: OCR" -> "OCR"."""
    _, sep, stage = message.rpartition(": ")
    return stage.strip() if sep and stage.strip() else "reading"

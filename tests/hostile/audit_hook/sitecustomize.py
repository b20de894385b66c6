"""Loaded by the hostile suite's workers (on PYTHONPATH): records every attempt to open a
connection, resolve a name or start a program to the file DOCFLAGS_AUDIT_LOG names, one JSON
object a line. Nothing in a PDF may make the worker do any of these; the worker's own OCR
helpers are the only programs it starts."""

from __future__ import annotations

import json
import os
import sys

_WATCHED = (
    "socket.connect",
    "socket.bind",
    "socket.sendto",
    "socket.sendmsg",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.startfile",
    "webbrowser.open",
)
_log = os.environ.get("DOCFLAGS_AUDIT_LOG")


def _record(event: str, args: tuple[object, ...]) -> None:
    if event not in _WATCHED or not _log:
        return
    with open(_log, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"event": event, "args": repr(args)[:500]}) + "\n")


if _log:
    sys.addaudithook(_record)

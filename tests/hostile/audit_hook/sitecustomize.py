"""Loaded by the hostile suite's workers (on PYTHONPATH): records every attempt to open a
connection, resolve a name or start a program to the file DOCFLAGS_AUDIT_LOG names, one JSON
object a line. Nothing in a PDF may make the worker do any of these; the worker's own OCR
helpers are the only programs it starts."""

from __future__ import annotations

import atexit
import json
import os
import sys
from typing import NoReturn

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


def _peak() -> None:
    """The process's peak RSS (VmHWM: since exec, unlike ru_maxrss), as the last line."""
    if not _log:
        return
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            hwm = next((line.split()[1] for line in fh if line.startswith("VmHWM:")), "0")
        with open(_log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"event": "peak-rss", "args": int(hwm) * 1024}) + "\n")
    except OSError:
        pass


if _log:
    sys.addaudithook(_record)
    atexit.register(_peak)
    # The memory watch ends a worker with os._exit, which skips atexit: note the peak first.
    _real_exit = os._exit

    def _exit_noting_peak(status: int) -> NoReturn:
        _peak()
        _real_exit(status)

    os._exit = _exit_noting_peak

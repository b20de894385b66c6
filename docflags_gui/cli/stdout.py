"""Standard output for the commands' results: whether it can take a character, and a write
that a reader gone away (`docflags analyze ... | head`) ends quietly."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any


def can_encode(stream: Any, text: str) -> bool:
    """Whether `stream`'s encoding can write `text` (else tables fall back to ASCII)."""
    try:
        text.encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # `docflags analyze ... | head`: the reader has gone; stop quietly like other tools.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

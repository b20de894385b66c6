"""Whether this process may fork workers: Linux, and nothing loaded here whose threads and
locks a forked child would not have (MuPDF, Qt). Loads nothing itself: `docflags analyze`
asks before it has loaded its own modules (`prestarted_worker`)."""

from __future__ import annotations

import sys

# Libraries whose threads and locks a forked child would not have: a process that has loaded
# one of these starts its workers as programs.
_UNFORKABLE_MODULES = ("pymupdf", "fitz", "PySide6")


def can_fork() -> bool:
    """Whether workers may be forked from this process: Linux, and none of the libraries that
    do not survive a fork is loaded here."""
    if not sys.platform.startswith("linux"):
        return False
    return not any(name in sys.modules for name in _UNFORKABLE_MODULES)

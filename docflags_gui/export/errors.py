"""The one exception every export raises; its message tells the user what failed and what to do."""

from __future__ import annotations


class ExportError(Exception):
    """An export could not be written; `str(error)` is a message for the user."""

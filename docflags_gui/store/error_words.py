"""Errors the history's plain sqlite3 code can raise at run time (not bugs), and words for the
user. Nothing here imports SQLAlchemy: the command line's writer (store.plain_writer) uses it as
it is, and store.errors adds SQLAlchemy's own errors for HistoryStore."""

from __future__ import annotations

import sqlite3

from docflags_gui.store.migrations import SchemaTooNewError

# What opening or writing the history with sqlite3 may raise because of the file or the disk: a
# newer schema, a damaged or unreadable file, a full disk, a read-only folder.
SQLITE_HISTORY_ERRORS: tuple[type[Exception], ...] = (SchemaTooNewError, sqlite3.Error, OSError)


def describe_history_error(exc: BaseException) -> str:
    """One sentence for the user; the database's own message without SQL or tracebacks."""
    if isinstance(exc, SchemaTooNewError):
        return str(exc)
    original = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the sqlite3 error
    if isinstance(original, OSError):
        return f"{original.strerror or original} ({original.filename or 'history folder'})"
    return str(original).splitlines()[0] if str(original) else type(original).__name__

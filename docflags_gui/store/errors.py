"""Errors a history database can raise at run time (not bugs), and words for the user."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import SQLAlchemyError

from docflags_gui.store.migrations import SchemaTooNewError

# What opening, reading or writing the history may raise because of the file or the disk: a
# newer schema, a damaged or unreadable file, a full disk, a read-only folder.
HISTORY_ERRORS: tuple[type[Exception], ...] = (
    SchemaTooNewError,
    SQLAlchemyError,
    sqlite3.Error,
    OSError,
)


def describe_history_error(exc: BaseException) -> str:
    """One sentence for the user; the database's own message without SQL or tracebacks."""
    if isinstance(exc, SchemaTooNewError):
        return str(exc)
    original = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the sqlite3 error
    if isinstance(original, OSError):
        return f"{original.strerror or original} ({original.filename or 'history folder'})"
    return str(original).splitlines()[0] if str(original) else type(original).__name__

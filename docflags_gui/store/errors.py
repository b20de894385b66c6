"""Errors a history database can raise at run time through HistoryStore (SQLAlchemy's as well
as sqlite3's), and the words for the user (store.error_words)."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from docflags_gui.store.error_words import SQLITE_HISTORY_ERRORS, describe_history_error

__all__ = ["HISTORY_ERRORS", "describe_history_error"]

# What opening, reading or writing the history may raise because of the file or the disk: a
# newer schema, a damaged or unreadable file, a full disk, a read-only folder.
HISTORY_ERRORS: tuple[type[Exception], ...] = (*SQLITE_HISTORY_ERRORS, SQLAlchemyError)

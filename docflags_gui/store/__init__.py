"""History store (SQLAlchemy 2.0 on SQLite): documents, jobs, flags, sources; GUI thread only."""

from docflags_gui.hashing import file_sha256
from docflags_gui.store.errors import HISTORY_ERRORS, describe_history_error
from docflags_gui.store.history import HistoryStore
from docflags_gui.store.migrations import SchemaTooNewError
from docflags_gui.store.records import (
    ACTIVE_STATES,
    ALL_STATES,
    FINAL_STATES,
    JobRecord,
    StoredResult,
    iso_time,
)

__all__ = [
    "ACTIVE_STATES",
    "ALL_STATES",
    "FINAL_STATES",
    "HISTORY_ERRORS",
    "HistoryStore",
    "JobRecord",
    "SchemaTooNewError",
    "StoredResult",
    "describe_history_error",
    "file_sha256",
    "iso_time",
]

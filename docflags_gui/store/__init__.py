"""The history: documents, jobs, flags and sources in SQLite.

This package imports nothing itself, so that a module of it costs only what it imports: the
command line records `docflags analyze` with plain sqlite3 (plain_writer, job_rows) without
SQLAlchemy, which HistoryStore (history), its queries (reading) and models (models) use.
Import the names from their modules.
"""

"""History store (SQLAlchemy 2.0 on SQLite): documents, jobs, flags, sources; GUI thread only."""

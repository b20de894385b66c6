"""SQLAlchemy models of the history: documents (by SHA-256), jobs, and each result's flags/sources.

These classes describe the schema the migrations in `migrations.py` build; a test checks that the
two agree. Times are seconds since the epoch (REAL), the same clock as the job manager's.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Document(Base):
    """A PDF's content, whatever its name or folder: the same bytes are the same document."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_size", "size"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    pages: Mapped[int | None] = mapped_column(Integer)
    first_seen: Mapped[float] = mapped_column(Float)
    last_seen: Mapped[float] = mapped_column(Float)
    # Bytes, when known (schema version 3): files of another size need no hashing to be new.
    size: Mapped[int | None] = mapped_column(Integer)

    jobs: Mapped[list[Job]] = relationship(back_populates="document")


class Job(Base):
    """One analysis of one file, from the window or the CLI, whatever its outcome."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_created", "created"),
        Index("ix_jobs_sha256_engine", "sha256", "engine_version"),
        Index("ix_jobs_state", "state"),
        Index("ix_jobs_owner", "owner_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Unknown until the file was hashed (the worker reports it with the result).
    sha256: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("documents.sha256", ondelete="SET NULL")
    )
    path: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    # QUEUED, RUNNING, SUCCESS, FAILURE, CANCELLED, TIMED_OUT, CRASHED or INTERRUPTED.
    state: Mapped[str] = mapped_column(String(16))
    created: Mapped[float] = mapped_column(Float)
    started: Mapped[float | None] = mapped_column(Float)
    finished: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)
    settings_json: Mapped[str | None] = mapped_column(Text)
    engine_version: Mapped[str] = mapped_column(String(32))
    # "app" or "cli": which kind of process ran the job.
    origin: Mapped[str] = mapped_column(String(8))
    # The process that owns an unfinished job: a random id whose lock file that process holds for
    # its whole life (see owner.py), and its pid (for people reading the table).
    owner_id: Mapped[str | None] = mapped_column(String(32))
    owner_pid: Mapped[int | None] = mapped_column(Integer)
    # The job manager's own id for the job, while the app that ran it was alive.
    manager_job_id: Mapped[str | None] = mapped_column(String(64))
    # Copies of the result's headline numbers, so listing 10,000 jobs needs no JSON parsing.
    pages: Mapped[int | None] = mapped_column(Integer)
    flag_count: Mapped[int | None] = mapped_column(Integer)
    similarity: Mapped[int | None] = mapped_column(Integer)
    # The docflags/1 document exactly as produced, for exact round trips (show, export, reopen).
    result_json: Mapped[str | None] = mapped_column(Text)
    # Added by schema version 2.
    attempt: Mapped[int | None] = mapped_column(Integer)
    log_path: Mapped[str | None] = mapped_column(Text)
    # Added by schema version 5: the path's bytes when they are not UTF-8 (`path` is then
    # only its display form).
    path_bytes: Mapped[bytes | None] = mapped_column(LargeBinary)

    document: Mapped[Document | None] = relationship(back_populates="jobs")


class FlagRow(Base):
    """One flagged passage of a stored result, as a row so SQL can search the flagged text."""

    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_job", "job_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int] = mapped_column(Integer, ForeignKey("jobs.id", ondelete="CASCADE"))
    n: Mapped[int] = mapped_column(Integer)
    page: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    color: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    ocr: Mapped[bool] = mapped_column(Boolean)
    x0: Mapped[float | None] = mapped_column(Float)
    y0: Mapped[float | None] = mapped_column(Float)
    x1: Mapped[float | None] = mapped_column(Float)
    y1: Mapped[float | None] = mapped_column(Float)


class SourceRow(Base):
    """One row of a stored similarity report's sources list."""

    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_job", "job_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int] = mapped_column(Integer, ForeignKey("jobs.id", ondelete="CASCADE"))
    n: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(Text)
    percent: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(16))


class Setting(Base):
    """History-wide settings shared by the app and the CLI (retention); added by version 2."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReviewDecision(Base):
    """A reviewer's decision on one passage of a report (schema version 4): kept by the report's
    content and the passage's identity, apart from any job, so re-analyses keep it."""

    __tablename__ = "review_decisions"

    report_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    passage_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[float] = mapped_column(Float)


class ReviewJob(Base):
    """A matched job's review rules and the manuscript it was matched with (schema version 4)."""

    __tablename__ = "review_jobs"

    job_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    rules_json: Mapped[str] = mapped_column(Text)
    manuscript_path: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[float] = mapped_column(Float)

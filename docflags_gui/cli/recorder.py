"""AnalyzeRecorder: the jobs of one `docflags analyze` run in the history, written with plain
sqlite3 (store.plain_writer): recording a run never imports SQLAlchemy."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docflags_gui.runner.states import JobState
from docflags_gui.store.error_words import SQLITE_HISTORY_ERRORS, describe_history_error
from docflags_gui.store.plain_writer import PlainHistoryWriter


def _absolute(path: Path) -> Path:
    """`path` made absolute, its links resolved where they can be: a symlink loop or an
    unreadable folder keeps the path as given (its worker reports the problem)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11, 3.12)
        return Path(os.path.abspath(path))


class AnalyzeRecorder:
    """Records the jobs of one `docflags analyze` run in the history (its own jobs only).

    Every file is recorded QUEUED before the run, RUNNING when its worker reports, and with its
    outcome when it ends; a run that is killed leaves jobs that the next reader marks
    INTERRUPTED. A history that cannot be written never stops the analysis: one warning, then
    the run goes on without it.
    """

    def __init__(self, files: Sequence[Path], settings: Mapping[str, Any]) -> None:
        self._ids: dict[int, int] = {}
        self._started: set[int] = set()
        self._store: PlainHistoryWriter | None = None
        try:
            self._store = PlainHistoryWriter.open_default(origin="cli")
            for index, path in enumerate(files):
                self._ids[index] = self._store.record_queued(_absolute(path), settings=settings)
        except SQLITE_HISTORY_ERRORS as exc:
            self._give_up(exc)

    def _give_up(self, exc: Exception) -> None:
        why = describe_history_error(exc)
        print(f"docflags: not recording this run in the history: {why}", file=sys.stderr)
        store, self._store = self._store, None
        if store is not None:
            with contextlib.suppress(*SQLITE_HISTORY_ERRORS):
                store.close()

    def job_id(self, index: int) -> int | None:
        """The history id of file `index`'s job (None when the history is not being written)."""
        return self._ids.get(index) if self._store is not None else None

    def started(self, index: int) -> None:
        if self._store is None or index in self._started or index not in self._ids:
            return
        self._started.add(index)
        try:
            self._store.record_started(self._ids[index])
        except SQLITE_HISTORY_ERRORS as exc:
            self._give_up(exc)

    def finished(
        self,
        index: int,
        state: JobState,
        result: Mapping[str, Any] | None,
        error: str | None,
        log_path: Path | None = None,
    ) -> None:
        if self._store is None or index not in self._ids:
            return
        try:
            self._store.record_finished(
                self._ids[index],
                state,
                result=result if state is JobState.SUCCESS else None,
                error=error,
                log_path=log_path,
            )
        except SQLITE_HISTORY_ERRORS as exc:
            self._give_up(exc)

    def close(self) -> None:
        """Jobs still unfinished (an interrupted run) end INTERRUPTED."""
        if self._store is not None:
            try:
                self._store.close()
            except SQLITE_HISTORY_ERRORS as exc:
                self._give_up(exc)
            self._store = None

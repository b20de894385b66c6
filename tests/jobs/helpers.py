"""Small helpers for the jobs tests: run a job to its end, record what a manager emits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from docflags_gui.jobs import JobManager, JobState


@dataclass
class Recorder:
    """Everything a manager emits, in order, as (signal name, *arguments) tuples."""

    events: list[tuple[Any, ...]] = field(default_factory=list)

    def attach(self, manager: JobManager) -> Recorder:
        manager.job_queued.connect(lambda job_id: self.events.append(("queued", job_id)))
        manager.job_started.connect(lambda job_id: self.events.append(("started", job_id)))
        manager.job_progress.connect(lambda *args: self.events.append(("progress", *args)))
        manager.job_finished.connect(lambda *args: self.events.append(("finished", *args)))
        manager.job_retrying.connect(lambda *args: self.events.append(("retrying", *args)))
        manager.queue_changed.connect(lambda *args: self.events.append(("counts", *args)))
        return self

    def of(self, name: str, job_id: str | None = None) -> list[tuple[Any, ...]]:
        return [e for e in self.events if e[0] == name and (job_id is None or e[1] == job_id)]


def finished_of(job_id: str) -> Any:
    return lambda finished_id, *_: finished_id == job_id


def run_job(
    qtbot: QtBot, manager: JobManager, path: Path, timeout_ms: int = 20_000
) -> tuple[str, JobState, dict[str, Any]]:
    """Submit `path` and wait for its job_finished; returns (job_id, state, summary)."""
    ids: list[str] = []
    with qtbot.waitSignal(
        manager.job_finished,
        timeout=timeout_ms,
        check_params_cb=lambda job_id, *_: bool(ids) and job_id == ids[0],
    ) as blocker:
        ids.append(manager.submit(path))
    assert blocker.args is not None
    job_id, state, summary = blocker.args
    return job_id, state, summary


def wait_finished(qtbot: QtBot, manager: JobManager, job_id: str, timeout_ms: int = 20_000) -> Any:
    """Wait for job_finished of a job already submitted; returns (state, summary)."""
    info = manager.job(job_id)
    if info.state.is_final:  # it ended before we started waiting
        summary: dict[str, Any] = {"result": info.result, "error": info.error}
        summary |= {"log_path": info.log_path, "attempt": info.attempt, "exit_code": info.exit_code}
        return info.state, summary
    with qtbot.waitSignal(
        manager.job_finished, timeout=timeout_ms, check_params_cb=finished_of(job_id)
    ) as blocker:
        pass
    assert blocker.args is not None
    return blocker.args[1], blocker.args[2]


def wait_progress(qtbot: QtBot, manager: JobManager, job_id: str, timeout_ms: int = 10_000) -> None:
    """Wait until the worker of `job_id` has shown progress (it is up and running)."""
    if manager.job(job_id).first_progress_at is not None:
        return
    with qtbot.waitSignal(
        manager.job_progress,
        timeout=timeout_ms,
        check_params_cb=lambda progress_id, *_: progress_id == job_id,
    ):
        pass

"""Run one cluster attempt in the test process and record what its listener heard."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, Unpack

from docflags_gui.cluster.executor import ClusterAttempt, ClusterExecutor
from docflags_gui.cluster.settings import ClusterSettings
from docflags_gui.runner.control import AttemptControl
from docflags_gui.runner.outcome import Verdict, WorkerOutcome
from docflags_gui.runner.spec import ANALYZE, JobSpec
from tests.cluster.servers import PASSWORD

RUN_TIMEOUT_S = 120.0


@dataclass
class Heard:
    """What an attempt's listener was told, in order, with the time since the start."""

    messages: list[tuple[float, int, str]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    on_progress: Callable[[str], None] | None = None

    def launched(self, pid: int) -> None:
        pass

    def ready(self) -> None:
        pass

    def progress(self, percent: int, message: str) -> None:
        self.messages.append((time.monotonic() - self.started, percent, message))
        if self.on_progress is not None:
            self.on_progress(message)

    def texts(self) -> list[str]:
        return [message for _, _, message in self.messages]


class ExecutorOptions(TypedDict, total=False):
    """The ClusterExecutor keywords the tests set (the others keep their defaults)."""

    shared_dir: Path | None
    node_loss_retries: int


def executor_for(
    url: str, password: str = PASSWORD, **options: Unpack[ExecutorOptions]
) -> ClusterExecutor:
    return ClusterExecutor(ClusterSettings(url, password=password), **options)


def run_attempt(
    executor: ClusterExecutor,
    pdf: Path,
    log_path: Path,
    on_progress: Callable[[ClusterAttempt, AttemptControl, str], None] | None = None,
) -> tuple[Verdict, WorkerOutcome, Heard, ClusterAttempt]:
    """One attempt on its own thread, as a scheduler runs it, with a deadline so nothing hangs."""
    attempt = executor.attempt(JobSpec(ANALYZE, pdf, {"ocr": True}), log_path, pdf.name)
    control = AttemptControl(attempt)
    heard = Heard()
    if on_progress is not None:
        heard.on_progress = lambda message: on_progress(attempt, control, message)
    result: list[WorkerOutcome] = []
    thread = threading.Thread(target=lambda: result.append(attempt.run(heard)), daemon=True)
    thread.start()
    thread.join(RUN_TIMEOUT_S)
    assert not thread.is_alive(), f"the attempt hung; it heard {heard.texts()}"
    return control.verdict(result[0]), result[0], heard, attempt

"""AttemptControl, the one watchdog: time limits, cancel and interrupt graces, final states."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from docflags_gui.runner.attempt import AttemptListener
from docflags_gui.runner.control import AttemptControl, LimitEvent, TimeLimits
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.states import JobState
from tests.store.factories import bare_result


class FakeAttempt:
    """Records what the control asked of it."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.exited = False

    @property
    def pid(self) -> int | None:
        return None

    @property
    def log_path(self) -> Path | None:
        return None

    def run(self, listener: AttemptListener) -> WorkerOutcome:
        return WorkerOutcome()

    def request_stop(self) -> None:
        self.calls.append("stop")

    def kill(self) -> None:
        self.calls.append("kill")

    def end_orphans(self) -> bool:
        return self.exited


LIMITS = TimeLimits(soft_s=10.0, hard_s=20.0, stop_grace_s=2.0)
EMPTY_RESULT = bare_result()
OK = WorkerOutcome(launched=True, exit_code=0, result=EMPTY_RESULT)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan])
def test_a_time_limit_must_be_positive(bad: float) -> None:
    with pytest.raises(ValueError):
        TimeLimits(soft_s=bad)
    with pytest.raises(ValueError):
        TimeLimits(hard_s=bad)


def test_soft_limit_asks_then_hard_limit_kills_and_the_job_timed_out() -> None:
    attempt = FakeAttempt()
    control = AttemptControl(attempt, started_mono=0.0)
    assert control.check(LIMITS, now=5.0) is LimitEvent.NONE
    assert control.check(LIMITS, now=10.0) is LimitEvent.SOFT_STOP
    assert control.check(LIMITS, now=15.0) is LimitEvent.NONE  # asked once only
    assert control.check(LIMITS, now=20.0) is LimitEvent.KILLED
    assert attempt.calls == ["stop", "kill"]
    verdict = control.verdict(OK)  # whatever the worker managed to send meanwhile
    assert verdict.state is JobState.TIMED_OUT and "20 s" in (verdict.error or "")


def test_without_a_hard_limit_the_grace_after_the_soft_stop_kills() -> None:
    attempt = FakeAttempt()
    control = AttemptControl(attempt, started_mono=0.0)
    limits = TimeLimits(soft_s=1.0, hard_s=None, stop_grace_s=2.0)
    assert control.check(limits, now=1.0) is LimitEvent.SOFT_STOP
    assert control.check(limits, now=2.9) is LimitEvent.NONE
    assert control.check(limits, now=3.0) is LimitEvent.KILLED
    assert control.verdict(WorkerOutcome(launched=True, exit_code=-9)).state is JobState.TIMED_OUT


def test_cancel_stops_kills_after_the_grace_and_is_idempotent() -> None:
    attempt = FakeAttempt()
    control = AttemptControl(attempt, started_mono=0.0)
    assert control.cancel(2.0, now=1.0) is True
    assert control.cancel(2.0, now=1.5) is False
    assert control.check(LIMITS, now=2.0) is LimitEvent.NONE
    assert control.check(LIMITS, now=3.0) is LimitEvent.KILLED
    assert control.check(LIMITS, now=30.0) is LimitEvent.NONE  # no time limit after a cancel
    assert attempt.calls == ["stop", "kill"]
    assert control.verdict(OK).state is JobState.CANCELLED


def test_an_interrupt_wins_over_everything_and_keeps_its_reason() -> None:
    attempt = FakeAttempt()
    control = AttemptControl(attempt, started_mono=0.0)
    control.check(LIMITS, now=10.0)  # soft stop sent
    control.cancel(5.0, now=11.0)
    control.interrupt("Interrupted: the app closed", 1.0, now=12.0)
    assert control.check(LIMITS, now=13.0) is LimitEvent.KILLED  # the shorter grace
    verdict = control.verdict(OK)
    assert verdict.state is JobState.INTERRUPTED and verdict.error == "Interrupted: the app closed"


def test_an_exited_worker_is_reported_before_any_limit() -> None:
    attempt = FakeAttempt()
    attempt.exited = True
    control = AttemptControl(attempt, started_mono=0.0)
    assert control.check(LIMITS, now=100.0) is LimitEvent.EXITED
    assert attempt.calls == []
    assert control.verdict(OK).state is JobState.SUCCESS

"""Stopping a running attempt: cancel, interrupt, and the time limits (the one watchdog).

An AttemptControl sits beside each running Attempt and remembers why it is being stopped, so
the final state says so (runner.outcome.decide_final_state). Its owner calls `check(now)`
periodically (about once a second: the app from a QTimer, the command line from its event
loop); that one call enforces both time limits and the kill that follows a stop request:

- soft limit: ask the worker to stop (stop file + SIGTERM); the job will end TIMED_OUT;
- hard limit, or the grace after a cancel/interrupt/soft stop ran out: kill the process group;
- a worker that exited but left helpers behind: end them, so its reader sees EOF.

Only the owner's thread calls the methods (they are not locked); the Attempt's own stop and
kill are safe from there.
"""

from __future__ import annotations

import enum
import math
import time
from dataclasses import dataclass

from docflags_gui.runner.executor import Attempt
from docflags_gui.runner.outcome import Verdict, WorkerOutcome, decide_final_state


def check_limit_seconds(value: float | None) -> float | None:
    """A time limit as given (None: no limit); ValueError for 0, a negative number or nan."""
    if value is None:
        return None
    if math.isnan(value) or value <= 0:
        raise ValueError(f"a time limit must be a positive number of seconds, not {value:g}")
    return value


@dataclass(frozen=True)
class TimeLimits:
    """Seconds an attempt may run: after `soft_s` it is asked to stop, after `hard_s` killed.

    None turns a limit off. `stop_grace_s` is how long a stop request (cancel, interrupt) is
    given before the kill.
    """

    soft_s: float | None = 540.0
    hard_s: float | None = 600.0
    stop_grace_s: float = 3.0

    def __post_init__(self) -> None:
        check_limit_seconds(self.soft_s)
        check_limit_seconds(self.hard_s)
        if math.isnan(self.stop_grace_s) or self.stop_grace_s < 0:
            raise ValueError("the stop grace cannot be negative")


class LimitEvent(enum.Enum):
    """What a watchdog check did to an attempt."""

    NONE = "none"
    SOFT_STOP = "soft-stop"  # the soft limit asked the worker to stop
    KILLED = "killed"  # the hard limit or an expired grace killed it
    EXITED = "exited"  # the worker is gone (helpers it left were ended); its reader reports


class AttemptControl:
    """The stop bookkeeping of one running attempt (see the module docstring)."""

    def __init__(self, attempt: Attempt, started_mono: float | None = None) -> None:
        self.attempt = attempt
        self.started_mono = time.monotonic() if started_mono is None else started_mono
        self.cancel_requested = False
        self.interrupted_reason: str | None = None
        self.timeout_reason: str | None = None
        self.soft_stop_sent = False
        self.hard_killed = False
        self._kill_at: float | None = None

    @property
    def stopping(self) -> bool:
        return self.cancel_requested or self.interrupted_reason is not None or self.hard_killed

    def cancel(self, grace_s: float, now: float | None = None) -> bool:
        """The user cancelled: stop now, kill after `grace_s`. False if already cancelled."""
        if self.cancel_requested:
            return False
        self.cancel_requested = True
        self._stop(grace_s, now)
        return True

    def interrupt(self, reason: str, grace_s: float, now: float | None = None) -> None:
        """The whole program is stopping: the job ends INTERRUPTED with `reason`."""
        if self.interrupted_reason is None:
            self.interrupted_reason = reason
        self._stop(grace_s, now)

    def kill(self) -> None:
        self.hard_killed = True
        self.attempt.kill()

    def _stop(self, grace_s: float, now: float | None) -> None:
        moment = time.monotonic() if now is None else now
        deadline = moment + grace_s
        self._kill_at = deadline if self._kill_at is None else min(self._kill_at, deadline)
        self.attempt.request_stop()

    def check(self, limits: TimeLimits, now: float | None = None) -> LimitEvent:
        """The watchdog's look at this attempt (see the module docstring)."""
        moment = time.monotonic() if now is None else now
        if self.attempt.end_orphans():
            return LimitEvent.EXITED
        if self.hard_killed:
            return LimitEvent.NONE
        if self._kill_at is not None and moment >= self._kill_at:
            self.kill()
            return LimitEvent.KILLED
        if self.cancel_requested or self.interrupted_reason is not None:
            return LimitEvent.NONE
        elapsed = moment - self.started_mono
        if limits.hard_s is not None and elapsed >= limits.hard_s:
            self.timeout_reason = (
                f"Stopped: the analysis ran past the time limit of {limits.hard_s:g} s "
                "and its worker was killed."
            )
            self.kill()
            return LimitEvent.KILLED
        if limits.soft_s is not None and elapsed >= limits.soft_s and not self.soft_stop_sent:
            self.soft_stop_sent = True
            self.timeout_reason = (
                f"Stopped: the analysis ran past the time limit of {limits.soft_s:g} s."
            )
            self.attempt.request_stop()
            if limits.hard_s is None:
                self._kill_at = moment + limits.stop_grace_s
            return LimitEvent.SOFT_STOP
        return LimitEvent.NONE

    def verdict(self, outcome: WorkerOutcome) -> Verdict:
        """The attempt's final state: why it was stopped, else what the worker said."""
        return decide_final_state(
            outcome,
            cancel_requested=self.cancel_requested,
            timeout_reason=self.timeout_reason,
            interrupted_reason=self.interrupted_reason,
        )

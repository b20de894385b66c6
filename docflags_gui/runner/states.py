"""Job states: one enum for the job manager, the command line and the history store.

A `StrEnum`, so a state compares equal to its name ("SUCCESS"), prints as it, and is stored in
the history's `state` column as that text.
"""

from __future__ import annotations

import enum


class JobState(enum.StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    CANCELLED = "CANCELLED"
    TIMED_OUT = "TIMED_OUT"
    CRASHED = "CRASHED"
    # The app or the command closed (or died) while the job was queued or running.
    INTERRUPTED = "INTERRUPTED"

    @property
    def is_final(self) -> bool:
        return self not in (JobState.QUEUED, JobState.RUNNING)


# States an automatic retry may follow: the same input may well succeed on a second attempt.
RETRYABLE_STATES = frozenset({JobState.CRASHED, JobState.TIMED_OUT})

ACTIVE_STATES: tuple[str, ...] = (JobState.QUEUED.value, JobState.RUNNING.value)
FINAL_STATES: tuple[str, ...] = tuple(s.value for s in JobState if s.is_final)
ALL_STATES: tuple[str, ...] = ACTIVE_STATES + FINAL_STATES

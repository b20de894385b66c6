"""What one worker run produced, and the rule that turns it into a job's final state."""

from __future__ import annotations

import signal
from dataclasses import dataclass

from docflags_gui.result import ResultDocument
from docflags_gui.result_digest import ResultDigest
from docflags_gui.runner.states import JobState


@dataclass
class WorkerOutcome:
    """Everything the reading thread learnt from one run of a worker, handed to the GUI thread."""

    launched: bool = False
    launch_error: str | None = None
    exit_code: int | None = None
    result: ResultDocument | None = None
    # The result's digest, when the app's pool thread made it (jobs/runnable.py).
    digest: ResultDigest | None = None
    error_code: str | None = None
    error_message: str | None = None
    stderr_tail: str = ""
    garbage_lines: int = 0
    # Where the executor, not the worker, knows how it ended (a cluster node's time limit, a
    # node that was lost): the words for TIMED_OUT or CRASHED.
    timeout_reason: str | None = None
    crash_reason: str | None = None


@dataclass(frozen=True)
class Verdict:
    state: JobState
    error: str | None


def describe_exit(exit_code: int | None) -> str:
    if exit_code is None:
        return "it did not exit"
    if exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = f"signal {-exit_code}"
        return f"it was killed by {name}"
    return f"it exited with code {exit_code}"


def with_log_tail(text: str, tail: str) -> str:
    return f"{text}\n\nLast lines of the worker log:\n{tail}" if tail else text


def decide_final_state(
    outcome: WorkerOutcome,
    *,
    cancel_requested: bool,
    timeout_reason: str | None,
    interrupted_reason: str | None = None,
) -> Verdict:
    """The final state of one attempt (worker protocol v1, "Final state").

    The caller's intent wins over what the worker managed to say: a stop of the whole program
    (the app closing, Ctrl+C or SIGTERM to the command) is INTERRUPTED, a cancel CANCELLED and a
    fired watchdog TIMED_OUT, whatever the worker printed while being stopped. Then a terminal
    result with exit 0 is SUCCESS, an error message FAILURE, and anything else CRASHED.
    """
    if interrupted_reason is not None:
        return Verdict(JobState.INTERRUPTED, interrupted_reason)
    if cancel_requested:
        return Verdict(JobState.CANCELLED, None)
    timeout_reason = timeout_reason or outcome.timeout_reason
    if timeout_reason is not None:
        return Verdict(JobState.TIMED_OUT, timeout_reason)
    if outcome.launch_error is not None:
        return Verdict(JobState.FAILURE, f"The analysis could not start: {outcome.launch_error}")
    if outcome.result is not None and outcome.exit_code == 0:
        return Verdict(JobState.SUCCESS, None)
    if outcome.error_message is not None:
        return Verdict(JobState.FAILURE, outcome.error_message)
    if outcome.crash_reason is not None:
        text = outcome.crash_reason
    elif outcome.result is not None:
        text = f"The worker sent a result but then failed ({describe_exit(outcome.exit_code)})."
    else:
        text = f"The analysis stopped without a result: {describe_exit(outcome.exit_code)}."
    return Verdict(JobState.CRASHED, with_log_tail(text, outcome.stderr_tail))

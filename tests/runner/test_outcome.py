"""The final-state rule of protocol v1, case by case (no processes needed)."""

from __future__ import annotations

from docflags_gui.runner.outcome import WorkerOutcome, decide_final_state
from docflags_gui.runner.states import JobState
from tests.store.factories import bare_result

RESULT = bare_result()


def _state(outcome: WorkerOutcome, cancel: bool = False, timeout: str | None = None) -> JobState:
    return decide_final_state(outcome, cancel_requested=cancel, timeout_reason=timeout).state


def test_a_result_with_exit_zero_is_success() -> None:
    assert _state(WorkerOutcome(launched=True, exit_code=0, result=RESULT)) is JobState.SUCCESS


def test_an_error_message_is_failure_with_its_words_whatever_the_exit_code() -> None:
    outcome = WorkerOutcome(launched=True, exit_code=3, error_code="bad-input", error_message="No")
    verdict = decide_final_state(outcome, cancel_requested=False, timeout_reason=None)
    assert (verdict.state, verdict.error) == (JobState.FAILURE, "No")


def test_no_terminal_message_is_a_crash_naming_the_signal_and_quoting_the_log() -> None:
    outcome = WorkerOutcome(launched=True, exit_code=-11, stderr_tail="Segmentation fault")
    verdict = decide_final_state(outcome, cancel_requested=False, timeout_reason=None)
    assert verdict.state is JobState.CRASHED
    assert verdict.error is not None
    assert "SIGSEGV" in verdict.error and verdict.error.endswith("Segmentation fault")


def test_a_result_followed_by_a_failing_exit_is_a_crash() -> None:
    assert _state(WorkerOutcome(launched=True, exit_code=4, result=RESULT)) is JobState.CRASHED


def test_a_requested_cancel_wins_over_whatever_the_worker_said() -> None:
    finished = WorkerOutcome(launched=True, exit_code=0, result=RESULT)
    assert _state(finished, cancel=True) is JobState.CANCELLED
    assert _state(WorkerOutcome(), cancel=True) is JobState.CANCELLED  # never launched


def test_a_fired_watchdog_is_timed_out_with_its_reason() -> None:
    stopped = WorkerOutcome(launched=True, exit_code=5, error_code="cancelled", error_message="x")
    verdict = decide_final_state(stopped, cancel_requested=False, timeout_reason="Too long.")
    assert (verdict.state, verdict.error) == (JobState.TIMED_OUT, "Too long.")


def test_a_worker_that_could_not_start_is_a_failure() -> None:
    verdict = decide_final_state(
        WorkerOutcome(launch_error="No such file"), cancel_requested=False, timeout_reason=None
    )
    assert verdict.state is JobState.FAILURE and verdict.error is not None
    assert "No such file" in verdict.error


def test_final_states_are_final() -> None:
    assert not JobState.QUEUED.is_final and not JobState.RUNNING.is_final
    assert all(state.is_final for state in JobState if state.name not in ("QUEUED", "RUNNING"))
    assert JobState("TIMED_OUT") is JobState.TIMED_OUT

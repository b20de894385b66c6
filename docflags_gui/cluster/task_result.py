"""A finished cluster task, read into the runner's WorkerOutcome on the client.

A task that ran returns the worker's outcome as JSON (task.outcome_to_json); one that Celery
itself ended (the hard time limit, a pool process that died, a refused payload) comes back as
an exception. Both become the same WorkerOutcome a local attempt gives, so one rule
(runner.outcome.decide_final_state) decides every job's final state.
"""

from __future__ import annotations

from docflags_gui.result import ResultError, parse_result
from docflags_gui.runner.outcome import WorkerOutcome


def read_task_result(
    outcome: WorkerOutcome, info: object, input_name: str, soft_limit_s: float | None
) -> str:
    """Fill `outcome` from a task's return value; returns a line for the attempt's log."""
    if not isinstance(info, dict):
        outcome.error_message = "The cluster node sent back something that is no result."
        return "finished with no result"
    outcome.exit_code = info.get("exit_code")
    outcome.launch_error = info.get("launch_error")
    outcome.error_code = info.get("error_code")
    outcome.error_message = info.get("error_message")
    outcome.stderr_tail = str(info.get("stderr_tail") or "")
    document = info.get("result")
    if document is not None:
        try:  # from the network: checked as a local worker's result is
            parsed = parse_result(document)
        except ResultError as exc:
            outcome.error_message = f"The cluster node sent a result that is not valid: {exc}."
        else:
            parsed["file"] = input_name  # the node saw a spooled copy
            outcome.result = parsed
    if info.get("soft_time_limit"):
        limit = "its" if soft_limit_s is None else f"{soft_limit_s:g} s"
        outcome.timeout_reason = (
            f"Stopped: the analysis ran past the time limit of {limit} on the cluster."
        )
    where = f", log on the node: {info.get('log_path')}" if outcome.result is None else ""
    return f"finished on {info.get('node')}: exit code {outcome.exit_code}{where}"


def read_task_failure(
    outcome: WorkerOutcome, info: object, node: str, hard_limit_s: float | None
) -> str:
    """Fill `outcome` from the exception a task ended with; returns a line for the log."""
    name = type(info).__name__
    if name in ("TimeLimitExceeded", "SoftTimeLimitExceeded"):
        limit = "its" if hard_limit_s is None else f"{hard_limit_s:g} s"
        outcome.timeout_reason = (
            f"Stopped: the analysis ran past the time limit of {limit} on the cluster "
            f"and was killed on {node}."
        )
    elif name == "InvalidJob":
        outcome.error_message = f"The cluster node refused the job: {info}"
    elif name == "WorkerLostError":
        outcome.crash_reason = f"The job's process on {node} died: {info}"
    else:
        outcome.crash_reason = f"The job failed on {node}: {name}: {info}"
    return f"failed: {name}: {info}"

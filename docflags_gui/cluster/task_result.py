"""A finished cluster task, read into the runner's WorkerOutcome on the client.

A task that ran returns the worker's outcome as JSON (task.outcome_to_json); one that Celery
itself ended (the hard time limit, a pool process that died, a refused payload) comes back as
an exception. Both become the same WorkerOutcome a local attempt gives, so one rule
(runner.outcome.decide_final_state) decides every job's final state.

The node worked on copies under its own names: the result names the client's files again, and
an annotate job's copy (its bytes in the task's result) is written where the client asked, as
the local worker writes it: through a temporary file beside it, so no half copy is left.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import tempfile
from pathlib import Path

from docflags_gui.result import ResultDocument, ResultError, parse_result
from docflags_gui.runner.outcome import WorkerOutcome
from docflags_gui.runner.spec import ANALYZE, ANNOTATE, JobSpec


def read_task_result(
    outcome: WorkerOutcome, info: object, spec: JobSpec, soft_limit_s: float | None
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
            outcome.result = _as_here(parsed, spec, info.get("output"), outcome)
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


def _as_here(
    document: ResultDocument, spec: JobSpec, copy: object, outcome: WorkerOutcome
) -> ResultDocument | None:
    """`document` naming the client's files; an annotate job's copy written. None (and the
    outcome's error set) when the copy cannot be written."""
    if spec.kind == ANALYZE:
        document["file"] = spec.input.name  # the node read a spooled copy
        return document
    manuscript = document.get("manuscript")
    if isinstance(manuscript, dict):
        manuscript["file"] = spec.input.name
    if spec.kind != ANNOTATE:
        return document
    target = Path(str(spec.option("output")))
    try:
        if not isinstance(copy, str):
            raise ValueError("the node sent no copy back")
        write_copy(target, base64.b64decode(copy, validate=True))
    except (ValueError, binascii.Error) as exc:
        outcome.error_code = "bad-input"
        outcome.error_message = f"The annotated copy did not come back from the cluster: {exc}."
        return None
    except OSError as exc:
        outcome.error_code = "bad-input"
        outcome.error_message = f"cannot write {target}: {exc.strerror or exc}"
        return None
    annotated = document.get("annotated")
    if isinstance(annotated, dict):
        annotated["file"] = str(target)
    return document


def write_copy(target: Path, data: bytes) -> None:
    """`data` as `target`, through a temporary file beside it (OSError when it cannot be)."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)

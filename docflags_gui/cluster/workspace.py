"""A job's files on a node: its input, the report's result and the annotated copy, in a
private temporary folder that is removed when the job ends (also when it is revoked).

The input is the file in the node's shared folder when the job names one, else its bytes
written under a safe name (the suffix kept: it says which format a manuscript is in). A match
or annotate job gets the report's result as `report_result`, and an annotate job the path of
its copy as `output`: the worker's own options, pointing inside this folder only.
"""

from __future__ import annotations

import base64
import contextlib
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docflags_gui.cluster.payload import MAX_INPUT_BYTES, JobInput
from docflags_gui.runner.spec import ANNOTATE, OptionValue

REPORT_FILE = "report.json"


@dataclass(frozen=True)
class Workspace:
    """Where a job's worker reads and writes on this node."""

    input: Path
    options: dict[str, OptionValue]  # the job's options and the paths above
    output: Path | None  # annotate: the copy the worker writes


@contextlib.contextmanager
def job_workspace(job: JobInput) -> Iterator[Workspace]:
    """The job's files in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="docflags-job-") as folder:
        root = Path(folder)
        if job.shared_path is not None:
            input_path = job.shared_path
        else:
            assert job.data is not None
            input_path = root / "input" / safe_file_name(job.name)
            input_path.parent.mkdir()
            input_path.write_bytes(job.data)
        options: dict[str, OptionValue] = dict(job.options)
        if job.report is not None:
            report = root / REPORT_FILE
            report.write_text(json.dumps(job.report, ensure_ascii=False), encoding="utf-8")
            options["report_result"] = str(report)
        output = None
        if job.kind == ANNOTATE:
            # As the window suggests the copy's name: its progress ("Writing ...") says it.
            output = root / f"{input_path.stem[:100]}-annotated{_copy_suffix(input_path)}"
            options["output"] = str(output)
        yield Workspace(input_path, options, output)


def _copy_suffix(manuscript: Path) -> str:
    from docflags_gui.matching.manuscript import ManuscriptError
    from docflags_gui.review.annotate import copy_suffix

    try:
        return copy_suffix(manuscript)
    except ManuscriptError:
        return ".out"  # the worker says why it cannot annotate such a file


def output_data(workspace: Workspace) -> str | None:
    """The annotated copy's bytes as base64 for the task's result; None when there is none."""
    if workspace.output is None or not workspace.output.is_file():
        return None
    if workspace.output.stat().st_size > MAX_INPUT_BYTES:
        return None
    return base64.b64encode(workspace.output.read_bytes()).decode("ascii")


def safe_file_name(name: str) -> str:
    """`name` with only letters, digits and "-_. " kept; its suffix survives shortening (it
    says which format a manuscript is in)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    safe = "".join(c if c.isalnum() or c in "-_. " else "_" for c in base).strip(" .")
    stem, dot, suffix = safe.rpartition(".")
    if dot and stem and len(suffix) <= 10:
        return f"{stem[:110]}.{suffix}"
    return safe[:120] or "input.pdf"

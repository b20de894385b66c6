"""What a cluster task carries, and how a node checks it before it touches anything.

A payload is plain JSON (Celery serialises with JSON only, never pickle):

    {"v": 2, "kind": "analyze", "name": "report.pdf",
     "data": "<base64 of the file>"           the input's bytes travel with the task, or
     "shared_path": "intake/report.pdf",      a path relative to the node's --shared-dir,
     "options": {"ocr": true, "ocr_languages": "eng+ind"}}

The input is the report PDF for `analyze` and the manuscript for `match` and `annotate`; those
two also carry the report's docflags/1 result as `"report": {...}` (the client's temporary
file of it stays on the client), and `annotate` writes its copy into the node's own temporary
folder, whose bytes come back with the task's result (task.outcome_to_json).

A node trusts nothing in it: the kind must be one docflags runs on a cluster, a shared path
must stay inside the node's shared folder (after resolving links), the report must be a
docflags/1 document, sizes and option types are checked, and unknown fields are refused. No
Celery here, so the client side can use it too.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from docflags_gui.result import ResultDocument, ResultError, parse_result
from docflags_gui.runner.spec import ANALYZE, ANNOTATE, MATCH
from docflags_gui.worker.option_values import OCR_LANGUAGES_PATTERN

PAYLOAD_VERSION = 2
# Job kinds a node runs: docflags' own, nothing else.
CLUSTER_KINDS = (ANALYZE, MATCH, ANNOTATE)
# Kinds that work on a report's result (sent as "report") besides their input file.
KINDS_WITH_REPORT = (MATCH, ANNOTATE)
# A task's bytes sit in Redis until a node takes them: keep a runaway file out.
MAX_INPUT_BYTES = 200 * 1024 * 1024
MAX_NAME_CHARS = 255
_FIELDS = frozenset({"v", "kind", "name", "data", "shared_path", "report", "options"})
_NUMBER = (int, float)
# The options each kind takes over the wire; anything else (the client's own paths, its OCR
# processes, its memory cap) stays on the client, and the node decides those for itself.
_OPTION_TYPES: dict[str, dict[str, tuple[type, ...]]] = {
    ANALYZE: {"ocr": (bool,), "ocr_languages": (str, type(None))},
    MATCH: {"min_score": _NUMBER, "review_rules": (str, type(None)), "revision": (bool,)},
    ANNOTATE: {},
}


class InvalidJob(ValueError):
    """A task's arguments a node refuses to run; the message says why."""


@dataclass(frozen=True)
class JobInput:
    """A checked payload: what to run, on what, with which options."""

    kind: str
    name: str
    options: Mapping[str, Any] = field(default_factory=dict)
    data: bytes | None = None  # the file's bytes, when they travelled with the task
    shared_path: Path | None = None  # else the file in the node's shared folder
    report: ResultDocument | None = None  # match, annotate: the report's result


def build_payload(
    kind: str,
    path: Path,
    options: Mapping[str, Any],
    *,
    shared_dir: Path | None = None,
) -> dict[str, Any]:
    """The payload of a `kind` job on `path`: a path relative to `shared_dir` when it lies
    inside it, else the file's bytes; for match and annotate, the report's result read from
    the file `options["report_result"]` names. OSError when a file cannot be read; InvalidJob
    when the kind is not one a node runs, or a file is too big or not what it should be."""
    if kind not in CLUSTER_KINDS:
        raise InvalidJob(f"{kind} jobs do not run on a cluster")
    types = _OPTION_TYPES[kind]
    wanted = {name: options[name] for name in types if options.get(name) is not None}
    payload: dict[str, Any] = {"v": PAYLOAD_VERSION, "kind": kind, "name": path.name}
    payload["options"] = wanted
    if kind in KINDS_WITH_REPORT:
        payload["report"] = _report_of(options.get("report_result"))
    if shared_dir is not None:
        try:
            relative = path.resolve().relative_to(shared_dir.resolve())
        except ValueError:
            raise InvalidJob(f"{path} is not inside the shared folder {shared_dir}") from None
        payload["shared_path"] = relative.as_posix()
        return payload
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InvalidJob(
            f"{path.name} is {size // 2**20} MiB; files over {MAX_INPUT_BYTES // 2**20} MiB "
            "go to a cluster through a shared folder (--shared-dir)"
        )
    payload["data"] = base64.b64encode(path.read_bytes()).decode("ascii")
    return payload


def _report_of(report_result: object) -> dict[str, Any]:
    """The report's result from the client's JSON file of it."""
    if not isinstance(report_result, str):
        raise InvalidJob("the job has no report result to send")
    path = Path(report_result)
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise InvalidJob("the report's result is too big to send to a cluster")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidJob(f"the report's result cannot be read: {exc}") from None
    if not isinstance(document, dict):
        raise InvalidJob("the report's result is not a docflags/1 document")
    return document


def check_payload(payload: object, *, shared_dir: Path | None) -> JobInput:
    """The job a payload asks for, or InvalidJob. Run on the node before anything else."""
    if not isinstance(payload, dict):
        raise InvalidJob("the task's argument is not a job description")
    unknown = set(payload) - _FIELDS
    if unknown:
        raise InvalidJob(f"unknown fields in the job: {', '.join(sorted(map(str, unknown)))}")
    if payload.get("v") != PAYLOAD_VERSION:
        raise InvalidJob(f"job format {payload.get('v')!r} is not {PAYLOAD_VERSION}")
    kind = payload.get("kind")
    if kind not in CLUSTER_KINDS:
        raise InvalidJob(f"a node runs only docflags jobs ({', '.join(CLUSTER_KINDS)}): {kind!r}")
    name = _checked_name(payload.get("name"))
    options = _checked_options(kind, payload.get("options", {}))
    report = _checked_report(kind, payload.get("report"))
    has_bytes, has_path = "data" in payload, "shared_path" in payload
    if has_bytes == has_path:
        raise InvalidJob("a job carries either the file's bytes or a shared path, not both")
    if has_bytes:
        return JobInput(kind, name, options, data=_decoded(payload["data"]), report=report)
    shared_path = _inside(payload["shared_path"], shared_dir)
    return JobInput(kind, name, options, shared_path=shared_path, report=report)


def _checked_name(name: object) -> str:
    if not isinstance(name, str) or not name or len(name) > MAX_NAME_CHARS or "\x00" in name:
        raise InvalidJob("the job's file name is missing or not a name")
    return name


def _checked_options(kind: str, options: object) -> dict[str, Any]:
    if not isinstance(options, dict):
        raise InvalidJob("the job's options are not a mapping")
    checked: dict[str, Any] = {}
    for key, value in options.items():
        types = _OPTION_TYPES[kind].get(key)
        if types is None:
            raise InvalidJob(f"unknown option {key!r} for a {kind} job")
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise InvalidJob(f"the job option {key!r} has the wrong type")
        checked[key] = value
    languages = checked.get("ocr_languages")
    if languages is not None and not OCR_LANGUAGES_PATTERN.match(languages):
        raise InvalidJob(f"OCR languages are names joined by '+', not {languages!r}")
    score = checked.get("min_score")
    if score is not None and not 0.0 <= score <= 1.0:
        raise InvalidJob(f"the least match score is between 0 and 1, not {score!r}")
    rules = checked.get("review_rules")
    if rules is not None and not _is_json_object(rules):
        raise InvalidJob("the review rules are not a JSON object")
    return checked


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def _checked_report(kind: str, report: object) -> ResultDocument | None:
    """The report's result a match or annotate job needs; no other kind carries one."""
    if kind not in KINDS_WITH_REPORT:
        if report is not None:
            raise InvalidJob(f"a {kind} job carries no report result")
        return None
    try:
        return parse_result(report)
    except ResultError as exc:
        raise InvalidJob(f"the job's report result is not a docflags/1 document: {exc}") from None


def _decoded(data: object) -> bytes:
    if not isinstance(data, str) or len(data) > (MAX_INPUT_BYTES // 3 + 1) * 4:
        raise InvalidJob("the job's file is missing or too big")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidJob("the job's file is not valid base64") from None


def _inside(relative: object, shared_dir: Path | None) -> Path:
    """The file `relative` names inside `shared_dir`; never anything outside it."""
    if shared_dir is None:
        raise InvalidJob("this node has no shared folder (start it with --shared-dir)")
    if not isinstance(relative, str) or not relative or "\x00" in relative:
        raise InvalidJob("the job's shared path is not a path")
    posix = PurePosixPath(relative)
    if posix.is_absolute() or "\\" in relative or ".." in posix.parts or ":" in posix.parts[0]:
        raise InvalidJob(f"a shared path is relative to the shared folder: {relative!r}")
    root = shared_dir.resolve()
    target = root.joinpath(*posix.parts).resolve()
    if not target.is_relative_to(root):
        raise InvalidJob(f"{relative!r} leads outside the shared folder")
    if not target.is_file():
        raise InvalidJob(f"{relative!r} is not a file in this node's shared folder")
    return target

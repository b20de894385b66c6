"""What a cluster task carries, and how a node checks it before it touches anything.

A payload is plain JSON (Celery serialises with JSON only, never pickle):

    {"v": 1, "kind": "analyze", "name": "report.pdf",
     "pdf": "<base64 of the file>"            the bytes travel with the task, or
     "shared_path": "intake/report.pdf",      a path relative to the node's --shared-dir,
     "options": {"ocr": true, "ocr_languages": "eng+ind"}}

A node trusts nothing in it: the kind must be one docflags runs on a cluster, a shared path
must stay inside the node's shared folder (after resolving links), sizes and option types are
checked, and unknown fields are refused. No Celery here, so the client side can use it too.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from docflags_gui.worker.main import OCR_LANGUAGES_PATTERN

PAYLOAD_VERSION = 1
# Job kinds a node runs; match and annotate join when their workers take a single input file.
CLUSTER_KINDS = ("analyze",)
# A task's bytes sit in Redis until a node takes them: keep a runaway file out.
MAX_INPUT_BYTES = 200 * 1024 * 1024
MAX_NAME_CHARS = 255
_FIELDS = frozenset({"v", "kind", "name", "pdf", "shared_path", "options"})
_OPTION_TYPES: dict[str, tuple[type, ...]] = {"ocr": (bool,), "ocr_languages": (str, type(None))}


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


def build_payload(
    kind: str,
    path: Path,
    options: Mapping[str, Any],
    *,
    shared_dir: Path | None = None,
) -> dict[str, Any]:
    """The payload for `path`: a path relative to `shared_dir` when it lies inside it, else
    the file's bytes. OSError when the file cannot be read; InvalidJob when it is too big."""
    wanted = {name: options[name] for name in _OPTION_TYPES if name in options}
    payload: dict[str, Any] = {"v": PAYLOAD_VERSION, "kind": kind, "name": path.name}
    payload["options"] = wanted
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
    payload["pdf"] = base64.b64encode(path.read_bytes()).decode("ascii")
    return payload


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
    options = _checked_options(payload.get("options", {}))
    has_bytes, has_path = "pdf" in payload, "shared_path" in payload
    if has_bytes == has_path:
        raise InvalidJob("a job carries either the file's bytes or a shared path, not both")
    if has_bytes:
        return JobInput(kind, name, options, data=_decoded(payload["pdf"]))
    return JobInput(kind, name, options, shared_path=_inside(payload["shared_path"], shared_dir))


def _checked_name(name: object) -> str:
    if not isinstance(name, str) or not name or len(name) > MAX_NAME_CHARS or "\x00" in name:
        raise InvalidJob("the job's file name is missing or not a name")
    return name


def _checked_options(options: object) -> dict[str, Any]:
    if not isinstance(options, dict):
        raise InvalidJob("the job's options are not a mapping")
    checked: dict[str, Any] = {}
    for key, value in options.items():
        types = _OPTION_TYPES.get(key)
        if types is None:
            raise InvalidJob(f"unknown job option {key!r}")
        if not isinstance(value, types):
            raise InvalidJob(f"the job option {key!r} has the wrong type")
        checked[key] = value
    languages = checked.get("ocr_languages")
    if languages is not None and not OCR_LANGUAGES_PATTERN.match(languages):
        raise InvalidJob(f"OCR languages are names joined by '+', not {languages!r}")
    return checked


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

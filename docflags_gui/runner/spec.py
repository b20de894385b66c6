"""What to run: a job spec (kind + input + the kind's options) and the worker argv it becomes.

Every kind of job (analyze today; match and annotate next) is one worker entry point speaking
the same protocol. A kind registers how its spec turns into the worker's arguments; executors
(local subprocesses, a cluster) only ever see the finished argv or the spec itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from docflags_gui.worker.launch import worker_argv

ANALYZE = "analyze"
MATCH = "match"
ANNOTATE = "annotate"

OptionValue = str | int | float | bool | None
ArgvBuilder = Callable[["JobSpec"], list[str]]
"""The worker's own arguments for a spec (after the prefix, before `--stop-file`)."""


@dataclass(frozen=True)
class JobSpec:
    """One job to run: its kind, its input file, and options the kind understands.

    `options` for ANALYZE: `ocr` (bool, default True), `ocr_languages` (str), `ocr_processes`
    (int, default 1), `max_memory` (int: bytes the worker may use; default its 2 GB). For
    MATCH, `input` is the manuscript and the options are `report_result` (str: a JSON file
    holding the report's docflags/1 result), `min_score` (float), `review_rules` (str: the
    review's exclusion rules as JSON, see review.rules.ReviewRules) and `revision` (bool: the
    manuscript revises one already matched against this report). For ANNOTATE, `input` is the
    manuscript, `report_result` the matched, reviewed result and `output` the annotated copy
    to write.
    Plain values only, so a spec can travel to a remote executor as JSON.
    """

    kind: str
    input: Path
    options: Mapping[str, OptionValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in _BUILDERS:
            raise ValueError(f"unknown job kind {self.kind!r} (known: {', '.join(_BUILDERS)})")
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))

    def option(self, name: str, default: OptionValue = None) -> OptionValue:
        return self.options.get(name, default)


_BUILDERS: dict[str, ArgvBuilder] = {}


def register_kind(kind: str, builder: ArgvBuilder) -> None:
    """Make `kind` runnable: `builder(spec)` gives the worker's arguments for a spec of it."""
    _BUILDERS[kind] = builder


def known_kinds() -> tuple[str, ...]:
    return tuple(_BUILDERS)


def spec_argv(spec: JobSpec, prefix: list[str], stop_file: Path | None = None) -> list[str]:
    """The full command line of the worker for `spec`: `prefix` (see worker.launch.
    worker_prefix), the kind's arguments, and the stop file the worker polls."""
    argv = [*prefix, *_BUILDERS[spec.kind](spec)]
    if stop_file is not None:
        argv.append(f"--stop-file={stop_file}")
    return argv


def _analyze_args(spec: JobSpec) -> list[str]:
    languages = spec.option("ocr_languages")
    processes = spec.option("ocr_processes", 1)
    max_memory = spec.option("max_memory")
    return worker_argv(
        spec.input,
        ocr=bool(spec.option("ocr", True)),
        ocr_languages=languages if isinstance(languages, str) else None,
        ocr_processes=processes if isinstance(processes, int) else 1,
        max_memory=max_memory if isinstance(max_memory, int) and max_memory > 0 else None,
        prefix=[],
    )


register_kind(ANALYZE, _analyze_args)


def _match_args(spec: JobSpec) -> list[str]:
    argv = ["--job", MATCH, "--input", str(spec.input)]
    report_result = spec.option("report_result")
    if isinstance(report_result, str):
        argv += ["--report-result", report_result]
    min_score = spec.option("min_score")
    if isinstance(min_score, int | float) and not isinstance(min_score, bool):
        argv += ["--min-score", repr(float(min_score))]
    review_rules = spec.option("review_rules")
    if isinstance(review_rules, str):
        argv.append(f"--review-rules={review_rules}")
    if spec.option("revision") is True:
        argv.append("--revision")
    return argv


register_kind(MATCH, _match_args)


def _annotate_args(spec: JobSpec) -> list[str]:
    argv = ["--job", ANNOTATE, "--input", str(spec.input)]
    for option, flag in (("report_result", "--report-result"), ("output", "--output")):
        value = spec.option(option)
        if isinstance(value, str):
            argv.append(f"{flag}={value}")
    return argv


register_kind(ANNOTATE, _annotate_args)

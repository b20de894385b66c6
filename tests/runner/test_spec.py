"""Job specs to worker command lines: options as the worker reads them, odd paths, kinds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docflags_gui.runner.spec import ANALYZE, JobSpec, known_kinds, register_kind, spec_argv

PREFIX = [sys.executable, "-m", "docflags_gui", "--worker"]


def test_an_analysis_spec_becomes_the_workers_arguments(tmp_path: Path) -> None:
    spec = JobSpec(ANALYZE, tmp_path / "a.pdf", {"ocr": False, "ocr_languages": "eng"})
    argv = spec_argv(spec, PREFIX, tmp_path / "a.stop")
    assert argv == [
        *PREFIX,
        f"--input={tmp_path / 'a.pdf'}",
        "--no-ocr",
        "--ocr-lang",
        "eng",
        f"--stop-file={tmp_path / 'a.stop'}",
    ]


def test_a_path_that_looks_like_an_option_stays_a_path() -> None:
    argv = spec_argv(JobSpec(ANALYZE, Path("-x.pdf"), {"ocr_processes": 3}), PREFIX)
    assert argv[len(PREFIX) :] == ["--input=-x.pdf", "--ocr-processes", "3"]


def test_only_registered_kinds_can_be_specified(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown job kind"):
        JobSpec("no-such-kind", tmp_path / "a.pdf")
    register_kind("echo-for-test", lambda spec: ["--echo", spec.input.name])
    assert "echo-for-test" in known_kinds()
    spec = JobSpec("echo-for-test", tmp_path / "b.txt")
    assert spec_argv(spec, ["w"]) == ["w", "--echo", "b.txt"]


def test_a_spec_cannot_be_changed_after_it_is_made(tmp_path: Path) -> None:
    options = {"ocr": True}
    spec = JobSpec(ANALYZE, tmp_path / "a.pdf", options)
    options["ocr"] = False
    assert spec.option("ocr") is True
    with pytest.raises(TypeError):
        spec.options["ocr"] = False  # type: ignore[index]

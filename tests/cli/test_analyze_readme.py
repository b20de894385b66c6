"""README's two commands: the sample one really analyses the sample, and CI runs the other."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    try_it = readme.split("## Try it", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", try_it, re.DOTALL)]


def test_readme_gives_exactly_two_one_line_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = readme_commands()[1]
    assert "pytest" in test_command and "DOCFLAGS_REQUIRE_OCR=1" in test_command
    assert f"\n{test_command} || status=$?\n" in ci


def test_the_sample_command_prints_the_samples_table() -> None:
    sample_command = readme_commands()[0]
    tail = "docflags analyze resources/sample-report.pdf"
    assert sample_command.endswith(tail)
    done = subprocess.run(
        [sys.executable, "-m", "docflags_gui", *tail.split()[1:]],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("sample-report.pdf | 3 pages | 7 flagged passages")
    for kind in ("highlight", "underline", "strikeout", "note", "drawn", "colored-text"):
        assert kind in done.stdout

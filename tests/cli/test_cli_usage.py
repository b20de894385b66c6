"""`docflags WORD`: a mistyped or unknown command is a usage error listing the commands, never
a file queued in the window; registered commands and real paths still work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docflags_gui.cli import SUBCOMMAND_MODULES, _mistyped_command


def _docflags(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # No display at all: were the word taken for a file, the window would fail to open.
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env_free = {k: v for k, v in os.environ.items() if k not in hidden}
    return subprocess.run(
        [sys.executable, "-m", "docflags_gui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env_free,
        timeout=120,
    )


def test_an_unknown_command_gets_a_usage_error_with_the_commands(tmp_path: Path) -> None:
    run = _docflags("matc", "--help", cwd=tmp_path)
    assert run.returncode == 2
    assert "'matc' is neither a command nor an existing file or folder" in run.stderr
    for command in SUBCOMMAND_MODULES:
        assert command in run.stderr
    assert "display" not in run.stderr.lower()  # it never tried to open the window
    run = _docflags("anaylze", cwd=tmp_path)
    assert run.returncode == 2 and "Commands: " in run.stderr


def test_registered_commands_and_real_paths_are_not_usage_errors(tmp_path: Path) -> None:
    commands = set(SUBCOMMAND_MODULES)
    for command in SUBCOMMAND_MODULES:
        assert not _mistyped_command(command, commands)
    (tmp_path / "report").mkdir()
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    assert not _mistyped_command(str(tmp_path / "report"), commands)
    assert not _mistyped_command(str(pdf), commands)
    assert not _mistyped_command("missing.pdf", commands)  # the window says it is missing
    assert not _mistyped_command("--selftest", commands)
    assert _mistyped_command("anaylze", commands)
    run = _docflags(SUBCOMMAND_MODULES[0], "--help", cwd=tmp_path)
    assert run.returncode == 0 and "usage:" in run.stdout

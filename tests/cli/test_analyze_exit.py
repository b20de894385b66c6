"""How a `docflags analyze` process ends: without tearing the interpreter down, yet with its
output whole, its exit code, and its exit handlers run."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.cli.test_analyze import make_pdf
from tests.processes import run_python

# The program's entry point as the installed script calls it, with one exit handler of ours.
ENTRY_WITH_HANDLER = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('exit handler ran\\n'))\n"
    "from docflags_gui.__main__ import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _entry(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_python(
        ENTRY_WITH_HANDLER, *args, env={**os.environ, "DOCFLAGS_DATA_DIR": str(tmp_path / "data")}
    )


def test_analyze_ends_with_its_output_whole_and_exit_handlers_run(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf")
    done = _entry(tmp_path, "analyze", "--format", "json", str(pdf))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["flags"][0]["text"] == "flagged passage is"
    assert done.stderr.endswith("exit handler ran\n")


def test_a_failed_file_still_ends_with_exit_code_1(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pdf"
    done = _entry(tmp_path, "analyze", "--no-history", str(missing))
    assert done.returncode == 1
    assert "missing.pdf" in done.stderr and done.stderr.endswith("exit handler ran\n")

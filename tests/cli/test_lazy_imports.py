"""The command line loads only what a command needs: never Qt, SQLAlchemy only to read the
history (`docflags analyze` records its jobs with plain sqlite3), openpyxl only for XLSX. Each
case runs the command in a fresh interpreter and lists the modules it ended up with."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from docflags_gui.store.history import HistoryStore
from tests.cli.test_analyze import make_pdf
from tests.processes import LIST_MODULES, listed_modules, run_python

# Runs `docflags ARGS...` in this interpreter, then prints the modules it imported.
RUN_AND_LIST = (
    "import json, sys\n"
    "from docflags_gui.cli import main\n"
    "try:\n"
    "    code = main(sys.argv[1:])\n"
    "except SystemExit as stop:\n"
    "    code = stop.code\n" + LIST_MODULES
)
HEAVY = {"PySide6", "shiboken6", "sqlalchemy", "openpyxl", "pymupdf"}


def _imported(tmp_path: Path, *args: str) -> set[str]:
    """The top-level packages `docflags ARGS...` imported."""
    return {name.split(".")[0] for name in _imported_modules(tmp_path, *args)}


def _imported_modules(tmp_path: Path, *args: str) -> set[str]:
    done = run_python(
        RUN_AND_LIST, *args, env={**os.environ, "DOCFLAGS_DATA_DIR": str(tmp_path / "data")}
    )
    assert done.returncode == 0, done.stderr
    return listed_modules(done)


@pytest.mark.parametrize("args", [["analyze", "--help"], ["--help"], ["history", "--help"]])
def test_help_loads_none_of_the_heavy_libraries(tmp_path: Path, args: list[str]) -> None:
    assert _imported(tmp_path, *args) & HEAVY == set()


# What `docflags analyze` imports before it starts its worker delays the whole run. The
# worker's option values (--max-memory, --ocr-lang) come from worker.option_values, not from
# the worker's own modules (its memory cap loads ctypes) or the engine; the progress line's
# text cells load only on a terminal, messages' escaping (printable) with the first message,
# and the export's temporary names need no `secrets`.
NOT_FOR_ANALYZE = {
    "docflags_gui.printable",
    "docflags_gui.worker.main",
    "docflags_gui.worker.limits",
    "docflags_gui.analysis",
    "docflags_gui.cli.cells",
    "ctypes",
    "secrets",
}


def test_analyze_checks_its_options_without_loading_the_worker(tmp_path: Path) -> None:
    modules = _imported_modules(tmp_path, "analyze", "--help")
    assert "docflags_gui.worker.option_values" in modules
    assert modules & NOT_FOR_ANALYZE == set()
    pdf = make_pdf(tmp_path / "a.pdf")
    args = ["analyze", "--no-history", "--max-memory", "1G", "--ocr-lang", "eng", str(pdf)]
    assert _imported_modules(tmp_path, *args, "--format", "json") & NOT_FOR_ANALYZE == set()


def test_analysing_without_history_loads_no_database_and_no_qt(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf")
    imported = _imported(tmp_path, "analyze", "--no-history", "--format", "json", str(pdf))
    assert imported & HEAVY == set()  # the engine (pymupdf) runs in the worker process


def test_recording_history_loads_no_sqlalchemy_and_xlsx_loads_openpyxl_never_qt(
    tmp_path: Path,
) -> None:
    pdf = make_pdf(tmp_path / "a.pdf")
    run = _imported(tmp_path, "analyze", "--format", "json", "--out", str(tmp_path), str(pdf))
    assert not run & {"PySide6", "shiboken6", "openpyxl", "sqlalchemy"}
    assert not run & {"uuid", "platform"}  # the history's owner id is os.urandom's
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as store:  # the run was recorded
        jobs = store.list_jobs()
        assert [(job.file, job.state, job.origin) for job in jobs] == [("a.pdf", "SUCCESS", "cli")]
        assert store.get_result(jobs[0].id) == json.loads((tmp_path / "a.json").read_text())
    out = tmp_path / "xlsx"
    xlsx_run = _imported(
        tmp_path, "analyze", "--no-history", "-f", "xlsx", "-o", str(out), str(pdf)
    )
    assert "openpyxl" in xlsx_run and not xlsx_run & {"PySide6", "shiboken6", "sqlalchemy"}


def test_reading_the_history_loads_sqlalchemy(tmp_path: Path) -> None:
    assert "sqlalchemy" in _imported(tmp_path, "history")

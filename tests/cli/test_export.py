"""`docflags export JOB_ID... -o PATH`: past analyses from the history, in every export format."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docflags_gui import paths
from docflags_gui.cli import main
from docflags_gui.export.rows import restore_formula
from docflags_gui.result import ResultDocument
from docflags_gui.store.history import HistoryStore
from tests.export.conftest import build_pdf, make_result

REPO_ROOT = Path(__file__).resolve().parents[2]


def _record(
    result: ResultDocument,
    pdf: Path | None = None,
    state: str = "SUCCESS",
    error: str | None = None,
) -> int:
    with HistoryStore(paths.history_db_path(), origin="cli") as store:
        job_id = store.record_queued(pdf or Path("/gone") / result["file"], sha256=result["sha256"])
        store.record_started(job_id)
        store.record_finished(
            job_id, state, result=result if state == "SUCCESS" else None, error=error
        )
    return job_id


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Where the exports go (tmp_path also holds the private data folder)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def two_jobs() -> tuple[int, int, list[ResultDocument]]:
    first = make_result(file="=draft <b>v2</b>.pdf", sha256="a" * 64)
    second = make_result(file="second.pdf", sha256="b" * 64)
    second["flags"] = second["flags"][:2]
    return _record(first), _record(second), [first, second]


def test_csv_of_two_jobs_reads_back_as_their_flags(
    tmp_path: Path, two_jobs: tuple[int, int, list[ResultDocument]], capsys: Any
) -> None:
    first_id, second_id, results = two_jobs
    target = tmp_path / "flags.csv"
    assert main(["export", str(first_id), str(second_id), "-o", str(target)]) == 0
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    expected = [f["text"] for r in results for f in r["flags"]]
    assert [restore_formula(r["text"]) for r in rows] == expected
    assert f"to {target}" in capsys.readouterr().err


def test_xlsx_export_has_every_flag_and_no_formula(
    tmp_path: Path, two_jobs: tuple[int, int, list[ResultDocument]]
) -> None:
    first_id, second_id, results = two_jobs
    target = tmp_path / "flags.xlsx"
    assert (
        main(["export", str(first_id), str(second_id), "--format", "xlsx", "-o", str(target)]) == 0
    )
    sheet = openpyxl.load_workbook(target)["Flags"]
    assert sheet.max_row - 1 == sum(len(r["flags"]) for r in results)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_json_of_one_job_is_the_stored_document(
    tmp_path: Path, two_jobs: tuple[int, int, list[ResultDocument]]
) -> None:
    first_id, _, results = two_jobs
    target = tmp_path / "one.json"
    assert main(["export", str(first_id), "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == results[0]


def test_text_formats_go_to_standard_output_with_dash(
    two_jobs: tuple[int, int, list[ResultDocument]], capsys: Any
) -> None:
    first_id, _, _ = two_jobs
    assert main(["export", str(first_id), "--format", "md", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# \\=draft \\<b\\>v2\\</b\\>.pdf\n")


def test_html_export_cuts_images_from_the_pdf_still_on_disk(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    marks = build_pdf(pdf)
    result = make_result(file="report.pdf", sha256=hashlib.sha256(pdf.read_bytes()).hexdigest())
    result["flags"] = [
        {**result["flags"][i], "id": i + 1, "page": page, "rect": rect}
        for i, (page, rect) in enumerate(marks)
    ]
    job_id = _record(result, pdf=pdf)
    target = tmp_path / "report.html"
    assert main(["export", str(job_id), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").count('src="data:image/') == len(marks)


def test_a_folder_as_output_gets_a_file_named_after_the_job(
    out: Path, two_jobs: tuple[int, int, list[ResultDocument]]
) -> None:
    _, second_id, _ = two_jobs
    assert main(["export", str(second_id), "--format", "csv", "-o", str(out)]) == 0
    assert (out / "second-flags.csv").is_file()


def test_an_unknown_job_fails_clearly_and_writes_nothing(
    out: Path, two_jobs: tuple[int, int, list[ResultDocument]], capsys: Any
) -> None:
    first_id, _, _ = two_jobs
    target = out / "flags.csv"
    assert main(["export", str(first_id), "999", "-o", str(target)]) == 1
    assert "there is no job 999 in the history" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_a_job_without_a_result_fails_with_its_state(out: Path, capsys: Any) -> None:
    job_id = _record(make_result(file="broken.pdf"), state="FAILURE", error="not a PDF")
    assert main(["export", str(job_id), "-o", str(out / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert f"job {job_id} (broken.pdf) has no result to export, it is FAILURE: not a PDF" in err
    assert list(out.iterdir()) == []


def test_an_unknown_extension_asks_for_a_format(
    tmp_path: Path, two_jobs: tuple[int, int, list[ResultDocument]], capsys: Any
) -> None:
    first_id, _, _ = two_jobs
    assert main(["export", str(first_id), "-o", str(tmp_path / "flags.txt")]) == 1
    assert "give --format" in capsys.readouterr().err


def test_a_binary_format_refuses_standard_output(
    two_jobs: tuple[int, int, list[ResultDocument]], capsys: Any
) -> None:
    first_id, _, _ = two_jobs
    assert main(["export", str(first_id), "--format", "xlsx", "-o", "-"]) == 1
    assert "binary" in capsys.readouterr().err


def test_the_command_exits_non_zero_when_the_folder_is_missing(
    tmp_path: Path, two_jobs: tuple[int, int, list[ResultDocument]]
) -> None:
    """The real `docflags` entry point, as a user runs it, in its own process."""
    first_id, _, _ = two_jobs
    target = tmp_path / "missing" / "flags.xlsx"
    env = dict(os.environ, DOCFLAGS_DATA_DIR=str(paths.data_dir()))
    done = subprocess.run(
        [sys.executable, "-m", "docflags_gui", "export", str(first_id), "-o", str(target)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr
    assert not target.parent.exists()

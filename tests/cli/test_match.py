"""`docflags match REPORT MANUSCRIPT`: formats, history (reuse, storing, job ids), bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from tests.cli.test_analyze import docflags
from tests.matching.reports import (
    FOUND,
    MANUSCRIPT_PARAGRAPHS,
    NOT_FOUND,
    REPORT_LINES,
    build_report,
    write_manuscript_txt,
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return build_report(tmp_path / "report.pdf")


@pytest.fixture
def manuscript(tmp_path: Path) -> Path:
    return write_manuscript_txt(tmp_path / "thesis.txt")


def test_match_json_gives_each_passage_its_place_or_null(report: Path, manuscript: Path) -> None:
    done = docflags("match", str(report), str(manuscript), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    text = manuscript.read_text(encoding="utf-8")
    assert result["manuscript"]["file"] == "thesis.txt"
    assert result["manuscript"]["paragraphs"] == len(MANUSCRIPT_PARAGRAPHS)
    flags = result["flags"]
    assert [flag["text"] for flag in flags] == REPORT_LINES
    for index in FOUND:
        match = flags[index]["match"]
        assert text[match["start"] : match["end"]] == match["text"] == REPORT_LINES[index]
        assert match["score"] == 1.0 and match["page"] is None
    assert [flags[i]["match"]["paragraph"] for i in FOUND] == [1, 2, 4]
    for index in NOT_FOUND:
        assert flags[index]["match"] is None


def test_match_table_shows_where_and_score(report: Path, manuscript: Path) -> None:
    done = docflags("match", str(report), str(manuscript))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "3 found in thesis.txt" in lines[0]
    assert lines[1].split()[:6] == ["page", "kind", "colour", "source", "where", "score"]
    assert "¶ 4" in done.stdout and "not in the manuscript" in done.stdout


def test_match_is_kept_with_its_analysis_and_reused(report: Path, manuscript: Path) -> None:
    assert docflags("match", str(report), str(manuscript), "--format", "json").returncode == 0
    again = docflags("match", str(report), str(manuscript), "--format", "json")
    assert again.returncode == 0
    listing = docflags("history").stdout.splitlines()
    assert len(listing) == 3  # header, rule, one job: the second match reused the analysis
    job_id = listing[2].split()[0]
    shown = json.loads(docflags("show", job_id).stdout)
    assert shown["manuscript"]["file"] == "thesis.txt"
    assert shown["flags"][0]["match"]["paragraph"] == 1
    by_id = docflags("match", job_id, str(manuscript), "--format", "csv")
    assert by_id.returncode == 0, by_id.stderr
    rows = list(csv.DictReader(io.StringIO(by_id.stdout)))
    assert [row["where"] for row in rows] == ["¶ 1", "¶ 2", "not in the manuscript", "¶ 4"]
    assert rows[0]["score"] == "1.0"


def test_no_history_records_nothing(report: Path, manuscript: Path) -> None:
    done = docflags("match", str(report), str(manuscript), "--no-history", "--format", "md")
    assert done.returncode == 0, done.stderr
    assert "¶ 2" in done.stdout
    assert "not in the manuscript" in done.stdout
    assert len(docflags("history").stdout.splitlines()) <= 1


def test_xlsx_to_out_dir_carries_where_and_score(
    report: Path, manuscript: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = docflags("match", str(report), str(manuscript), "--format", "xlsx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Flags"]
    header = [cell.value for cell in sheet[1]]
    where, score = header.index("where"), header.index("score")
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[where] for row in values] == ["¶ 1", "¶ 2", "not in the manuscript", "¶ 4"]
    assert values[0][score] == 1.0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("thesis.docx", b"plain text", "this is not a DOCX file"),
        ("thesis.txt", b"", "the file is empty"),
        ("thesis.pages", b"x", "cannot read .pages files"),
    ],
)
def test_a_bad_manuscript_fails_with_one_clear_line(
    report: Path, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    done = docflags("match", str(report), str(bad))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_job_id_and_missing_report_fail(manuscript: Path, tmp_path: Path) -> None:
    unknown = docflags("match", "987", str(manuscript))
    assert unknown.returncode == 1 and "job 987" in unknown.stderr
    missing = docflags("match", str(tmp_path / "none.pdf"), str(manuscript))
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_bad_min_score_is_a_usage_error(report: Path, manuscript: Path) -> None:
    done = docflags("match", str(report), str(manuscript), "--min-score", "2")
    assert done.returncode == 2

"""From a hostile PDF to files: `docflags analyze --format F --out DIR` (through the Export API)
and `docflags export JOB_ID` from the history; every flag back, no formula, no live markup."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pymupdf
import pytest

from docflags_gui.cli import main
from docflags_gui.export.rows import FORMULA_STARTERS, restore_formula

# Passages (page text under a highlight) and comments (the highlight's /Contents).
PASSAGES = ["=cmd|' /C calc'!A0", "+1 plus one", "-2 minus two", "@SUM(1) at sum"]
COMMENTS = ["<script>alert(1)</script>", '=HYPERLINK("http://evil.example","x")', 'a, "b"\nc', None]


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "hostile.pdf"
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    for row, (passage, comment) in enumerate(zip(PASSAGES, COMMENTS, strict=True)):
        y = 120 + 40 * row
        page.insert_text((72, y), f"Before {passage} after.", fontsize=12)
        quads = page.search_for(passage, quads=True)
        annot = page.add_highlight_annot(quads)
        if comment:
            annot.set_info(content=comment)
        annot.update()
    document.save(path)
    document.close()
    return path


def _analyze(pdf: Path, fmt: str, out: Path, capsys: Any) -> Path:
    assert main(["analyze", str(pdf), "--no-ocr", "--format", fmt, "--out", str(out)]) == 0
    capsys.readouterr()
    return out / f"hostile.{'xlsx' if fmt == 'xlsx' else fmt}"


def test_analyze_writes_csv_with_every_flag_and_no_formula(
    hostile_pdf: Path, tmp_path: Path, capsys: Any
) -> None:
    target = _analyze(hostile_pdf, "csv", tmp_path, capsys)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert sorted(restore_formula(r["text"]) for r in rows) == sorted(PASSAGES)
    assert sorted(restore_formula(r["comment"]) for r in rows if r["comment"]) == sorted(
        c for c in COMMENTS if c
    )
    for row in rows:
        assert not any(value.startswith(FORMULA_STARTERS) for value in row.values())


def test_analyze_writes_xlsx_without_formulas(
    hostile_pdf: Path, tmp_path: Path, capsys: Any
) -> None:
    target = _analyze(hostile_pdf, "xlsx", tmp_path, capsys)
    sheet = openpyxl.load_workbook(target)["Flags"]
    texts = [restore_formula(row[6]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(texts) == sorted(PASSAGES)
    with zipfile.ZipFile(target) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)


def test_analyze_writes_html_with_escaped_texts_and_images(
    hostile_pdf: Path, tmp_path: Path, capsys: Any
) -> None:
    html = _analyze(hostile_pdf, "html", tmp_path, capsys).read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('src="data:image/png;base64,') == len(PASSAGES)
    assert "http://evil.example" not in html.replace("&quot;http://evil.example&quot;", "")


def test_history_export_matches_what_analyze_found(
    hostile_pdf: Path, tmp_path: Path, capsys: Any
) -> None:
    assert main(["analyze", str(hostile_pdf), "--no-ocr", "--format", "json"]) == 0
    analysed = json.loads(capsys.readouterr().out)
    assert main(["history", "--format", "json"]) == 0
    job_id = json.loads(capsys.readouterr().out)[0]["id"]
    target = tmp_path / "again.json"
    assert main(["export", str(job_id), "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == analysed


def test_a_failing_export_leaves_nothing_and_exits_non_zero(
    hostile_pdf: Path, tmp_path: Path, capsys: Any
) -> None:
    assert main(["analyze", str(hostile_pdf), "--no-ocr", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["history", "--format", "json"]) == 0
    job_id = json.loads(capsys.readouterr().out)[0]["id"]
    out = tmp_path / "out"
    out.mkdir()
    assert main(["export", str(job_id), "-o", str(out / "missing" / "flags.xlsx")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["export", str(job_id), "999999", "-o", str(out / "flags.csv")]) == 1
    assert "there is no job 999999" in capsys.readouterr().err
    assert list(out.iterdir()) == []

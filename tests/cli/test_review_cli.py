"""`docflags match` with rules, `docflags review`, `docflags annotate`: the review from the command
line, kept in the history across re-analyses, and re-checked against a revised manuscript."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from docflags_gui.matching.readers import read_manuscript
from tests.cli.test_analyze import docflags
from tests.matching.reports import build_report

QUOTED_CITED = "learning happens best when pupils explain ideas to each other"
QUOTED_ONLY = "feedback is the strongest single lever of learning in schools"
PLAIN = "recorded lessons were watched at home whenever the network allowed it"
BIBLIOGRAPHY = "Blended learning in rural provinces of the archipelago"
PARAGRAPHS = [
    f"Many teachers agree that “{QUOTED_CITED}” (Chi & Wylie, 2014). Others wrote that "
    f"“{QUOTED_ONLY}” and went on with their work.",
    f"In our pilot, {PLAIN}, and the teachers kept a diary of every lesson.",
    "References",
    f"Rahman, A. (2021). {BIBLIOGRAPHY}. Journal of Schools, 4(2), 1-20.",
]
PASSAGES = [QUOTED_CITED, QUOTED_ONLY, PLAIN, BIBLIOGRAPHY]


def write_docx(paragraphs: list[str], path: Path) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return build_report(tmp_path / "report.pdf", PASSAGES, "#ff8800")


@pytest.fixture
def manuscript(tmp_path: Path) -> Path:
    return write_docx(PARAGRAPHS, tmp_path / "thesis.docx")


def json_of(*args: str) -> dict[str, Any]:
    done = docflags(*args)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def reviews(result: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(flag["review"]["status"], flag["review"]["suggested"]) for flag in result["flags"]]


def test_rules_suggest_decisions_persist_and_survive_reanalysis(
    report: Path, manuscript: Path
) -> None:
    matched = json_of(
        "match", str(report), str(manuscript), "--format", "json",
        "--exclude-quotes", "--exclude-bibliography",
    )  # fmt: skip
    assert reviews(matched) == [
        ("to-review", "quoted-cited"),
        ("to-review", "needs-fix"),
        ("to-review", None),
        ("to-review", "bibliography"),
    ]
    assert matched["flags"][1]["review"]["reason"] == "quoted but not cited"

    done = docflags("review", "1", "--set", "2=needs-fix", "--set", "3=fixed", "--note", "done")
    assert done.returncode == 0, done.stderr
    assert "2 of 4 reviewed · 1 need a fix" in done.stdout
    shown = json_of("show", "1")
    assert reviews(shown)[1:3] == [("needs-fix", "needs-fix"), ("fixed", None)]
    assert shown["flags"][2]["review"]["note"] == "done"

    again = docflags("analyze", str(report), "--format", "json")  # a new job of the same report
    assert again.returncode == 0, again.stderr
    reanalysed = json_of("show", "2")
    assert reanalysed["flags"][2]["review"]["status"] == "fixed"
    table = docflags("show", "1", "--format", "table")
    assert "Quoted & cited (suggested)" in table.stdout
    assert "Review: 2 of 4 reviewed" in table.stdout


def test_bad_review_arguments_get_one_line(report: Path, manuscript: Path) -> None:
    json_of("match", str(report), str(manuscript), "--format", "json")
    wrong_status = docflags("review", "1", "--set", "2=done")
    assert wrong_status.returncode == 2
    assert "unknown status 'done'" in wrong_status.stderr
    no_flag = docflags("review", "1", "--set", "9=fixed")
    assert no_flag.returncode == 1
    assert "has no flag 9" in no_flag.stderr
    assert "Traceback" not in no_flag.stderr + wrong_status.stderr


def test_annotate_a_stored_match_with_its_decisions(
    report: Path, manuscript: Path, tmp_path: Path
) -> None:
    json_of("match", str(report), str(manuscript), "--format", "json", "--exclude-quotes")
    assert docflags("review", "1", "--set", "3=needs-fix", "--note", "rewrite").returncode == 0
    copy = tmp_path / "annotated.docx"

    done = docflags("annotate", "1", "-o", str(copy))

    assert done.returncode == 0, done.stderr
    assert "4 of 4 flagged passages annotated" in done.stderr
    assert read_manuscript(copy).text == read_manuscript(manuscript).text
    comments = list(docx.Document(str(copy)).comments)
    assert len(comments) == 4
    texts = [comment.text for comment in comments]
    assert any("Status: Needs fix" in t and "Note: rewrite" in t for t in texts)
    assert any("Suggested action: add the missing citation" in t for t in texts)
    wrong = docflags("annotate", "1", "-o", str(tmp_path / "annotated.pdf"))
    assert wrong.returncode == 2 and "is a .docx file" in wrong.stderr


def test_annotate_report_and_text_manuscript_to_html(report: Path, tmp_path: Path) -> None:
    manuscript = tmp_path / "thesis.md"
    manuscript.write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    copy = tmp_path / "thesis-annotated.html"
    done = docflags(
        "annotate", str(report), str(manuscript), "-o", str(copy), "--exclude-bibliography"
    )
    assert done.returncode == 0, done.stderr
    page = copy.read_text(encoding="utf-8")
    assert page.count("<mark ") == 4
    assert "Status: To review (suggested: Bibliography, in the bibliography)" in page


def test_recheck_of_a_revision(report: Path, manuscript: Path, tmp_path: Path) -> None:
    json_of("match", str(report), str(manuscript), "--format", "json", "--exclude-quotes")
    assert docflags("review", "1", "--set", "2=needs-fix", "--set", "3=needs-fix").returncode == 0
    revised = list(PARAGRAPHS)
    revised[0] = revised[0].replace("and went on", "(Hattie, 2009) and went on")
    revised[1] = "In our pilot, pupils watched the lessons at home, and teachers kept a diary."
    revision = write_docx(revised, tmp_path / "thesis-v2.docx")

    rechecked = json_of("match", "1", str(revision), "--format", "json")

    assert reviews(rechecked)[1:3] == [("needs-fix", "quoted-cited"), ("needs-fix", "fixed")]
    assert rechecked["flags"][2]["review"]["reason"] == "no longer in the manuscript"
    # The annotated copy now uses the revision it was matched with.
    copy = tmp_path / "v2.docx"
    assert docflags("annotate", "1", "-o", str(copy)).returncode == 0
    content = zipfile.ZipFile(copy).read("word/comments.xml").decode("utf-8")
    assert len(re.findall(r"<w:comment ", content)) == 3

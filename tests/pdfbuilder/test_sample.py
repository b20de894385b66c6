"""The bundled sample is what its builder makes, and the engine reads every flag in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.result import ResultDocument
from tests.pdfbuilder.sample import EXPECTED, SAMPLE_PATH, SIMILARITY, SOURCES, build_sample


@pytest.fixture(scope="module")
def sample_result() -> ResultDocument:
    return analyze_pdf(SAMPLE_PATH, AnalysisOptions(ocr=False)).to_dict()


def test_the_committed_sample_is_exactly_what_the_builder_makes(tmp_path: Path) -> None:
    fresh = tmp_path / "sample.pdf"
    build_sample(fresh)
    assert fresh.read_bytes() == SAMPLE_PATH.read_bytes(), (
        "resources/sample-report.pdf is stale: run python -m tests.pdfbuilder.sample"
    )
    assert SAMPLE_PATH.stat().st_size < 100_000


def test_every_flag_of_the_sample_is_found_with_its_text_colour_and_comment(
    sample_result: ResultDocument,
) -> None:
    got = [
        (f["page"], f["kind"], f["text"], f["color"], f["comment"]) for f in sample_result["flags"]
    ]
    assert got == [(e.page, e.kind, e.text, e.color, e.comment) for e in EXPECTED]


def test_the_summary_page_gives_similarity_and_sources(sample_result: ResultDocument) -> None:
    assert sample_result["similarity"] == SIMILARITY
    assert [(s["n"], s["name"], s["type"], s["label"]) for s in sample_result["sources"]] == [
        (n, name, kind, label) for n, name, kind, label in SOURCES
    ]
    assert sample_result["warnings"] == []


def test_superscript_source_numbers_after_coloured_text_are_read(
    sample_result: ResultDocument,
) -> None:
    coloured = [f for f in sample_result["flags"] if f["kind"] == "colored-text"]
    assert [f["source"] for f in coloured] == [
        e.source for e in EXPECTED if e.kind == "colored-text"
    ]


def test_superscript_source_numbers_after_drawn_marks_are_read(
    sample_result: ResultDocument,
) -> None:
    drawn = [f for f in sample_result["flags"] if f["kind"] == "drawn"]
    assert [f["source"] for f in drawn] == [e.source for e in EXPECTED if e.kind == "drawn"]

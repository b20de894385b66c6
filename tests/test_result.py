"""The docflags/1 result's one check, made where a document enters the program."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.result import ResultError, parse_result
from tests.pdfbuilder.sample import build_sample
from tests.store.factories import make_result


def test_an_engine_result_and_a_matched_result_pass(tmp_path: Path) -> None:
    path = tmp_path / "sample.pdf"
    build_sample(path)
    document = analyze_pdf(path, AnalysisOptions(ocr=False)).to_dict()
    assert document["flags"]
    assert parse_result(document) is document
    matched: Any = copy.deepcopy(make_result())
    matched["flags"][0]["match"] = {
        "start": 0,
        "end": 5,
        "text": "the f",
        "paragraph": 1,
        "page": None,
        "score": 1,
    }
    matched["flags"].append({**matched["flags"][0], "id": 2, "match": None})
    matched["manuscript"] = {
        "file": "m.docx",
        "sha256": "b" * 64,
        "format": "docx",
        "chars": 5,
        "paragraphs": 1,
        "pages": None,
    }
    assert parse_result(matched) is matched


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda d: d.update(schema="docflags/2"), "schema 'docflags/2'"),
        (lambda d: d.pop("sha256"), "sha256 is missing"),
        (lambda d: d.update(flags=None), "flags is not a list"),
        (lambda d: d["flags"][0].update(page=True), "flag 1: page is missing or not a whole"),
        (lambda d: d["flags"][0].pop("rect"), "flag 1: rect is not four numbers"),
        (lambda d: d["flags"][0].update(color=3), "flag 1: color is not text or null"),
        (lambda d: d["flags"][0].update(match={"start": 1}), "flag 1's match: end"),
        (lambda d: d["sources"][0].update(n="1"), "source 1: n is missing"),
        # The quick check of plain flags lets none of these through.
        (lambda d: d["flags"][0].update(id=True), "flag 1: id is missing or not a whole"),
        (lambda d: d["flags"][0].update(ocr=0), "flag 1: ocr is missing or not true or false"),
        (lambda d: d["flags"][0].pop("comment"), "flag 1: comment is missing"),
        (lambda d: d["flags"][0].update(source="2"), "flag 1: source is not a whole number"),
        (lambda d: d["flags"][0].update(rect=[1, 2, True, 4]), "flag 1: rect is not four"),
        (lambda d: d["flags"][0].update(rect=[1.0, 2.0, 3.0]), "flag 1: rect is not four"),
        (
            lambda d: d["flags"].extend([d["flags"][0], {**d["flags"][0], "text": None}]),
            "flag 3: text is missing",
        ),
        (lambda d: d.update(warnings=[None]), "warnings are not all text"),
    ],
)
def test_what_is_wrong_with_a_document_is_named(spoil: Any, message: str) -> None:
    document: Any = make_result()
    spoil(document)
    with pytest.raises(ResultError, match=message):
        parse_result(document)


def test_a_document_must_be_an_object() -> None:
    with pytest.raises(ResultError, match="not an object"):
        parse_result([make_result()])

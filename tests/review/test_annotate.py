"""Annotated copies in every format: the text is the original's, one comment (or highlight) per
matched flag, anchored on exactly the passage, formatting of split runs kept."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pymupdf
import pytest

from docflags_gui.matching.manuscript import ManuscriptError
from docflags_gui.matching.readers import read_manuscript
from docflags_gui.matching.result import match_document
from docflags_gui.result import ResultDocument
from docflags_gui.review.annotate import copy_suffix, write_annotated_copy
from docflags_gui.review.entries import Decision, passage_key, review_document
from docflags_gui.review.rules import ReviewRules
from docflags_gui.review.statuses import Status
from tests.matching.writers import paragraphs_of, write_manuscript

CASE = "vector-en-s1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def reviewed_match(corpus_dir: Path, manuscript: Path) -> ResultDocument:
    truth_path = corpus_dir / "synthetic" / f"{CASE}.truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    read = read_manuscript(manuscript)
    matched = match_document(truth, manuscript, read)
    first = matched["flags"][0]
    decisions = {passage_key(first): Decision(Status.NEEDS_FIX, "rewrite this one")}
    return review_document(matched, ReviewRules(exclude_small=4), decisions, None)


@pytest.fixture(params=["txt", "md", "docx", "odt", "pdf"])
def manuscript(request: pytest.FixtureRequest, corpus_dir: Path, tmp_path: Path) -> Path:
    text = (corpus_dir / "synthetic" / f"{CASE}.manuscript.txt").read_text(encoding="utf-8")
    return write_manuscript(paragraphs_of(text), tmp_path / f"manuscript.{request.param}", seed=3)


def _docx_anchored(path: Path) -> dict[str, str]:
    """The text between each comment's range markers, in document order."""
    body = docx.Document(str(path)).element.body
    anchored: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for element in body.iter():
        tag = element.tag
        if tag == f"{_W}commentRangeStart":
            open_ids.add(element.get(f"{_W}id"))
            anchored[element.get(f"{_W}id")] = []
        elif tag == f"{_W}commentRangeEnd":
            open_ids.discard(element.get(f"{_W}id"))
        elif tag == f"{_W}t" and element.getparent().getparent().tag != f"{_W}del":
            for comment_id in open_ids:
                anchored[comment_id].append(element.text or "")
        elif tag == f"{_W}p":
            for comment_id in open_ids:
                anchored[comment_id].append(" ")
    return {key: "".join(parts) for key, parts in anchored.items()}


def _quads(annot: Any) -> list[list[Any]]:
    vertices = annot.vertices
    return [vertices[i : i + 4] for i in range(0, len(vertices), 4)]


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_copy_has_the_original_text_and_one_annotation_per_matched_flag(
    corpus_dir: Path, manuscript: Path, tmp_path: Path
) -> None:
    document = reviewed_match(corpus_dir, manuscript)
    matched = [flag["match"] for flag in document["flags"] if flag["match"]]
    assert len(matched) >= 0.9 * len(document["flags"])
    target = tmp_path / f"annotated{copy_suffix(manuscript)}"

    written = write_annotated_copy(document, manuscript, target)

    assert written == len(matched)
    kind = manuscript.suffix.lstrip(".")
    original = read_manuscript(manuscript).text
    if kind in ("docx", "odt", "pdf"):
        assert read_manuscript(target).text == original
    if kind == "docx":
        comments = list(docx.Document(str(target)).comments)
        assert len(comments) == len(matched)
        anchored = _docx_anchored(target)
        by_start = sorted(matched, key=lambda match: (match["start"], match["end"]))
        for comment_id, match in zip(sorted(anchored, key=int), by_start, strict=True):
            assert _squash(anchored[comment_id]) == _squash(match["text"])
        assert any("Note: rewrite this one" in comment.text for comment in comments)
        assert all("Suggested action:" in comment.text for comment in comments)
    elif kind == "odt":
        content = zipfile.ZipFile(target).read("content.xml").decode("utf-8")
        assert content.count("<office:annotation ") == len(matched)
        assert content.count("<office:annotation-end ") == len(matched)
    elif kind == "pdf":
        with pymupdf.open(target) as copy:
            annots = [
                (
                    annot.type[1],
                    page.number,
                    annot.info,
                    [pymupdf.Quad(q).rect for q in _quads(annot)],
                )
                for page in copy
                for annot in page.annots()
            ]
            under = [
                " ".join(copy[number].get_textbox(rect).strip() for rect in rects)
                for _, number, _, rects in annots
            ]
        highlights = [entry for entry in annots if entry[0] == "Highlight"]
        assert len(highlights) == len(matched)  # one per flag; a continuation is underlined
        assert {kind for kind, *_ in annots} <= {"Highlight", "Underline"}
        assert all(info["title"] == "docflags" for _, _, info, _ in annots)
        passages = " ".join(_squash(match["text"]) for match in matched)
        for text in under:  # each marked line's text lies in a matched passage
            assert _squash(text).replace("- ", "")[:40] in passages.replace("- ", "")
    else:
        page = target.read_text(encoding="utf-8")
        shown = re.search(r'<pre class="manuscript">(.*)</pre>', page, re.S)
        assert shown is not None
        import html

        plain = html.unescape(re.sub(r"<sup>.*?</sup>|<[^>]+>", "", shown.group(1)))
        assert plain == original
        assert page.count("<mark ") == len(matched)


def test_split_runs_keep_their_formatting(tmp_path: Path) -> None:
    source = tmp_path / "styled.docx"
    document = docx.Document()
    paragraph = document.add_paragraph("Plain start, ")
    bold = paragraph.add_run("bold words that the report flagged")
    bold.bold = True
    paragraph.add_run(" and a plain end.")
    document.save(str(source))
    text = read_manuscript(source).text
    start = text.index("words that")
    end = text.index(" and a plain") + len(" and a")
    passage = text[start:end]
    match = {"start": start, "end": end, "text": passage}
    flag = {"id": 1, "page": 1, "kind": "drawn", "color": "#ff0000", "text": passage}
    flagged = {"flags": [{**flag, "source": None, "match": match}]}
    target = tmp_path / "annotated.docx"

    assert write_annotated_copy(flagged, source, target) == 1

    runs = [run for run in docx.Document(str(target)).paragraphs[0].runs if run.text]
    assert [(run.text, bool(run.bold)) for run in runs] == [
        ("Plain start, ", False),
        ("bold ", True),
        ("words that the report flagged", True),
        (" and a", False),
        (" plain end.", False),
    ]
    assert _docx_anchored(target) == {"0": "words that the report flagged and a"}


def test_the_copy_format_must_fit_the_manuscript(tmp_path: Path) -> None:
    source = tmp_path / "m.txt"
    source.write_text("Some text to annotate here.", encoding="utf-8")
    with pytest.raises(ManuscriptError, match=r"\.html file"):
        write_annotated_copy({"flags": []}, source, tmp_path / "copy.docx")

"""The shared builder helpers place words exactly where MuPDF's extraction finds them."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from tests.pdfbuilder.core import (
    TextFlow,
    hex_color,
    locate,
    new_document,
    new_page,
    save_pdf,
    write_line,
    write_superscript,
)


@pytest.mark.parametrize("fontname", ["helv", "tiro", "cour"])
def test_word_boxes_match_mupdf_word_extraction(fontname: str) -> None:
    doc = new_document()
    page = new_page(doc)
    line = write_line(page, (72, 100), "Hello world, frame- work", fontname=fontname)
    extracted = page.get_text("words")
    assert [w[4] for w in extracted] == [w.text for w in line.words]
    for placed, got in zip(line.words, extracted, strict=True):
        assert placed.rect == pytest.approx(got[:4], abs=0.05)


def test_span_gives_the_union_box_and_text_of_a_word_range() -> None:
    page = new_page(new_document())
    line = write_line(page, (72, 100), "alpha beta gamma delta")
    assert line.span_text(1, 2) == "beta gamma"
    box = line.span(1, 2)
    assert page.get_textbox(pymupdf.Rect(box)).strip() == "beta gamma"
    assert line.span(-1) == line.words[3].rect


def test_superscript_is_a_small_raised_span_that_mupdf_flags_as_superscript() -> None:
    page = new_page(new_document())
    line = write_line(page, (72, 100), "cited passage")
    label = write_superscript(page, line.words[-1], "3")
    spans = [s for b in page.get_text("dict")["blocks"] for ln in b["lines"] for s in ln["spans"]]
    assert [s["text"] for s in spans] == ["cited passage", "3"]
    assert spans[1]["flags"] & pymupdf.TEXT_FONT_SUPERSCRIPT
    assert label.rect == pytest.approx(spans[1]["bbox"], abs=0.05)
    # As in real documents, word extraction glues the label to the word it follows.
    assert page.get_text("words")[-1][4] == "passage3"


def test_text_flow_wraps_and_starts_new_pages() -> None:
    doc = new_document()
    flow = TextFlow(doc)
    for _ in range(10):
        flow.paragraph("lorem ipsum dolor sit amet " * 30)
    assert doc.page_count > 1
    for placed in flow.lines:
        assert placed.rect[2] <= flow.page_size[0] - flow.margin + 0.01
        assert placed.rect[3] <= flow.page_size[1] - flow.margin + flow.fontsize


def test_saving_twice_gives_identical_bytes(tmp_path: Path) -> None:
    def build(path: Path) -> bytes:
        doc = new_document()
        page = new_page(doc)
        write_line(page, (72, 100), "same every time", color=hex_color("#ff0000"))
        page.add_highlight_annot(quads=[pymupdf.Rect(70, 85, 200, 105)])
        save_pdf(doc, path)
        return path.read_bytes()

    assert build(tmp_path / "a.pdf") == build(tmp_path / "b.pdf")


def test_hex_color_rejects_malformed_values() -> None:
    assert hex_color("#ff0000") == (1.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        hex_color("#f00")


def test_locate_finds_a_phrase_running_over_lines() -> None:
    doc = new_document()
    flow = TextFlow(doc)
    lines = flow.paragraph(" ".join(f"word{n}" for n in range(200)))
    phrase = " ".join([lines[0].span_text(-2, -1), lines[1].span_text(0, 1)])
    runs = locate(lines, phrase)
    assert [(line, a, b) for line, a, b in runs] == [
        (lines[0], len(lines[0].words) - 2, len(lines[0].words) - 1),
        (lines[1], 0, 1),
    ]
    with pytest.raises(ValueError):
        locate(lines, "eleven")

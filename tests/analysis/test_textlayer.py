"""The coverage and joining rules of analysis.textlayer, on pages built in memory."""

from __future__ import annotations

import pymupdf

from docflags_gui.analysis.textlayer import PageText, join_texts_by_line, normalize_text


def _page_with_lines(lines: list[str]) -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    for i, text in enumerate(lines):
        page.insert_text((50, 60 + 20 * i), text, fontsize=11, fontname="helv")
    return page


def test_whole_words_inside_a_mark_are_read_in_order() -> None:
    page = _page_with_lines(["alpha beta gamma delta"])
    text = PageText(page)
    beta, gamma = text.words[1], text.words[2]
    rect = (beta.x0 - 1, beta.y0, gamma.x1 + 1, gamma.y1)
    assert text.covered_text([rect]) == "beta gamma"


def test_a_mark_that_starts_mid_word_yields_a_partial_word() -> None:
    page = _page_with_lines(["framework"])
    text = PageText(page)
    word = text.words[0]
    middle = (word.x0 + word.x1) / 2
    assert text.covered_text([(middle, word.y0, word.x1, word.y1)]) in {"work", "ework", "mework"}
    got = text.covered_text([(middle, word.y0, word.x1, word.y1)])
    assert "framework".endswith(got) and 0 < len(got) < len("framework")


def test_line_end_hyphen_is_joined_when_the_passage_goes_on() -> None:
    assert join_texts_by_line([(1, "frame-"), (2, "work")]) == "framework"
    assert join_texts_by_line([(1, "dynamically-")]) == "dynamically-"
    assert join_texts_by_line([(1, "a"), (1, "b")]) == "a b"


def test_ligatures_are_expanded() -> None:
    assert normalize_text("di\ufb00icult  \n work") == "difficult work"

"""The coverage and joining rules of analysis.textlayer, on pages built in memory."""

from __future__ import annotations

import pymupdf

from docflags_gui.analysis.joining import join_texts_by_line, normalize_text
from docflags_gui.analysis.textlayer import PageText
from docflags_gui.analysis.words import Span, word_runs


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


def _glyph_edges(text: PageText, word_index: int) -> list[float]:
    """x of each character boundary of a word, from the page's own glyph boxes."""
    glyphs = text.glyphs_of_word(text.words[word_index])
    return [glyphs[0].x0] + [g.x1 for g in glyphs]


def test_a_glyph_counts_only_when_at_least_half_of_it_is_inside() -> None:
    text = PageText(_page_with_lines(["marking"]))
    word = text.words[0]
    edges = _glyph_edges(text, 0)
    m0, m1 = edges[0], edges[1]
    # 60% of "m" inside: kept; 40% inside: left out.
    assert text.covered_text([(m0 + 0.4 * (m1 - m0), word.y0, word.x1, word.y1)]) == "marking"
    assert text.covered_text([(m0 + 0.6 * (m1 - m0), word.y0, word.x1, word.y1)]) == "arking"


def test_a_mark_lower_than_half_the_line_height_reads_nothing() -> None:
    text = PageText(_page_with_lines(["alpha beta"]))
    w = text.words[0]
    low = (w.x0, w.y0 + 0.55 * (w.y1 - w.y0), w.x1, w.y1 + 10)
    assert text.covered_text([low]) == ""
    high = (w.x0, w.y0 + 0.45 * (w.y1 - w.y0), w.x1, w.y1 + 10)
    assert text.covered_text([high]) == "alpha"


def test_stacked_quads_add_up_without_reading_glyph_boxes() -> None:
    """Two quads that each cover 30% of the word's height, together 60%: the word counts,
    decided from the word box alone (no per-character extraction for the page)."""
    text = PageText(_page_with_lines(["alpha beta"]))
    w = text.words[1]
    h = w.y1 - w.y0
    top = (w.x0 - 1, w.y0, w.x1 + 1, w.y0 + 0.3 * h)
    bottom = (w.x0 - 1, w.y1 - 0.3 * h, w.x1 + 1, w.y1)
    assert text.covered_text([top, bottom]) == "beta"
    assert "_chars" not in text.__dict__


def test_a_mark_ending_on_the_next_words_edge_reads_no_glyphs_of_it() -> None:
    """pdf-lib overlays end a segment a few thousandths of a point inside the next word: that
    word is not covered, decided without the page's characters; a mark reaching further into
    it has them looked at."""
    text = PageText(_page_with_lines(["alpha beta gamma"]))
    alpha, beta, gamma = text.words
    touching = [
        (alpha.x0 - 1, alpha.y0, gamma.x0 + 0.005, alpha.y1),
        (alpha.x1 - 0.005, alpha.y0, beta.x1 + 1, alpha.y1),
    ]
    assert [text.covered_text([rect]) for rect in touching] == ["alpha beta", "beta"]
    assert "_chars" not in text.__dict__
    assert text.covered_text([(alpha.x0 - 1, alpha.y0, gamma.x0 + 0.5, alpha.y1)]) == "alpha beta"
    assert "_chars" in text.__dict__


def test_one_quad_per_glyph_reads_the_glyphs() -> None:
    text = PageText(_page_with_lines(["pellentesque"]))
    edges = _glyph_edges(text, 0)
    w = text.words[0]
    quads = [(edges[i], w.y0, edges[i + 1], w.y1) for i in range(1, 5)]
    assert text.covered_text(quads) == "elle"


def test_lines_group_words_in_reading_order_with_their_boxes() -> None:
    text = PageText(_page_with_lines(["one two", "three"]))
    (box1, first), (box2, second) = text.lines
    assert [w.text for w in first] == ["one", "two"] and [w.text for w in second] == ["three"]
    assert box1[0] == first[0].x0 and box1[2] == first[1].x1 and box2[1] > box1[1]
    assert [w.seq for w in text.words] == [0, 1, 2]


def test_order_near_puts_a_note_after_the_nearest_word() -> None:
    text = PageText(_page_with_lines(["one two", "three four"]))
    four = text.words[3]
    assert text.order_near((four.x1 + 30, four.y0, four.x1 + 50, four.y1)) == 3.5


def _page_with_a_word_changing_colour() -> pymupdf.Page:
    """A page whose first line reads "pretested now": "pre" in black, the rest in red."""
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((50, 60), "pre", fontsize=11, color=(0, 0, 0))
    x = 50 + pymupdf.Font("helv").text_length("pre", 11)
    page.insert_text((x, 60), "tested now", fontsize=11, color=(1, 0, 0))
    return page


def test_runs_split_a_word_that_changes_colour() -> None:
    text = PageText(_page_with_a_word_changing_colour())
    runs = text.runs_of(text.words[0])
    assert [(r.text, r.color) for r in runs] == [("pre", 0x000000), ("tested", 0xFF0000)]
    assert [(r.text, r.color) for r in text.runs_of(text.words[1])] == [("now", 0xFF0000)]


def test_runs_of_a_whole_line_are_the_runs_of_each_of_its_words() -> None:
    page = _page_with_a_word_changing_colour()
    page.insert_text((50, 90), "second line", fontsize=11, color=(0, 0, 1))
    text = PageText(page)
    for _, line_words in text.lines:
        assert text.runs_of_line(line_words) == [text.runs_of(w) for w in line_words]
    assert [r.text for r in text.runs_of_line(text.lines[0][1])[0]] == ["pre", "tested"]


def _span(text: str, color: int = 0) -> Span:
    return Span(text, (0.0, 0.0, 1.0, 1.0), 11.0, color, 255, "Helv", 0, (0.0, 1.0), 0, 0, (1, 0))


def test_a_lines_spans_split_into_words_on_white_space_within_before_and_after_them() -> None:
    """MuPDF ends a word at any white space: inside a span, at its start or end, or a span of
    white space alone (a no-break space too); a word may run on across spans ("pre" "fix")."""
    spans = [
        _span("pre"),
        _span("fix and", 0xFF0000),
        _span(" more\t"),
        _span("\u00a0"),
        _span("end"),
        _span("ing\u2003", 0x0000FF),
        _span(""),
        _span("last"),
    ]
    groups = word_runs(spans)
    assert [[(r.text, r.color) for r in g] for g in groups] == [
        [("pre", 0), ("fix", 0xFF0000)],
        [("and", 0xFF0000)],
        [("more", 0)],
        [("end", 0), ("ing", 0x0000FF)],
        [("last", 0)],
    ]


def test_a_line_end_hyphen_before_a_digit_or_a_capital_is_a_real_hyphen() -> None:
    assert join_texts_by_line([(1, "1990-"), (2, "2000")]) == "1990-2000"
    assert join_texts_by_line([(1, "non-"), (2, "VM")]) == "non-VM"
    assert join_texts_by_line([(1, "COVID-"), (2, "19")]) == "COVID-19"
    assert join_texts_by_line([(1, "INTER-"), (2, "NATIONAL")]) == "INTERNATIONAL"


def test_hyphens_join_only_at_a_line_break() -> None:
    assert join_texts_by_line([(1, "well-"), (1, "known")]) == "well- known"
    assert join_texts_by_line([(1, "a"), (1, "-"), (2, "b")]) == "a - b"
    assert join_texts_by_line([(1, "frame\u00ad"), (2, "work")]) == "framework"


def test_text_colours_are_known_without_extracting_the_spans() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((50, 60), "black", fontsize=11)
    page.insert_text((50, 80), "red", fontsize=11, color=(1, 0, 0))
    text = PageText(page)
    assert text.text_colors == {0x000000, 0xFF0000}
    assert "spans" not in text.__dict__
    assert {s.color for s in text.spans} == text.text_colors


def test_an_unspaced_dash_or_slash_at_a_line_end_joins_without_a_space() -> None:
    assert join_texts_by_line([(1, "1990\u2013"), (2, "2000")]) == "1990\u20132000"
    assert join_texts_by_line([(1, "and/"), (2, "or")]) == "and/or"
    assert join_texts_by_line([(1, "https://example.org/"), (2, "data")]) == (
        "https://example.org/data"
    )
    assert join_texts_by_line([(1, "a \u2014"), (2, "b")]) == "a \u2014 b"
    assert join_texts_by_line([(1, "and/"), (1, "or")]) == "and/ or"

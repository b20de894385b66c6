"""What the read-ahead helper reads of a page (`analysis/page_reading.read_page`) is what the
worker's own `PageText` extracts: the spans, sent for pages whose text has colour, included."""

from __future__ import annotations

import itertools
from functools import partial
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis.page_reading import has_colored_text, is_chromatic_text, read_page
from docflags_gui.analysis.textlayer import PageText, words_of_tuples
from tests.pdfbuilder.colored import build_colored_report


@pytest.fixture(scope="module")
def colored_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("page-reading") / "colored.pdf"
    build_colored_report(path)
    return path


def _black_page() -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((50, 60), "plain black text", fontsize=11)
    page.insert_text((50, 90), "and grey text", fontsize=11, color=(0.4, 0.4, 0.4))
    return page


def test_pages_with_coloured_text_get_their_spans_as_the_worker_extracts_them(
    colored_report: Path,
) -> None:
    with pymupdf.open(colored_report) as doc:
        for page in doc:
            words, colors, _, spans, _ = read_page(page)
            own = PageText(page)
            assert spans is not None, f"page {page.number}: coloured text without spans"
            read = PageText(page, words=partial(words_of_tuples, words), colors=colors, spans=spans)
            assert read.words == own.words
            assert read.spans == own.spans
            assert [read.runs_of(w) for w in read.words] == [own.runs_of(w) for w in own.words]
            # The text page is made only for the spans the worker reads itself.
            assert "textpage" not in read.__dict__


def test_pages_without_coloured_text_get_no_spans() -> None:
    words, colors, _, spans, _ = read_page(_black_page())
    assert len(words) == 6 and colors and spans is None


def test_the_colours_come_from_the_helper_until_the_spans_are_read(colored_report: Path) -> None:
    """`text_colors` keeps its rule with spans sent along: the HTML colours until the spans
    are read (a detector asked for them), then the spans' colours, as in the worker alone."""
    with pymupdf.open(colored_report) as doc:
        page = doc[0]
        _, colors, _, spans, _ = read_page(page)
        read = PageText(page, colors=colors, spans=spans)
        assert read.text_colors is colors
        after = PageText(page, colors=colors, spans=spans)
        assert after.spans
        assert after.text_colors == frozenset(s.color for s in after.spans)


def test_coloured_text_is_the_coloured_text_detectors_rule() -> None:
    levels = range(0, 256, 15)
    for red, green, blue in itertools.product(levels, levels, levels):
        color = red << 16 | green << 8 | blue
        assert has_colored_text(frozenset({0, color})) is is_chromatic_text(color)
    assert not has_colored_text(frozenset())

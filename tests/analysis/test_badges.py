"""Source numbers (FORMATS.md §1-§3): badges give a passage its source and start a new flag;
their digits never enter a flag's text, and a badge alone is never a flag."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from docflags_gui.analysis.model import Flag
from tests.analysis.built import TEXT, analyse
from tests.pdfbuilder import drawn as b
from tests.pdfbuilder.core import hex_color, new_page, write_superscript


def summary(flags: list[Flag]) -> list[tuple[str, int | None]]:
    return [(f.text, f.source) for f in flags]


def test_boxed_superscript_after_a_passage_is_its_source_and_not_its_text(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        run = b.Run(lines[0], 4, 7)
        b.fill_behind(page, [run], b.ORANGE)
        b.superscript_badge(page, run, 3, b.ORANGE)

    assert summary(analyse(tmp_path, build)) == [("teachers adopt digital tools", 3)]


def test_bare_superscript_digits_in_the_source_colour_are_the_source(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        run = b.Run(lines[1], 0, 2)
        b.fill_behind(page, [run], b.BROWN)
        b.superscript_badge(page, run, 10, b.BROWN, boxed=False)

    assert summary(analyse(tmp_path, build)) == [("across three provinces", 10)]


def test_a_superscript_ends_a_passage_even_when_the_same_colour_goes_on(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        first = [b.Run(lines[0], 9), b.Run(lines[1], 0, 1)]
        second = [b.Run(lines[1], 2), b.Run(lines[2], 0, 0)]
        b.fill_over(page, first + second, b.RED)
        b.superscript_badge(page, first[-1], 1, b.RED)
        b.superscript_badge(page, second[-1], 11, b.RED)

    assert summary(analyse(tmp_path, build)) == [
        ("rural schools across three", 1),
        ("provinces and found that support from peers matters most when", 11),
    ]


def test_margin_square_names_the_match_starting_on_its_line(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        match = [b.Run(lines[0], 6), b.Run(lines[1], 0, 0)]
        b.polygons_over(page, match, b.TII_RED)
        b.margin_badge(page, match[0], 16, b.TII_RED)
        plain = [b.Run(lines[3], 1, 2)]
        b.polygons_over(page, plain, b.TII_YELLOW)

    assert summary(analyse(tmp_path, build)) == [
        ("digital tools in rural schools across", 16),
        ("infrastructure gaps", None),
    ]


def test_a_margin_square_starts_a_new_match_of_the_same_colour(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        first = [b.Run(lines[0], 9), b.Run(lines[1], 0, 1)]
        b.polygons_over(page, first, b.TII_ORANGE)
        b.margin_badge(page, first[0], 5, b.TII_ORANGE)
        second = [b.Run(lines[2], 0, 2)]
        b.polygons_over(page, [b.Run(lines[1], 2), *second], b.TII_ORANGE)
        b.margin_badge(page, b.Run(lines[1], 2), 7, b.TII_ORANGE)

    assert summary(analyse(tmp_path, build)) == [
        ("rural schools across three", 5),
        ("provinces and found that support from peers matters most when training programmes", 7),
    ]


def test_tag_above_left_of_a_passage_is_its_source(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT, leading=20)
        run = b.Run(lines[2], 3, 5)
        b.tag_badge(page, run, 12, "#0064d1")
        b.fill_over(page, [run], "#0064d1", opacity=0.2)

    assert summary(analyse(tmp_path, build)) == [("are short and", 12)]


def test_a_badge_on_its_own_is_not_a_flag(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        b.superscript_badge(page, b.Run(lines[0], 0, 1), 4, b.BLUE)
        b.margin_badge(page, b.Run(lines[2]), 9, b.TII_GREEN)

    assert analyse(tmp_path, build) == []


def test_a_black_superscript_right_after_a_passage_is_its_source(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        run = b.Run(lines[1], 0, 2)
        b.fill_behind(page, [run], b.BROWN)
        b.superscript_badge(page, run, 2, "#000000", boxed=False)

    assert summary(analyse(tmp_path, build)) == [("across three provinces", 2)]


def test_a_black_footnote_number_elsewhere_is_neither_a_source_nor_removed(
    tmp_path: Path,
) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        b.superscript_badge(page, b.Run(lines[0], 0, 1), 7, "#000000", boxed=False)
        run = b.Run(lines[0], 0, 5)
        b.fill_over(page, [run], b.BLUE)

    ((text, source),) = summary(analyse(tmp_path, build))
    assert source is None
    assert "7" in text


def test_a_coloured_superscript_glued_to_the_last_word_is_the_source(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        run = b.Run(lines[3], 1, 2)
        b.fill_over(page, [run], b.PURPLE)
        write_superscript(page, run.words[-1], "6", color=hex_color(b.PURPLE), gap=0.0)

    assert summary(analyse(tmp_path, build)) == [("infrastructure gaps", 6)]


def test_glued_superscript_digits_under_the_mark_leave_the_text(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        run = b.Run(lines[3], 7, 8)
        label = write_superscript(page, run.words[-1], "14", color=hex_color(b.PURPLE), gap=0.0)
        x0, y0, _, y1 = run.rect
        page.draw_rect(
            (x0, y0, label.rect[2] + 1, y1),
            color=None,
            fill=hex_color(b.PURPLE),
            fill_opacity=0.3,
        )

    assert summary(analyse(tmp_path, build)) == [("of use", 14)]


def test_margin_squares_drawn_before_their_marks_still_name_the_right_match(
    tmp_path: Path,
) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        first = [b.Run(lines[0], 9), b.Run(lines[1], 0, 1)]
        b.margin_badge(page, first[0], 5, b.TII_ORANGE)
        b.polygons_over(page, first, b.TII_ORANGE)
        second = [b.Run(lines[1], 2), b.Run(lines[2], 0, 2)]
        b.margin_badge(page, second[0], 7, b.TII_ORANGE)
        b.polygons_over(page, second, b.TII_ORANGE)

    assert summary(analyse(tmp_path, build)) == [
        ("rural schools across three", 5),
        ("provinces and found that support from peers matters most when training programmes", 7),
    ]


def test_a_unicode_superscript_two_is_text_not_a_crash(tmp_path: Path) -> None:
    # "²" is a digit to str.isdigit() that int() cannot read: it must not stop the analysis.
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, ["The plots measured 25 m \u00b2 each and the teachers agreed"])
        b.fill_behind(page, [b.Run(lines[0], 0, -1)], b.ORANGE)

    # NFKC (FORMATS.md section 2) writes it as a plain 2.
    assert summary(analyse(tmp_path, build)) == [
        ("The plots measured 25 m 2 each and the teachers agreed", None)
    ]

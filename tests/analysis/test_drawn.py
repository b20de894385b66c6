"""Drawn marks (FORMATS.md §2, §3): fills, polygons and underline strokes painted over text."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docflags_gui.analysis.model import Flag
from tests.analysis.built import TEXT, analyse
from tests.pdfbuilder import drawn as b
from tests.pdfbuilder.core import A4, hex_color, new_page, write_line


def drawn_flags(flags: list[Flag]) -> list[tuple[int, str, str | None, int | None]]:
    return [(f.page, f.text, f.color, f.source) for f in flags if f.kind == "drawn"]


def test_opaque_fill_behind_text_is_a_flag_with_its_words_and_declared_colour(
    tmp_path: Path,
) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        b.fill_behind(page, [b.Run(lines[0], 4, 7)], b.ORANGE)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "teachers adopt digital tools", b.ORANGE, None)
    ]


def test_alpha_fill_over_text_reports_the_declared_colour_not_the_tint(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        b.fill_over(page, [b.Run(lines[1], 0, 2)], b.PURPLE, opacity=0.25)

    assert drawn_flags(analyse(tmp_path, build)) == [(1, "across three provinces", b.PURPLE, None)]


def test_closed_polygons_over_text_with_alpha_are_flags(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        b.polygons_over(page, [b.Run(lines[2], 5, 7)], b.TII_YELLOW)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "and institutional backing", b.TII_YELLOW, None)
    ]


def test_underline_stroke_marks_the_words_of_the_line_above_it(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        b.underline_strokes(page, [b.Run(lines[3], 1, 3)], b.BLUE)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "infrastructure gaps remained", b.BLUE, None)
    ]


def test_runs_continuing_from_line_end_to_next_line_start_are_one_passage(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        b.fill_over(page, [b.Run(lines[0], 9), b.Run(lines[1]), b.Run(lines[2], 0, 1)], b.RED)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (
            1,
            "rural schools " + TEXT[1] + " when training",
            b.RED,
            None,
        )
    ]


def test_runs_that_do_not_continue_are_separate_passages(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        # Ends mid-line, and the next run starts mid-line: two passages of one colour.
        b.fill_over(page, [b.Run(lines[0], 1, 2), b.Run(lines[1], 5, 6)], b.RED)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "study examined", b.RED, None),
        (1, "that support", b.RED, None),
    ]


def test_passage_continues_over_a_paragraph_break(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        first = b.lines_at(page, TEXT[:2])
        second = b.lines_at(page, TEXT[2:], top=160, x=90)
        b.fill_behind(page, [b.Run(first[1], 9), b.Run(second[0], 0, 2)], b.BROWN)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "matters most when training programmes", b.BROWN, None)
    ]


def test_line_end_hyphen_is_joined_when_the_mark_continues(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, ["teachers use the digital frame-", "work every day in class"])
        b.fill_over(page, [b.Run(lines[0], 3), b.Run(lines[1], 0, 1)], b.ORANGE)

    assert drawn_flags(analyse(tmp_path, build)) == [(1, "digital framework every", b.ORANGE, None)]


def test_hyphen_at_the_very_end_of_a_mark_stays(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, ["teachers use the digital frame-", "work every day in class"])
        b.fill_over(page, [b.Run(lines[0], 3)], b.ORANGE)

    assert drawn_flags(analyse(tmp_path, build)) == [(1, "digital frame-", b.ORANGE, None)]


def test_passage_continues_from_the_first_column_into_the_second(tmp_path: Path) -> None:
    left = ["rural teachers adopt", "digital tools when", "peers support them"]
    right = ["and training is", "short and focused", "on daily practice"]

    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        col1 = b.lines_at(page, left, x=60, top=100)
        col2 = b.lines_at(page, right, x=320, top=100)
        b.fill_behind(page, [b.Run(col1[2], 1), b.Run(col2[0]), b.Run(col2[1], 0, 0)], b.BLUE)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "support them and training is short", b.BLUE, None)
    ]


def test_passage_continues_across_a_page_break_as_one_flag(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page1 = new_page(doc)
        lines1 = b.lines_at(page1, TEXT[:2])
        b.footer_frame(page1, 1)
        b.fill_over(page1, [b.Run(lines1[1], 9)], b.RED)
        page2 = new_page(doc)
        lines2 = b.lines_at(page2, TEXT[2:])
        b.footer_frame(page2, 2)
        b.fill_over(page2, [b.Run(lines2[0], 0, 2)], b.RED)

    flags = analyse(tmp_path, build)
    assert drawn_flags(flags) == [(1, "matters most when training programmes", b.RED, None)]
    assert flags[0].end_page == 2


def test_passage_ending_before_the_page_end_is_not_joined_to_the_next_page(
    tmp_path: Path,
) -> None:
    def build(doc: pymupdf.Document) -> None:
        page1 = new_page(doc)
        lines1 = b.lines_at(page1, TEXT[:2])
        b.fill_over(page1, [b.Run(lines1[1], 8, 9)], b.RED)
        page2 = new_page(doc)
        lines2 = b.lines_at(page2, TEXT[2:])
        b.fill_over(page2, [b.Run(lines2[0], 0, 1)], b.RED)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "peers matters", b.RED, None),
        (2, "when training", b.RED, None),
    ]


def test_order_is_the_index_of_the_first_covered_word(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        b.fill_over(page, [b.Run(lines[1], 2, 3)], b.RED)

    (flag,) = analyse(tmp_path, build)
    assert flag.order == len(TEXT[0].split()) + 2


def test_a_mark_starting_mid_word_yields_the_covered_part_of_the_word(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        (line,) = b.lines_at(page, ["the framework of practice"])
        x0, y0, x1, y1 = line.span(1)
        width = (x1 - x0) / 9  # "framework" has 9 letters of similar width
        page.draw_rect(
            (x0 + 5 * width, y0 - 1, line.span(2)[2] + 1, y1 + 1),
            color=None,
            fill=hex_color(b.ORANGE),
            fill_opacity=0.4,
        )

    ((_, text, _, _),) = drawn_flags(analyse(tmp_path, build))
    assert text.endswith("work of")
    assert text.split()[0] in ("work", "ework")


def test_annotation_appearances_are_not_reported_again_as_drawn_marks(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        annot = page.add_highlight_annot(pymupdf.Rect(lines[0].span(0, 3)))
        annot.set_colors(stroke=hex_color(b.ORANGE))
        annot.update()
        ul = page.add_underline_annot(pymupdf.Rect(lines[2].span(0, 2)))
        ul.set_colors(stroke=hex_color(b.BLUE))
        ul.update()

    flags = analyse(tmp_path, build)
    assert sorted(f.kind for f in flags) == ["highlight", "underline"]


@pytest.mark.parametrize(
    "distractor",
    ["header_band", "frame_and_rule", "link_box", "chart", "table_shading", "grey_fill"],
)
def test_distractors_are_never_drawn_flags(tmp_path: Path, distractor: str) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc, A4)
        lines = b.lines_at(page, TEXT, top=120)
        if distractor == "header_band":
            b.header_band(page, "Chapter 1")
        elif distractor == "frame_and_rule":
            b.footer_frame(page, 1)
        elif distractor == "link_box":
            b.link_box(page, b.Run(lines[1], 0, 2))
        elif distractor == "chart":
            b.chart(page, (80, 500), [b.RED, b.BLUE, b.ORANGE])
        elif distractor == "table_shading":
            rows = b.lines_at(page, ["Province", "Teachers 120"], top=400)
            b.table_shading(page, rows, "#dbe9f7")
        elif distractor == "grey_fill":
            b.grey_fill(page, b.Run(lines[2], 0, 3))

    assert drawn_flags(analyse(tmp_path, build)) == []


def test_marks_over_no_text_are_left_to_the_raster_detector(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        b.lines_at(page, TEXT[:1])
        page.draw_rect((72, 400, 400, 412), color=None, fill=hex_color(b.RED), fill_opacity=0.2)

    assert drawn_flags(analyse(tmp_path, build)) == []


def test_an_underline_in_the_colour_of_its_own_text_is_link_styling(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        b.lines_at(page, TEXT[:1])
        line = write_line(page, (72, 160), "see the project website", color=hex_color(b.BLUE))
        b.underline_strokes(page, [b.Run(line, 2, 3)], b.BLUE)

    assert drawn_flags(analyse(tmp_path, build)) == []


def test_an_underline_under_a_heading_is_a_title_rule(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        b.lines_at(page, TEXT, top=160)
        title = write_line(page, (72, 120), "Tiago Forte", fontsize=30)
        page.draw_rect((title.rect[0], 122, title.rect[2], 124), color=None, fill=hex_color(b.BLUE))

    assert drawn_flags(analyse(tmp_path, build)) == []


def test_a_highlight_appearance_drawn_as_one_outline_is_not_reported_again(
    tmp_path: Path,
) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        quads = [pymupdf.Rect(lines[0].span(9, 10)), pymupdf.Rect(lines[1].span(0, 3))]
        annot = page.add_highlight_annot(quads)
        annot.set_colors(stroke=hex_color(b.PURPLE))
        annot.update()
        # Preview draws a highlight as one outline around all its lines (not one per quad).
        outline = annot.rect
        shape = page.new_shape()
        shape.draw_polyline(
            [outline.tl, outline.tr, outline.br, (outline.x0 + 40, outline.y1), outline.bl]
        )
        shape.finish(color=None, fill=hex_color(b.PURPLE), fill_opacity=0.3, closePath=True)
        shape.commit()

    flags = analyse(tmp_path, build)
    assert [f.kind for f in flags] == ["highlight"]


def test_one_outline_around_several_lines_covers_only_what_it_encloses(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        first, last = b.Run(lines[0], 9).rect, b.Run(lines[2], 0, 1).rect
        middle = b.Run(lines[1]).rect
        right = max(first[2], middle[2])
        left = min(middle[0], last[0])
        points = [
            (first[0], first[1]),
            (right, first[1]),
            (right, middle[3]),
            (last[2], middle[3]),
            (last[2], last[3]),
            (left, last[3]),
            (left, middle[1]),
            (first[0], middle[1]),
        ]
        shape = page.new_shape()
        shape.draw_polyline(points)
        shape.finish(color=None, fill=hex_color(b.RED), fill_opacity=0.3, closePath=True)
        shape.commit()

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "rural schools " + TEXT[1] + " when training", b.RED, None)
    ]


def test_a_shaded_table_cell_that_fits_its_text_is_still_table_shading(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        b.lines_at(page, TEXT)
        (cell_text,) = b.lines_at(page, ["Yes"], x=80, top=300)
        x0, y0, x1, y1 = cell_text.rect
        cell = (x0 - 3, y0 - 2, x1 + 3, y1 + 2)
        page.draw_rect(cell, color=None, fill=hex_color("#c6efce"), overlay=False)
        page.draw_line((cell[0], cell[1]), (cell[0], cell[3]), color=(0, 0, 0), width=0.5)
        page.draw_line((cell[2], cell[1]), (cell[2], cell[3]), color=(0, 0, 0), width=0.5)

    assert drawn_flags(analyse(tmp_path, build)) == []


def test_a_coloured_box_with_a_border_of_another_colour_is_not_a_highlight(
    tmp_path: Path,
) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        page.draw_rect(
            b.Run(lines[1], 0, 3).rect, color=(0.2, 0.2, 0.6), fill=hex_color("#dbe9f7"), width=1
        )

    assert drawn_flags(analyse(tmp_path, build)) == []


def test_a_running_header_on_every_page_does_not_break_a_page_continuation(
    tmp_path: Path,
) -> None:
    def build(doc: pymupdf.Document) -> None:
        page1 = new_page(doc)
        page1.insert_text((72, 40), "Draft chapter 1 - Teachers and tools", fontsize=9)
        lines1 = b.lines_at(page1, TEXT[:2])
        b.fill_behind(page1, [b.Run(lines1[1], 9)], b.ORANGE)
        page2 = new_page(doc)
        page2.insert_text((72, 40), "Draft chapter 1 - Teachers and tools", fontsize=9)
        lines2 = b.lines_at(page2, TEXT[2:])
        b.fill_behind(page2, [b.Run(lines2[0], 0, 1)], b.ORANGE)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "matters most when training", b.ORANGE, None)
    ]


def test_a_thick_marker_stroke_through_a_line_is_a_highlight(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, TEXT)
        x0, y0, x1, y1 = lines[2].span(3, 5)
        y = (y0 + y1) / 2
        page.draw_line(
            (x0, y), (x1, y), color=hex_color("#ffeb3b"), width=y1 - y0, stroke_opacity=0.5
        )

    assert drawn_flags(analyse(tmp_path, build)) == [(1, "are short and", "#ffeb3b", None)]


def test_page_continuation_works_on_rotated_pages_with_header_bands(tmp_path: Path) -> None:
    """On /Rotate 90 pages the displayed height is the text's width: margin zones and bands must
    be measured in the text's own (unrotated) space."""

    def build(doc: pymupdf.Document) -> None:
        page1 = new_page(doc)
        b.header_band(page1, "Introduction")
        b.footer_frame(page1, 1)
        lines1 = b.lines_at(page1, TEXT[:2], top=740)
        b.fill_behind(page1, [b.Run(lines1[1], 9)], b.ORANGE)
        page1.set_rotation(90)
        page2 = new_page(doc)
        b.header_band(page2, "Methods")
        b.footer_frame(page2, 2)
        lines2 = b.lines_at(page2, TEXT[2:], top=90)
        b.fill_behind(page2, [b.Run(lines2[0], 0, 1)], b.ORANGE)
        page2.set_rotation(90)

    assert drawn_flags(analyse(tmp_path, build)) == [
        (1, "matters most when training", b.ORANGE, None)
    ]


def test_a_shaded_table_row_whose_cells_spread_across_it_is_table_shading(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        b.lines_at(page, TEXT)
        cells = [
            write_line(page, (x, 320), text)
            for x, text in ((80, "Province"), (250, "Teachers"), (420, "Schools"))
        ]
        x0 = cells[0].rect[0] - 2
        x1 = cells[-1].rect[2] + 2
        y0, y1 = cells[0].rect[1] - 1, cells[0].rect[3] + 1
        page.draw_rect((x0, y0, x1, y1), color=None, fill=hex_color("#dbe9f7"), overlay=False)

    assert drawn_flags(analyse(tmp_path, build)) == []

"""Summary pages (FORMATS.md §1, §3): similarity index and sources list, read by position; no
flags are taken from them; page furniture never enters a flag's text."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from tests.analysis.built import analyse_result as analyse
from tests.pdfbuilder import drawn as b
from tests.pdfbuilder import report as r
from tests.pdfbuilder.core import PlacedLine, new_page

ROWS = [
    r.SourceRow(1, "Submitted to Universitas Negeri Malang", "Student Paper", "24%"),
    r.SourceRow(2, "journal2.example.org", "Internet Source", "12%"),
    r.SourceRow(3, "repository.univ38.ac.id", "Publication", "3%"),
    r.SourceRow(4, "eprints.example4.edu", "Internet Source", "1%"),
    r.SourceRow(5, "www.example5.com", "Internet Source", "<1%"),
]


def test_originality_report_gives_similarity_and_exact_sources(tmp_path: Path) -> None:
    result = analyse(tmp_path, lambda doc: r.classic_summary(doc, 43, (38, 12, 20), ROWS))
    assert result.similarity == 43
    assert [s.to_dict() for s in result.sources] == [row.expected() for row in ROWS]


def test_less_than_one_percent_is_percent_zero_with_its_label(tmp_path: Path) -> None:
    result = analyse(tmp_path, lambda doc: r.classic_summary(doc, 5, (4, 1, 2), ROWS[-1:]))
    (source,) = result.sources
    assert (source.percent, source.label) == (0, "<1%")


def test_sources_list_continues_on_the_next_page(tmp_path: Path) -> None:
    rows = [
        r.SourceRow(n, f"journal{n}.example.org", "Publication", "<1%" if n > 4 else f"{9 - n}%")
        for n in range(1, 16)
    ]

    def build(doc: pymupdf.Document) -> None:
        assert r.classic_summary(doc, 30, (20, 10, 5), rows) == 2

    result = analyse(tmp_path, build)
    assert [s.to_dict() for s in result.sources] == [row.expected() for row in rows]
    assert result.flags == []


def test_ithenticate_rows_read_words_and_percentage(tmp_path: Path) -> None:
    result = analyse(tmp_path, lambda doc: r.ithenticate_summary(doc, 17, ROWS[2:]))
    assert result.similarity == 17
    assert [s.to_dict() for s in result.sources] == [row.expected() for row in ROWS[2:]]


def test_new_turnitin_overview_gives_similarity_and_no_flags(tmp_path: Path) -> None:
    result = analyse(tmp_path, lambda doc: r.tii_new_overview(doc, 9, 3))
    assert result.similarity == 9
    assert result.sources == []
    assert result.flags == []


def test_no_flags_are_taken_from_a_summary_page(tmp_path: Path) -> None:
    # The coloured squares hold digits and the names are in the source colour: still no flags.
    result = analyse(tmp_path, lambda doc: r.classic_summary(doc, 43, (38, 12, 20), ROWS))
    assert result.flags == []


def test_a_page_of_ordinary_text_is_not_a_summary_page(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        lines = b.lines_at(page, ["Similarity index values above 20 were reviewed", "1 by 1"])
        b.fill_over(page, [b.Run(lines[0], 0, 1)], b.ORANGE)

    result = analyse(tmp_path, build)
    assert result.similarity is None
    assert [f.text for f in result.flags] == ["Similarity index"]


def test_running_header_footer_and_page_number_never_enter_a_passage(tmp_path: Path) -> None:
    body = [
        "the sample was drawn from three provinces in the east",
        "and the questionnaire measured acceptance and use",
    ]

    def furnish(page: pymupdf.Page, number: int) -> list[PlacedLine]:
        page.insert_text((40, 20), f"Page {number} of 2 - Integrity Submission", fontsize=6)
        page.insert_text((40, 830), "Submission ID trn:oid:::1:3272334500", fontsize=6)
        return b.lines_at(page, body, top=740)

    def build(doc: pymupdf.Document) -> None:
        page1 = new_page(doc)
        lines1 = furnish(page1, 1)
        b.polygons_over(page1, [b.Run(lines1[1], 4)], b.TII_RED)
        page2 = new_page(doc)
        page2.insert_text((40, 20), "Page 2 of 2 - Integrity Submission", fontsize=6)
        lines2 = b.lines_at(page2, ["students in rural schools answered it"], top=80)
        page2.insert_text((40, 830), "Submission ID trn:oid:::1:3272334500", fontsize=6)
        b.polygons_over(page2, [b.Run(lines2[0], 0, 1)], b.TII_RED)

    result = analyse(tmp_path, build)
    assert [(f.page, f.text) for f in result.flags] == [(1, "acceptance and use students in")]


def test_a_source_name_wrapped_over_two_lines_is_one_name(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        r.classic_summary(doc, 12, (10, 2, 3), ROWS[:1])
        page = doc[0]
        # The second half of a long name, on the line below the first, in the same size.
        page.insert_text((78, 174 + 26), "Higher Education Commission", fontsize=12)

    result = analyse(tmp_path, build)
    assert result.sources[0].name == (
        "Submitted to Universitas Negeri Malang Higher Education Commission"
    )
    assert result.sources[0].type == "Student Paper"


def test_overall_similarity_read_when_number_and_label_are_separate(tmp_path: Path) -> None:
    def build(doc: pymupdf.Document) -> None:
        page = new_page(doc)
        page.insert_text((40, 80), "Integrity Overview", fontsize=18)
        page.insert_text((140, 120), "Overall Similarity", fontsize=11)
        page.insert_text((40, 122), "27%", fontsize=24)

    assert analyse(tmp_path, build).similarity == 27


def test_a_number_that_ends_a_source_name_stays_in_the_name(tmp_path: Path) -> None:
    rows = [
        r.SourceRow(1, "Submitted to Universitas 3", "Student Paper", "4%"),
        r.SourceRow(2, "Lecture Notes 2021", "Publication", "<1%"),
    ]
    classic = analyse(tmp_path, lambda doc: r.classic_summary(doc, 5, (1, 2, 3), rows))
    assert [s.to_dict() for s in classic.sources] == [row.expected() for row in rows]
    ithenticate = analyse(tmp_path, lambda doc: r.ithenticate_summary(doc, 5, rows))
    assert [s.to_dict() for s in ithenticate.sources] == [row.expected() for row in rows]

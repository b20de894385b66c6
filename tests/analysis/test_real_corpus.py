"""The real annotated PDFs of ../shared/corpus/real: every expected text of SOURCES.md, exactly.

Each test lists the flags of one file in reading order as (page, kind, text, comment). Texts are
the "gold" of the upstream test suites (pdfannots tests.py, pdf.js api_spec.js) where there is
one, else SOURCES.md's reference text. Two kinds of gold are compared after a documented step:

- pdf.js keeps line breaks, line-end hyphens and the "fi" ligature in its `overlaidText`; we
  compare after FORMATS.md §2's normalisation (`formats_normalised`, written out independently
  here): ligatures expanded, "-\\n" + letter joined, other breaks a single space.
- pdfannots turns typographic quotes into straight ones; docflags keeps the document's own
  characters (the curly quotes the LaTeX paper really contains), so the hotos17 gold is written
  with the document's quotes.

Where SOURCES.md gives only the start of a long passage ("…"), the test checks that start plus
the passage's end as the page shows it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.result import ResultDocument

Row = tuple[int, str, str, str | None]


def formats_normalised(gold: str) -> str:
    """pdf.js-style gold text under FORMATS.md §2: NFKC, hyphenation joined, single spaces."""
    text = unicodedata.normalize("NFKC", gold)
    text = re.sub(r"(?<=[^\W\d_])-\n(?=[^\W\d_])", "", text)
    return " ".join(text.split())


def analyse(corpus_dir: Path, name: str) -> ResultDocument:
    return analyze_pdf(corpus_dir / "real" / name, AnalysisOptions(ocr=False)).to_dict()


def rows(result: ResultDocument) -> list[Row]:
    return [(f["page"], f["kind"], f["text"], f["comment"]) for f in result["flags"]]


def test_hotos17_two_column_paper_with_partial_word_strikeout(corpus_dir: Path) -> None:
    assert rows(analyse(corpus_dir, "pdfannots-hotos17.pdf")) == [
        (1, "squiggly", "recent Intel CPUs have introduced", None),
        (1, "note", "This is a note with no text attached.", None),
        (1, "strikeout", "e", None),  # one letter of "are": partial-word markup
        (
            2,
            "highlight",
            "TSX launched with \u201cHaswell\u201d in 2013 but was later disabled due to a bug. "
            "\u201cBroadwell\u201d CPUs with the bug fix shipped in late 2014.",
            None,
        ),
        (
            2,
            "highlight",
            "user-mode access to FS/GS registers, and TLB tags for non-VM address spaces",
            "This is lower in column 1",
        ),
        (2, "highlight", "segmentation, task switching, and 16-bit modes.", None),
        (
            2,
            "highlight",
            "The jump is due to extensions introduced with the \u201cSkylake\u201d "
            "microarchitecture",
            "This is at the top of column two",
        ),
        (4, "squiggly", "Control transfer in x86 is already very complex", "This is a nit."),
        (
            4,
            "underline",
            "Besides modifying semantics of all indirect control transfers",
            "This is a different nit",
        ),
        (4, "strikeout", "While we may disagree with some of the design choices,", None),
    ]


def test_word_landscape_two_columns_without_appearance_streams(corpus_dir: Path) -> None:
    assert rows(analyse(corpus_dir, "pdfannots-word2column.pdf")) == [
        (1, "strikeout", "nostrud exercitation", None),
        (1, "strikeout", "Duis", None),
        (1, "strikeout", "laborum", None),
        (
            1,
            "highlight",
            "At vero eos et accusamus et iusto odio dignissimos ducimus, qui blanditiis "
            "praesentium voluptatum deleniti atque corrupti,",
            None,
        ),
        (
            1,
            "squiggly",
            "Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus "
            "maiores alias consequatur aut perferendis doloribus asperiores repellat.",
            "Nonsense!",
        ),
        (1, "strikeout", "equal", "blah blah"),
        (2, "strikeout", "duty", None),
        (2, "strikeout", "In a free hour,", None),
        (2, "strikeout", ",", "Struck comma"),
    ]


def test_acrobat_replace_text_group_is_one_strikeout_with_the_replacement(
    corpus_dir: Path,
) -> None:
    assert rows(analyse(corpus_dir, "pdfannots-caret.pdf")) == [
        (1, "strikeout", "document.", None),
        (1, "highlight", "read this", "Test Comment"),
        (1, "strikeout", "Adobe Acrobat Reader", "Google Chrome"),
        (1, "underline", "on", "testing"),
    ]


def test_apple_marker_square_is_not_a_flag_but_a_warning(corpus_dir: Path) -> None:
    result = analyse(corpus_dir, "pdfannots-issue46.pdf")
    assert rows(result) == [
        (1, "highlight", "C \u2013 Curate", None),
        (1, "highlight", "This was a novel idea at the time", None),
    ]
    assert any("1 Square" in w for w in result["warnings"])


def test_text_drawn_several_times_is_read_once(corpus_dir: Path) -> None:
    assert rows(analyse(corpus_dir, "pdfannots-issue9.pdf")) == [(1, "highlight", "World", None)]


def test_pandoc_highlights_and_sticky_notes(corpus_dir: Path) -> None:
    assert rows(analyse(corpus_dir, "pdfannots-pr24.pdf")) == [
        (
            1,
            "highlight",
            "Heading Link to heading that is working with vim-pandoc. Link to heading that",
            "long highlight",
        ),
        (1, "highlight", "not working", "short highlight"),
        (1, "highlight", "Some more text", None),
        (1, "note", "dual\n\npara note", None),
        (1, "note", "s", None),
        # The third sticky note is empty: nothing to report.
    ]


def test_pdfjs_overlapping_markup_matches_pdfjs_gold(corpus_dir: Path) -> None:
    gold = [
        (1, "highlight", "Languages"),
        (
            1,
            "highlight",
            "Dynamic languages such as JavaScript are more di\ufb03cult to com-\npile than "
            "statically typed ones. Since no concrete type information\nis available, "
            "traditional compilers",
        ),
        (
            1,
            "underline",
            "typed ones. Since no concrete type information\nis available, traditional "
            "compilers need to emit generic code that can\nhandle all possible type "
            "combinations at runtime. We present an al-\nternative compilation technique "
            "for dynamically-",
        ),
        (1, "underline", "machine"),
        (
            1,
            "squiggly",
            "paths through nested loops. We have implemented\na dynamic compiler for "
            "JavaScript based on our",
        ),
        (1, "strikeout", "Experimentation,"),
        (
            1,
            "strikeout",
            "languages such as JavaScript, Python, and Ruby, are pop-\nular since they are "
            "expressive, accessible to non-experts, and make\ndeployment as easy as "
            "distributing a source ﬁle. They are used\nfor small scripts as well as for",
        ),
    ]
    expected = [(page, kind, formats_normalised(text), None) for page, kind, text in gold]
    assert rows(analyse(corpus_dir, "pdfjs-bug1885505.pdf")) == expected
    # The hyphen at the very end of a mark stays.
    assert expected[2][2].endswith("dynamically-")


def test_preview_highlights_in_six_colours_with_ink_and_stamps_as_warnings(
    corpus_dir: Path,
) -> None:
    result = analyse(corpus_dir, "pdfjs-comments.pdf")
    expected = [
        (1, "#ffff99", "Trace-based Just-in-Time", "Trace-based Just-in-Time"),
        (1, "#54ffbd", "an Eich\u2217, Mike Shaver\u2217,", "{mbebenit,ch"),
        (1, "#ff809e", "a dynamic compiler for JavaScript based on our technique", "compilation"),
        (
            1,
            "#7df066",
            "1. Introduction Dynamic languages such as JavaScript, Python, and Ruby, are pop ular",
            "complex appl",
        ),
        (1, "#69b0f2", "ines must provide a low startup time", "slower genera"),
        (1, "#ff0000", "esent a trace-based compilation technique", "sequence of instr"),
        (3, "#ffff99", "4, Array // test whether primes is an array", "js_Array_se"),
        (3, "#ffff99", "ce encodes all the operations", "verify that the control"),
        (6, "#54ffbd", "n leaves the inner loop", "compiling trac"),
        (7, "#ffff99", "he key insight is that", "structured contr"),
    ]
    flags = result["flags"]
    assert [(f["page"], f["kind"], f["color"]) for f in flags] == [
        (page, "highlight", color) for page, color, _, _ in expected
    ]
    for flag, (_, _, start, end) in zip(flags, expected, strict=True):
        assert flag["text"].startswith(start) and flag["text"].endswith(end), flag["text"]
        assert flag["comment"]  # every highlight there carries a comment
    first_comment = flags[0]["comment"]
    assert first_comment is not None and first_comment.startswith("Lorem ipsum dolor sit amet")
    assert [f["comment"] for f in flags[2:]] == [
        "F",
        "D",
        "B",
        "C",
        "aa",
        "bbb",
        "fdsfsdfsdfds",
        "Foo bar on page 7",
    ]
    warned = " ".join(result["warnings"])
    assert "page 1: " in warned and "2 Ink, 1 Stamp" in warned


def test_one_quad_per_glyph_and_unnormalised_rects(corpus_dir: Path) -> None:
    result = analyse(corpus_dir, "pdfjs-issue13447.pdf")
    assert rows(result) == [
        (1, "highlight", "ellentesque habitant", None),
        (1, "strikeout", "m sagittis scele", None),
        (1, "strikeout", "el leo. Ut ni", None),
    ]
    assert any("2 Ink" in w and "4 Line" in w for w in result["warnings"])


def test_hebrew_highlight_in_logical_order(corpus_dir: Path) -> None:
    (flag,) = analyse(corpus_dir, "pdfjs-issue14046.pdf")["flags"]
    assert (flag["page"], flag["kind"], flag["text"]) == (
        1,
        "highlight",
        "\u05d4\u05d5\u05d1\u05d9\u05d3\u05d9\u05d1\u05de\u05d1\u05dd",  # הובידיבמבם
    )
    first_line = (
        "\u05db\u05dc\u05d1\u05dc\u05d1 \u05d4\u05d5 \u05d1\u05d9\u05d3\u05d9"  # כלבלב הו בידי
    )
    comment = flag["comment"]
    assert comment is not None
    assert comment.startswith(first_line)
    assert "\n" in comment
    assert "\r" not in comment


def test_non_standard_quadpoint_order(corpus_dir: Path) -> None:
    text = "Aenean commodo ligula eget dolor. Aenean massa."
    result = analyse(corpus_dir, "pdfjs-quadpoints.pdf")
    assert [(f["page"], f["kind"], f["text"], f["color"]) for f in result["flags"]] == [
        (1, "highlight", text, "#ffff00"),
        (1, "underline", text, "#0000ff"),
        (1, "squiggly", text, "#ff0000"),
        (1, "strikeout", text, "#ff0000"),
    ]


@pytest.mark.parametrize("kind", ["highlight", "strikeout"])
def test_large_font_word_overlapping_the_quad_is_not_read(corpus_dir: Path, kind: str) -> None:
    result = analyse(corpus_dir, "pdfminer-issue-1082-annotations.pdf")
    assert (1, kind, "Dummy PDF file", None) in rows(result)
    assert (1, "note", "A popup note", None) in rows(result)
    assert len(result["flags"]) == 3

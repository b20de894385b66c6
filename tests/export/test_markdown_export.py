"""Markdown: a reviewer's notes grouped by page (by colour on busy pages), every text escaped."""

from __future__ import annotations

import random
import re

import pytest

from docflags_gui.export import render_text
from docflags_gui.export.markdown_export import escape_markdown
from docflags_gui.result import ResultDocument
from tests.export.conftest import ALL_TEXTS

# CommonMark: a backslash before ASCII punctuation stands for that character.
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@pytest.mark.parametrize("text", [t for t in ALL_TEXTS if "\n" not in t and "\r" not in t])
def test_escaped_text_means_the_original_text(text: str) -> None:
    escaped = escape_markdown(text)
    assert _BACKSLASH_ESCAPE.sub(r"\1", escaped) == text.strip()
    assert "<" not in escaped.replace("\\<", "")
    assert not re.match(r"\s*([#>+\-=]|\d+[.)])", escaped)


def test_notes_are_grouped_by_page_with_sources(hostile_result: ResultDocument) -> None:
    notes = render_text([hostile_result], "md")
    pages = sorted({f["page"] for f in hostile_result["flags"]})
    headings = re.findall(r"^## Page (\d+)$", notes, flags=re.M)
    assert [int(h) for h in headings] == pages
    assert "## Sources" in notes
    assert "| 2 | \\-2 =evil \\<script\\>x\\</script\\> | Publication | \\<1% | 3 |" in notes
    assert "<script>" not in notes


def test_busy_pages_with_several_colours_are_split_by_colour(
    hostile_result: ResultDocument,
) -> None:
    notes = render_text([hostile_result], "md")
    assert "### Colour `#ff0000` · source 1 (repository.example.ac.id)" in notes


def test_comments_become_quotes_line_by_line(hostile_result: ResultDocument) -> None:
    notes = render_text([hostile_result], "md")
    assert '  > first line\n  > second, "quoted"\n  > third' in notes


def test_several_files_get_one_section_each(two_results: list[ResultDocument]) -> None:
    notes = render_text(two_results, "md")
    assert notes.startswith("# Flagged passages\n")
    assert "\n## second.pdf\n" in notes
    assert "\n## \\=draft \\<b\\>v2\\</b\\>.pdf\n" in notes


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil.example/","x")', "see www.example.com", "HTTPS://A.B"]
)
def test_urls_in_texts_do_not_become_links(text: str) -> None:
    escaped = escape_markdown(text)
    assert not re.search(r"[a-z]://|(?<![\w\\.])www\.", escaped, flags=re.I)
    assert _BACKSLASH_ESCAPE.sub(r"\1", escaped) == text


def _oracle_escape(text: str) -> str:
    """`escape_markdown` as it was written first: every pattern over every line."""
    inline = re.compile(r"([\\`*_\[\]<>|~$])")
    entity = re.compile(r"&(?=#?\w+;)")
    scheme = re.compile(r"(?<=[A-Za-z]):(?=//)")
    www = re.compile(r"(?<![\w.])(www)\.", re.IGNORECASE)
    line_start = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")
    lines = []
    for line in text.splitlines() or [""]:
        line = entity.sub(r"\\&", inline.sub(r"\\\1", line.strip()))
        line = www.sub(r"\1\\.", scheme.sub(r"\\:", line))
        match = line_start.match(line)
        if match:
            at = match.end() if match.group(2).isdigit() else match.start(2)
            line = line[:at] + "\\" + line[at:]
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_escaping_is_the_oracles_on_random_text(seed: int) -> None:
    pieces = [
        *"ab Z09 .,:;/#>+-=)(!?",
        *"\\`*_[]<>|~$&",
        "&amp;", "&#39;", "&x", "http://", "HTTPS://x", "www.", "WWW.", "xwww.", ".www.",
        "1.", "12)", "\n", "\r\n", "  ", "é", "“", "İ",
    ]  # fmt: skip
    rng = random.Random(seed)
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25)))
        assert escape_markdown(text) == _oracle_escape(text), repr(text)

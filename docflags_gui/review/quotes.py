# Typographic quotation marks and dashes are this module's subject, not look-alike typos.
# ruff: noqa: RUF001, RUF002, RUF003
"""Is a passage quoted in the manuscript, and is the quotation cited in the same sentence?

Quotation marks are tracked through the passage's paragraph: curly (“ ” ‘ ’), guillemets (« »),
low-high („ “) and straight ones (" and ', which open after a space and close before one;
an apostrophe inside a word is no quotation mark). A citation is an author-year parenthesis
("(Author, 2020)", "(Author et al., 2020, p. 4)"), a numbered reference ("[12]", "[3-5]"), a
footnote reference (superscript digits, or digits right after the closing mark), or a narrative
citation ("Author (2020)") earlier in the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENING = {"“": "”", "«": "»", "„": "“", "‘": "’", '"': '"', "'": "'"}
_CLOSING = {"”", "»", "’", '"', "'", "“"}
_AUTHOR_YEAR = re.compile(
    r"\((?=[^()]*[^\W\d_])[^()]*?(?:\b(?:1[5-9]|20)\d\d[a-z]?\b|\bn\.\s?d\.|\bin press\b)[^()]*\)"
)
_NUMBERED = re.compile(r"\[\s*\d+(?:\s*[-–,]\s*\d+)*\s*\]")
_SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_FOOTNOTE_AFTER_MARK = re.compile(r"^[.,;:!?]?\d{1,3}(?!\d)(?![^\W\d_])")
_NARRATIVE = re.compile(
    r"\b[^\W\d_][\w'’-]+(?:\s+(?:et al\.|dkk\.|and|&)\s*[^\W\d_]*[\w'’-]*)?\s*"
    r"\(\s*(?:1[5-9]|20)\d\d[a-z]?(?:[,:]\s*[^()]*)?\)"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[^\w\s]*[A-Z0-9]|\s*$)")


@dataclass(frozen=True, slots=True)
class Quotation:
    """The quotation that holds a passage: where its marks are, and whether it is cited."""

    opening: int
    closing: int
    cited: bool


def _is_opening(text: str, i: int) -> bool:
    char = text[i]
    if char not in _OPENING:
        return False
    if char in "\"'":
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return (before.isspace() or before in "([{—–-/") and not after.isspace()
    if char == "‘":
        before = text[i - 1] if i > 0 else " "
        return not before.isalnum()
    return True


def _is_closing(text: str, i: int, expected: str) -> bool:
    char = text[i]
    if char != expected:
        return False
    if char in "'’":
        after = text[i + 1] if i + 1 < len(text) else " "
        return not after.isalnum()  # don’t, it's: apostrophes, not closing marks
    return True


def _quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost quotations [opening, closing] found between `start` and `end` (one paragraph)."""
    found: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    i = start
    while i < end:
        char = text[i]
        if stack and char in _CLOSING and _is_closing(text, i, stack[-1][1]):
            opening, _ = stack.pop()
            if not stack:
                found.append((opening, i))
        elif _is_opening(text, i):
            stack.append((i, _OPENING[char]))
        i += 1
    return found


def sentence_bounds(text: str, paragraph: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end) within its paragraph (it may span several sentences)."""
    para_start, para_end = paragraph
    sentence_start = para_start
    for found in _SENTENCE_END.finditer(text, para_start, start):
        sentence_start = found.end()
    stop = _SENTENCE_END.search(text, end, para_end)
    return sentence_start, (stop.end() if stop else para_end)


def _cited_after(text: str, closing: int, sentence_end: int) -> bool:
    """A citation after the closing mark, within the quotation's sentence."""
    after = text[closing + 1 : closing + 241]
    if _FOOTNOTE_AFTER_MARK.match(after) or _SUPERSCRIPT.match(after.lstrip(".,;:")):
        return True
    if closing > 0 and text[closing - 1] in ".!?":
        # The quotation ends its sentence (“... end.”): only a citation right after it counts.
        head = after.lstrip()
        return bool(_AUTHOR_YEAR.match(head) or _NUMBERED.match(head))
    window = text[closing + 1 : max(closing + 1, sentence_end)]
    return bool(
        _AUTHOR_YEAR.search(window) or _NUMBERED.search(window) or _SUPERSCRIPT.search(window)
    )


def find_quotation(text: str, paragraph: tuple[int, int], start: int, end: int) -> Quotation | None:
    """The quotation in `paragraph` that holds the passage [start, end), or None when it is not
    quoted (a passage only partly inside quotation marks is not quoted)."""
    for opening, closing in _quotations(text, paragraph[0], paragraph[1]):
        if opening <= start and closing >= end - 1:
            sentence_start, sentence_end = sentence_bounds(text, paragraph, opening, closing + 1)
            before = text[sentence_start:opening]
            cited = _cited_after(text, closing, sentence_end) or bool(_NARRATIVE.search(before))
            return Quotation(opening, closing, cited)
    return None

"""Terminal cells: widths and fitted cells, checked against a character-by-character oracle on
mixed text (ASCII, accents, combining marks, CJK, control characters)."""

from __future__ import annotations

import random
import unicodedata

import pytest

from docflags_gui.cli.cells import display_width, fit
from docflags_gui.printable import printable

_ALPHABET = [
    *"abc XYZ 019.,;:-_",
    *"éüñçß“”\u2018\u2019\u2013—…",  # accents, quotes, dashes
    "e\u0301",  # e and a combining acute accent
    "\u0300",  # a combining grave accent alone
    *"漢字テスト한국",  # wide
    *"\uff21\uff22",  # fullwidth A, B
    "\t",
    "\x1b",
    "\x07",
    "\n",
]


def _oracle_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _oracle_fit(text: str, width: int, ellipsis: str) -> str:
    text = printable(" ".join(text.split()))
    if _oracle_width(text) > width:
        room = max(0, width - _oracle_width(ellipsis))
        kept, used = [], 0
        for char in text:
            w = _oracle_width(char)
            if used + w > room:
                break
            kept.append(char)
            used += w
        text = "".join(kept).rstrip() + ellipsis
    return text + " " * max(0, width - _oracle_width(text))


@pytest.mark.parametrize("seed", range(5))
def test_widths_and_fitted_cells_are_the_oracles(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 40)))
        assert display_width(text) == _oracle_width(text), repr(text)
        for width in (0, 1, 2, 5, 12, 30, 60):
            for ellipsis in ("…", "..."):
                assert fit(text, width, ellipsis) == _oracle_fit(text, width, ellipsis), (
                    repr(text),
                    width,
                    ellipsis,
                )


def test_wide_characters_take_two_cells_and_marks_none() -> None:
    assert display_width("abc") == 3
    assert display_width("漢字") == 4
    assert display_width("e\u0301") == 1
    assert fit("漢字テスト", 5) == "漢字…"
    assert fit("plain words here", 8, "...") == "plain..."
    assert fit("short", 8) == "short   "

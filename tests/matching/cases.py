"""Passages to look for, made from a manuscript as reports damage them, with their true ranges.

`make_cases` takes passages at known ranges and, per passage, may add OCR-style noise, replace a
middle part with an ellipsis, or cut across a paragraph break; it repeats a paragraph (so a passage
occurs twice, flagged in both places) and adds decoys: passages of the manuscript's own words in
an order it never has, which must match nowhere.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from docflags_gui.matching.normalize import normalize

# What OCR and report typesetting do to characters.
_CONFUSIONS = {
    "e": "c", "c": "e", "l": "1", "i": "l", "o": "0", "a": "o", "n": "h", "h": "b",
    "m": "rn", "u": "v", "s": "5", "t": "f", "r": "n", "b": "h", "d": "cl",
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    """A passage as a report gives it; `truth` is its [start, end) in the manuscript or None."""

    passage: str
    truth: tuple[int, int] | None
    kind: str  # "clean", "noisy", "ellipsis", "two-paragraphs", "repeat", "decoy"


def ocr_noise(text: str, rate: float, rng: random.Random) -> str:
    """About `rate` of the letters confused, dropped or split by a space; quotes made curly."""
    out: list[str] = []
    for char in text:
        roll = rng.random()
        if char.isalpha() and roll < rate:
            action = rng.random()
            if action < 0.6:
                out.append(_CONFUSIONS.get(char.lower(), char))
            elif action < 0.8:
                continue
            else:
                out.append(char + " ")
        else:
            out.append(char)
    return "".join(out).replace('"', "\u201d").replace("'", "\u2019")


def passage_text(text: str, start: int, end: int) -> str:
    """The passage as a report prints it: one line, single spaces."""
    return " ".join(text[start:end].split())


def word_ranges(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", text)]


def make_cases(
    text: str, count: int, rng: random.Random, *, noisy: float = 0.4, ellipses: float = 0.15
) -> list[Case]:
    """Up to `count` passages of 6-30 words in manuscript order, and about 5% decoys among them."""
    words = word_ranges(text)
    # Passages in manuscript order and disjoint, as a report's flags are.
    starts = sorted(rng.sample(range(len(words) - 40), count))
    cases: list[Case] = []
    next_free = 0
    vocabulary, folded = text.split(), normalize(text).text
    for first in starts:
        roll = rng.random()
        length = rng.randint(12 if roll < ellipses else 6, 30)
        if first < next_free:
            continue
        next_free = first + length
        start, end = words[first][0], words[first + length - 1][1]
        if roll < ellipses:
            cut_from = words[first + 4][0]
            resume = words[first + length - 4][0]
            passage = f"{passage_text(text, start, cut_from)} ... {passage_text(text, resume, end)}"
            cases.append(Case(passage, (start, end), "ellipsis"))
        elif roll < ellipses + noisy:
            passage = ocr_noise(passage_text(text, start, end), 0.03, rng)
            cases.append(Case(passage, (start, end), "noisy"))
        else:
            kind = "two-paragraphs" if "\n\n" in text[start:end] else "clean"
            cases.append(Case(passage_text(text, start, end), (start, end), kind))
        if rng.random() < 0.05:
            cases.append(Case(decoy(vocabulary, folded, rng), None, "decoy"))
    return cases


def decoy(vocabulary: list[str], folded: str, rng: random.Random) -> str:
    """10-25 of the manuscript's words in an order that occurs nowhere in its `folded` text."""
    while True:
        candidate = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(10, 25)))
        if normalize(candidate).text[:16] not in folded:
            return candidate


def repeat_paragraph(paragraphs: list[str], rng: random.Random) -> tuple[list[str], str]:
    """The paragraphs with one of them repeated three paragraphs later, and that paragraph."""
    chosen = rng.randrange(len(paragraphs) - 4)
    repeated = paragraphs[chosen]
    return [*paragraphs[: chosen + 3], repeated, *paragraphs[chosen + 3 :]], repeated


def repeat_cases(text: str, repeated: str) -> list[Case]:
    """The repeated paragraph's middle flagged in each of its occurrences, in order."""
    cases: list[Case] = []
    position = text.find(repeated)
    while position >= 0:
        start = position + len(repeated) // 4
        start = text.index(" ", start) + 1
        end = text.rindex(" ", start, start + len(repeated) // 2)
        cases.append(Case(passage_text(text, start, end), (start, end), "repeat"))
        position = text.find(repeated, position + 1)
    return cases


def in_report_order(cases: list[Case], extra: list[Case]) -> list[Case]:
    """`cases` and `extra` as one report lists them: by place, none overlapping (a case that
    overlaps one of `extra` is dropped), decoys kept where they were among their neighbours."""

    def overlaps(case: Case) -> bool:
        return case.truth is not None and any(
            other.truth is not None
            and case.truth[0] < other.truth[1]
            and other.truth[0] < case.truth[1]
            for other in extra
        )

    kept = [case for case in cases if not overlaps(case)]
    merged: list[Case] = []
    pending = sorted(extra, key=lambda case: case.truth or (0, 0))
    for case in kept:
        while (
            pending
            and case.truth is not None
            and pending[0].truth is not None
            and (pending[0].truth[0] < case.truth[0])
        ):
            merged.append(pending.pop(0))
        merged.append(case)
    return merged + pending

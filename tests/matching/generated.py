"""A long manuscript of made-up prose for tests and the benchmark, reproducible from a seed.

Words follow a Zipf-like distribution over English function words and a few thousand made-up
content words, so phrases repeat the way real prose repeats them (the hard case for an index).
"""

from __future__ import annotations

import random

FUNCTION_WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were their one all we can her has there been if more when "
    "will would who so no"
)
SYLLABLES = "ka ri to na mu se lo pe vi da ne ru sa mi ko ta re li po ga"
CHARS_PER_PAGE = 3000


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    syllables = SYLLABLES.split()
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)}
    return [*FUNCTION_WORDS.split(), *sorted(words)]


def manuscript_paragraphs(pages: int, rng: random.Random) -> list[str]:
    """About `pages` pages of paragraphs of 60-200 words, sentences capitalised and stopped."""
    words = vocabulary(rng)
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    paragraphs: list[str] = []
    total = 0
    while total < pages * CHARS_PER_PAGE:
        sentences = []
        for _ in range(rng.randint(3, 9)):
            chosen = rng.choices(words, weights, k=rng.randint(8, 24))
            sentences.append(" ".join(chosen).capitalize() + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return paragraphs

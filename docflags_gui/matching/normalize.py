"""Text reduced to what survives a report: casefolded letters and digits, with a map back.

Reports change everything else: OCR drops accents and spacing, PDFs join hyphenation, quotes turn
curly, ligatures expand. Both the manuscript and each passage go through `normalize()`, so only
letters and digits are compared, and `offsets[i]` gives the original index of normalised char i.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

# ASCII stretches go through bytes.translate (C speed); any run of non-ASCII characters goes
# character by character through NFKD + casefold.
_OTHER_RUN = re.compile(r"[^\x00-\x7f]+")
_ALNUM = bytes(c for c in range(128) if chr(c).isalnum())
_NOT_ALNUM = bytes(c for c in range(256) if c not in _ALNUM)
_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))
_IS_ALNUM = bytes(1 if c in _ALNUM else 0 for c in range(256))


@dataclass(frozen=True, slots=True)
class Normalized:
    """`text` (letters and digits, casefolded) and, for each of its chars, the original index."""

    text: str
    offsets: array[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covering normalised chars [start, end) (end > start)."""
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    """One original char as the letters and digits it compares as: "ﬁ" -> "fi", "É" -> "e"."""
    decomposed = unicodedata.normalize("NFKD", char).casefold()
    # NFKD splits accents off as combining marks, which are not alphanumeric: "é" == "e", as OCR
    # and hand-typed reports often lose them.
    return "".join(c for c in decomposed if c.isalnum())


def normalize(text: str) -> Normalized:
    """`text` reduced to casefolded letters and digits, with the map to original offsets."""
    pieces: list[str] = []
    offsets = array("i")
    position = 0
    for run in _OTHER_RUN.finditer(text):
        _add_ascii(text, position, run.start(), pieces, offsets)
        for index in range(run.start(), run.end()):
            folded = _fold(text[index])
            if folded:
                pieces.append(folded)
                offsets.extend([index] * len(folded))
        position = run.end()
    _add_ascii(text, position, len(text), pieces, offsets)
    return Normalized("".join(pieces), offsets)


def _add_ascii(text: str, start: int, end: int, pieces: list[str], offsets: array[int]) -> None:
    if start >= end:
        return
    data = text[start:end].encode("ascii")
    pieces.append(data.translate(_LOWER, _NOT_ALNUM).decode("ascii"))
    offsets.extend(compress(range(start, end), data.translate(_IS_ALNUM)))

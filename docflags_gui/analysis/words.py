"""The pieces of a page's text layer as the detectors see them: words, glyphs, spans, styled
runs, and the covered part of a word; and how a line's spans split into its words' runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docflags_gui.analysis.geometry import Rect


@dataclass(slots=True, unsafe_hash=True)
class Word:
    """One word of the text layer, in MuPDF's extraction (reading) order. Treat as immutable
    (`dataclasses.replace` for a moved copy): it is not `frozen` only because a frozen
    dataclass takes five times as long to create, and pages have hundreds of words. Fields
    are in the order of `TextPage.extractWORDS()` tuples (`PageText.words`)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int
    line: int
    index: int  # position of the word within its line
    seq: int = -1  # position of the word in PageText.words (reading order)

    @property
    def rect(self) -> Rect:
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def line_key(self) -> tuple[int, int]:
        return (self.block, self.line)


@dataclass(slots=True, unsafe_hash=True)
class Glyph:
    """One character with its box."""

    c: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """One run of text in one font, size and colour (from MuPDF's dict extraction)."""

    text: str
    rect: Rect
    size: float
    color: int  # sRGB as 0xRRGGBB
    alpha: int  # 0..255
    font: str
    flags: int  # MuPDF span flags: 1 superscript, 2 italic, 16 bold ...
    origin: tuple[float, float]
    block: int
    line: int
    line_dir: tuple[float, float]


@dataclass(slots=True, unsafe_hash=True)
class StyledRun:
    """A stretch of one word's characters that share one span (font, size, colour)."""

    text: str
    color: int  # sRGB as 0xRRGGBB
    size: float
    flags: int  # MuPDF span flags: 1 superscript ...
    alpha: int  # 0..255


@dataclass(slots=True, unsafe_hash=True)
class CoveredPiece:
    """The covered part of one word: all of it, or some of its characters. Treat as immutable
    (not `frozen`, which makes creating one three times as slow, like `Word`)."""

    word: Word
    text: str
    whole: bool


WordFilter = Callable[[Word], bool]


def word_runs(spans: list[Span]) -> list[list[StyledRun]]:
    """A line's spans split into its words' runs on white space, exactly as MuPDF splits
    words: white space within a span, at its start or at its end ends the word so far, and a
    word may run on from one span into the next ("colou" + "red")."""
    groups: list[list[StyledRun]] = []
    current: list[StyledRun] = []
    for span in spans:
        text = span.text
        # str.split() splits on what `str.isspace` calls white space, as \s does in re
        # (half the cost of a regex's tokens: a coloured page has some 300 words).
        tokens = text.split()
        if not tokens:
            if text and current:  # a span of white space only
                groups.append(current)
                current = []
            continue
        if current and text[0].isspace():
            groups.append(current)
            current = []
        color, size, flags, alpha = span.color, span.size, span.flags, span.alpha
        for i, token in enumerate(tokens):
            if i:
                groups.append(current)
                current = []
            current.append(StyledRun(token, color, size, flags, alpha))
        if text[-1].isspace():
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups

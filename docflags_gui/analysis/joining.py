"""How covered words become a passage's text: spaces between words, end-of-line hyphenation
joined, dashes and slashes that end a line kept without a space, then NFKC."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from docflags_gui.analysis.words import CoveredPiece

HYPHENS = ("-", "\u00ad", "\u2010")
# En dash, em dash, slash: no space after them when they end a line right after a word.
LINE_END_JOINERS = ("\u2013", "\u2014", "/")


def normalize_text(text: str) -> str:
    """NFKC (expands ligatures), single spaces, no soft hyphens."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.split())


def join_pieces(pieces: Sequence[CoveredPiece]) -> str:
    """Join covered pieces into one passage: spaces between words, line-end hyphens joined."""
    return normalize_text(join_texts_by_line([(p.word.line_key, p.text) for p in pieces]))


def join_texts_by_line(parts: Sequence[tuple[object, str]]) -> str:
    """Join (line id, text) parts in order; a new line id is a line break.

    At a line break, a word ending in a hyphen is hyphenation when a lower-case letter follows
    (or a capital after capitals): joined without the hyphen ("frame-" + "work", "INTER-" +
    "NATIONAL"). Before a digit or a capital after a lower-case letter the hyphen is part of
    the text and stays, without a space ("1990-" + "2000", "non-" + "VM"). A hyphen at the very
    end of the passage stays ("dynamically-"). An unspaced dash or slash that ends a line joins
    the next line without a space ("1990\u2013" + "2000", "and/" + "or", a URL cut at "/").
    """
    out = ""
    prev_line: object = None
    for line_id, text in parts:
        if not text:
            continue
        if not out:
            out = text
        elif line_id != prev_line and out.endswith(HYPHENS) and len(out) > 1 and out[-2].isalnum():
            before, after = out[-2], text[0]
            if out[-1] == "\u00ad" or (
                before.isalpha() and after.isalpha() and (not after.isupper() or before.isupper())
            ):
                out = out[:-1] + text
            else:
                out += text
        elif line_id != prev_line and out.endswith(LINE_END_JOINERS) and out[-2:-1].isalnum():
            out += text
        else:
            out += " " + text
        prev_line = line_id
    return out

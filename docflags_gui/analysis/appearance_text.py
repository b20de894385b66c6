"""Text that belongs to an annotation's appearance, not to the page (FORMATS.md §6.6).

MuPDF's text extraction runs the page's annotations too, so the visible text of a FreeText
comment (or of a stamp) comes back as page text, in the comment's colour: read as coloured
text it would repeat the note as a flag of its own. A word is such text when its box reaches
into a shown FreeText or Stamp annotation (an appearance may overflow its box, cut) and, when
the annotation has contents, the word is one of them (or part of one: hyphenated, cut).
"""

from __future__ import annotations

import re

from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.geometry import overlap

# Annotations whose appearance is text the extraction returns.
TEXT_APPEARANCES = frozenset({"FreeText", "Stamp"})
# Annotation flags Hidden (2) and NoView (32): nothing is drawn, nothing is extracted.
HIDDEN_FLAGS = 2 | 32
_WORD = re.compile(r"\w+")


def _tokens(text: str) -> set[str]:
    return {t.casefold() for t in _WORD.findall(text)}


def _repeats(word: str, tokens: set[str], contents: str) -> bool:
    """True when `word` is one of the contents' words, or part of one (a word the appearance
    hyphenated or broke across lines: "re-" + "phrase")."""
    own = _tokens(word)
    return own <= tokens or all(t in contents for t in own)


@per_page
def appearance_seqs(ctx: PageContext) -> frozenset[int]:
    """`Word.seq`s of the words that only repeat an annotation's own appearance."""
    shown = [
        a for a in ctx.annotations if a.kind in TEXT_APPEARANCES and not a.flags & HIDDEN_FLAGS
    ]
    if not shown:
        return frozenset()
    boxes = []
    for annot in shown:
        r = annot.rect
        contents = (annot.info.get("content") or "").casefold()
        boxes.append(((r.x0, r.y0, r.x1, r.y1), _tokens(contents), contents))
    seqs: set[int] = set()
    # Only the words of lines that reach into an annotation's box can overlap it.
    lines = ctx.text.lines
    near = sorted({i for b, _, _ in boxes for i in ctx.text.lines_reaching(b[1], b[3])})
    for index in near:
        for w in lines[index][1]:
            for box, tokens, contents in boxes:
                if overlap(w.rect, box) is not None and (
                    not tokens or _repeats(w.text, tokens, contents)
                ):
                    seqs.add(w.seq)
                    break
    return frozenset(seqs)

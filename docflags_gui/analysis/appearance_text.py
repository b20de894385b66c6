"""Text that belongs to an annotation's appearance, not to the page (FORMATS.md §6.6).

MuPDF's text extraction runs the page's annotations too, so the visible text of a FreeText
comment (or of a stamp) comes back as page text, in the comment's colour: read as coloured
text it would repeat the note as a flag of its own. A word is such text when its centre lies
in a shown FreeText or Stamp annotation and, when the annotation has contents, the word is one
of them.
"""

from __future__ import annotations

import re

from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.geometry import centre_inside

# Annotations whose appearance is text the extraction returns.
TEXT_APPEARANCES = frozenset({"FreeText", "Stamp"})
# Annotation flags Hidden (2) and NoView (32): nothing is drawn, nothing is extracted.
HIDDEN_FLAGS = 2 | 32
_WORD = re.compile(r"\w+")


def _tokens(text: str) -> set[str]:
    return {t.casefold() for t in _WORD.findall(text)}


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
        boxes.append(((r.x0, r.y0, r.x1, r.y1), _tokens(annot.info.get("content") or "")))
    seqs: set[int] = set()
    for w in ctx.text.words:
        for box, tokens in boxes:
            if centre_inside(w.rect, box, 1.0) and (not tokens or _tokens(w.text) <= tokens):
                seqs.add(w.seq)
                break
    return frozenset(seqs)

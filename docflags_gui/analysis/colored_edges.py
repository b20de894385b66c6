"""Where a coloured-text passage meets the edge of its page's body: only furniture (running
footers, page numbers, headers) after it or before it, so that it may go on over the page
break (`page_edges`)."""

from __future__ import annotations

from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.furniture import furniture_seqs
from docflags_gui.analysis.words import Word

# At most this many words of furniture between the two halves of a passage cut by a page break.
MAX_FURNITURE_WORDS = 12


def _body_words(ctx: PageContext, words: list[Word]) -> list[Word] | None:
    """The words that are not furniture, or None as soon as there are more than
    MAX_FURNITURE_WORDS of them (then the passage is not at the page's edge)."""
    furniture = furniture_seqs(ctx)
    kept: list[Word] = []
    for w in words:
        if w.seq not in furniture:
            kept.append(w)
            if len(kept) > MAX_FURNITURE_WORDS:
                return None
    return kept


def ends_page_body(ctx: PageContext, last: Word) -> bool:
    """True when nothing but furniture follows a passage ending with `last`: furniture words
    (running footers, page numbers) and at most a few words below a gap (furniture seen for
    the first time)."""
    after = _body_words(ctx, ctx.text.words[last.seq + 1 :])
    if after is None:
        return False
    gap = 0.5 * (last.y1 - last.y0)
    return all(w.y0 >= last.y1 + gap for w in after)


def starts_page_body(ctx: PageContext, first: Word) -> bool:
    """True when nothing but furniture precedes a passage starting with `first`: a few words
    above it with a gap, or below everything that follows it (a footer that came first in the
    content stream)."""
    words = ctx.text.words
    before = _body_words(ctx, words[: first.seq])
    if before is None:
        return False
    gap = 0.5 * (first.y1 - first.y0)
    bottom = max(w.y1 for w in words[first.seq :])
    return all(w.y1 <= first.y0 - gap or w.y0 >= bottom + gap for w in before)

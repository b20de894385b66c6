"""A colour the document uses for its citation markers and cross-references is link styling
wherever it appears (FORMATS.md §6.6: 128 body-size #0875b7 spans, 81 of them digits only, on
15 of 16 pages, all in /Link rects): short coloured tokens in it are no flags, even those no
link rect covers. Two tells, over the whole document:

- the colour is that of at least MIN_LINK_WORDS words under link rects (`link_text`);
- without any link (a paper printed to PDF): at least MIN_TOKENS short passages in the colour
  on MIN_PAGES pages or more, nearly all of them with digits ("[12]", "Fig. 3", "2019").

Longer passages in that colour stay flags: someone coloured that text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from docflags_gui.analysis.colors import same_declared_color, srgb_hex
from docflags_gui.analysis.context import DocContext, PageContext, per_document
from docflags_gui.analysis.model import Flag

MIN_LINK_WORDS = 5
# A citation token is at most this many words ("[12]", "Fig. 3", "Smith et al. 2019" is four).
MAX_TOKEN_WORDS = 3
MIN_TOKENS = 8
MIN_PAGES = 3
DIGIT_SHARE = 0.75


@per_document
def _link_colors() -> Counter[str]:
    """Per colour (#rrggbb), the number of coloured link words seen so far in the document."""
    return Counter()


def note_link_words(
    ctx: PageContext, seqs: Iterable[int], chromatic: Callable[[int], bool]
) -> None:
    """Count the colours of the page's link words (`Word.seq`s) that are in a colour."""
    counts = _link_colors(ctx.doc_ctx)
    words = ctx.text.words
    for seq in seqs:
        for run in ctx.text.runs_of(words[seq]):
            if chromatic(run.color):
                counts[srgb_hex(run.color)] += 1
                break


def _is_token(flag: Flag) -> bool:
    return len(flag.text.split()) <= MAX_TOKEN_WORDS


def _citation_colors(doc: DocContext, tokens: list[Flag]) -> list[str]:
    colors = [c for c, n in _link_colors(doc).items() if n >= MIN_LINK_WORDS]
    by_color: dict[str, list[Flag]] = {}
    for flag in tokens:
        if flag.color is not None:
            by_color.setdefault(flag.color, []).append(flag)
    for color, flags in by_color.items():
        pages = {f.page for f in flags}
        digits = sum(1 for f in flags if any(ch.isdigit() for ch in f.text))
        if (
            len(flags) >= MIN_TOKENS
            and len(pages) >= MIN_PAGES
            and digits >= DIGIT_SHARE * len(flags)
        ):
            colors.append(color)
    return colors


def without_citations(doc: DocContext, flags: list[Flag]) -> list[Flag]:
    """`flags` (coloured text) without the short tokens in the document's citation colours."""
    tokens = [f for f in flags if _is_token(f)]
    if not tokens:
        return flags
    colors = _citation_colors(doc, tokens)
    if not colors:
        return flags

    def citation(flag: Flag) -> bool:
        color = flag.color
        return (
            color is not None
            and _is_token(flag)
            and any(same_declared_color(color, c) for c in colors)
        )

    return [f for f in flags if not citation(f)]

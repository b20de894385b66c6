"""Coloured text as flags: runs of chromatic text of one colour, in reading order.

A passage is a maximal run of consecutive words (in `PageText.words` order) whose characters
share one chromatic colour; it goes on across lines, columns and paragraph breaks, and across a
page break (`page_edges`) when only furniture lies between its two parts.
A word that changes colour half-way gives only its coloured characters.
Never flags: achromatic text (black, grey, white) and nearly-achromatic theme colours, text
larger than the body and lines of their own in a heading style (coloured headings), light text
on a dark band, link text (`link_text`: under link rects, e.g. citation numbers, or underlined
in its own colour) or text made only of URLs / e-mail addresses, short tokens in the document's
citation colour (`citation_colors`), legend labels beside a swatch of their colour (`legends`),
text that only repeats a FreeText annotation's appearance (`appearance_text`), running headers
and footers (`furniture`, or alone in the margin zone), badge digits.
A source number (`badges`: coloured superscript or tag right after a word) goes into `source`
and ends the passage; a black superscript is its source only right after the passage's last word
(elsewhere a footnote reference); small digits are never text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from docflags_gui.analysis.appearance_text import appearance_seqs
from docflags_gui.analysis.badges import MARGIN, Badge, badge_seqs, ends_mark, page_badges
from docflags_gui.analysis.citation_colors import note_link_words, without_citations
from docflags_gui.analysis.colored_edges import ends_page_body, starts_page_body
from docflags_gui.analysis.colors import luminance, srgb_components, srgb_hex
from docflags_gui.analysis.context import DocContext, PageContext, per_page
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.furniture import BOTTOM_ZONE, TOP_ZONE, furniture_seqs
from docflags_gui.analysis.geometry import Rect, centre_inside, union_rect
from docflags_gui.analysis.joining import join_pieces
from docflags_gui.analysis.legends import legend_label
from docflags_gui.analysis.link_text import link_word_seqs
from docflags_gui.analysis.model import Flag
from docflags_gui.analysis.page_edges import PageEdges
from docflags_gui.analysis.page_reading import has_colored_text, is_chromatic_text
from docflags_gui.analysis.textlayer import PageText
from docflags_gui.analysis.words import CoveredPiece, StyledRun, Word

# Text larger than this share of the body size is a heading, not a flagged passage (Word's
# "Heading 2" is 13 pt over 11 pt body text).
MAX_SIZE_RATIO = 1.1
# A coloured line of its own is a heading when it is this much larger than the body (or bold,
# or in another font).
HEADING_SIZE_RATIO = 1.05
BOLD = 16  # MuPDF span flag
# Digits smaller than this share of the body size are badges or source numbers.
SMALL_DIGIT_RATIO = 0.8
# A fill this dark behind light text is a header band.
DARK_BAND_LUMINANCE = 0.4
LIGHT_TEXT_LUMINANCE = 0.6

# Hyperlinks without a link box (a printed web page): URLs, e-mail addresses, DOIs.
LINK_TEXT = re.compile(
    r"^[(<\[]?((https?|ftp)://|www\.|doi:|10\.\d{4,}/)\S+$|^\S+@\S+\.\w+$", re.IGNORECASE
)


def _is_light(color: int) -> bool:
    return luminance(srgb_components(color)) >= LIGHT_TEXT_LUMINANCE


@dataclass
class _Passage:
    color: int
    pieces: list[CoveredPiece]
    source: int | None = None
    # A black superscript glued to the last word so far: the source if the passage ends there.
    tail_source: int | None = None


@dataclass(frozen=True)
class _Glued:
    """Small digits glued to the end of a word."""

    number: int
    chromatic: bool


def body_size(ctx: PageContext) -> float:
    """The font size most characters of the page have."""
    return _body_style(ctx)[0]


@per_page
def _body_style(ctx: PageContext) -> tuple[float, str]:
    """(size, font) of most of the page's characters (once per page)."""
    # Characters per exact (size, font) first, then per rounded size: a page has a few
    # styles and hundreds of spans. Styles keep the order they first appear in (ties).
    exact: dict[tuple[float, str], int] = {}
    for span in ctx.text.spans:
        key = (span.size, span.font)
        exact[key] = exact.get(key, 0) + len(span.text.strip())
    styles: Counter[tuple[float, str]] = Counter()
    for (size, font), count in exact.items():
        styles[(round(size, 1), font)] += count
    return styles.most_common(1)[0][0] if styles else (0.0, "")


def _is_heading(ctx: PageContext, passage: _Passage) -> bool:
    """A coloured line that is a paragraph of its own, set in another font than the body, in
    bold or larger: a heading (Word's Heading 3 is 12 pt dark blue over 11 pt body text)."""
    first = passage.pieces[0].word
    block = [w for _, ws in ctx.text.lines if ws[0].block == first.block for w in ws]
    if len(block) != len(passage.pieces) or any(w.line_key != first.line_key for w in block):
        return False
    size, font = _body_style(ctx)
    spans = ctx.text.line_spans.get(first.line_key, [])
    return any(
        s.font != font or s.flags & BOLD or s.size > HEADING_SIZE_RATIO * size
        for s in spans
        if s.text.strip()
    )


def _is_small_digits(run: StyledRun, body: float) -> bool:
    return run.text.isdigit() and (run.flags & 1 != 0 or run.size < SMALL_DIGIT_RATIO * body)


def _dark_bands(ctx: PageContext) -> list[Rect]:
    bands: list[Rect] = []
    for d in ctx.drawings:
        fill = d.get("fill")
        if fill and len(fill) == 3 and luminance(fill) < DARK_BAND_LUMINANCE:
            bands.append(_rect(d["rect"]))
    return bands


def _rect(r: Any) -> Rect:
    return (float(r[0]), float(r[1]), float(r[2]), float(r[3]))


def _inside_any(word: Word, rects: list[Rect]) -> bool:
    box = word.rect
    return any(centre_inside(box, r) for r in rects)


def _word_color(
    word: Word, runs: list[StyledRun], body: float, excluded: frozenset[int], bands: list[Rect]
) -> tuple[int | None, str, _Glued | None]:
    """(colour of the word's flagged characters or None, those characters, glued digits)."""
    source: _Glued | None = None
    kept = list(runs)
    # Small digits glued to the end of the word ("passage3", as MuPDF joins a superscript to
    # its word) are never text: a source number (in a colour, always; in black, when they end
    # the passage, as `badges` has it) or a footnote reference.
    if len(kept) > 1 and _is_small_digits(kept[-1], body) and kept[-1].text.isdecimal():
        source = _Glued(int(kept[-1].text), is_chromatic_text(kept[-1].color))
        kept = kept[:-1]
    colored = [
        r
        for r in kept
        if is_chromatic_text(r.color)
        and r.alpha > 0
        and r.size <= MAX_SIZE_RATIO * body
        and not _is_small_digits(r, body)
    ]
    if not colored or word.seq in excluded:
        return None, "", source
    if len(colored) == 1:
        color = colored[0].color
    else:  # a word in two colours keeps the characters of its main colour
        color = Counter(r.color for r in colored).most_common(1)[0][0]
    if bands and _is_light(color) and _inside_any(word, bands):
        return None, "", source
    if len(kept) == 1:
        return color, kept[0].text, source
    return color, "".join(r.text for r in kept if r.color == color), source


def _small_digit_word(text: PageText, word: Word, body: float) -> bool:
    if not word.text.isdigit():
        return False
    runs = text.runs_of(word)
    return bool(runs) and all(_is_small_digits(r, body) for r in runs)


def _add_word(
    word: Word,
    runs: list[StyledRun],
    current: _Passage | None,
    passages: list[_Passage],
    skipped: frozenset[int],
    body: float,
    excluded: frozenset[int],
    bands: list[Rect],
) -> _Passage | None:
    """Add `word` of a line with coloured text, made of `runs` (`PageText.runs_of`), to the
    passages; returns the passage that goes on after it (None when the word ends it)."""
    if word.seq in skipped:
        return current  # running headers, page numbers, badge digits: never text, never a break
    glued: _Glued | None = None
    if len(runs) == 1:  # most words: one span, so one colour and no glued digits
        run = runs[0]
        if run.text.isdigit() and _is_small_digits(run, body):
            return current  # footnote references and other small digits: not text, not a break
        if (
            not is_chromatic_text(run.color)
            or run.alpha <= 0
            or run.size > MAX_SIZE_RATIO * body
            or word.seq in excluded
            or (bands and _is_light(run.color) and _inside_any(word, bands))
        ):
            return None
        color, chars = run.color, run.text
    else:
        if runs and all(_is_small_digits(r, body) for r in runs):
            return current  # footnote references and other small digits: not a break either
        if not any(is_chromatic_text(r.color) for r in runs):
            return None
        found, chars, glued = _word_color(word, runs, body, excluded, bands)
        if found is None:
            return None
        color = found
    if current is None or current.color != color:
        current = _Passage(color, [])
        passages.append(current)
    current.pieces.append(CoveredPiece(word, chars, chars == word.text))
    current.tail_source = None
    if glued is None:
        return current
    if glued.chromatic:
        current.source = glued.number
        return None  # a source number ends the passage
    current.tail_source = glued.number  # a footnote, unless the passage ends here
    return current


def _passages(ctx: PageContext) -> list[_Passage]:
    text = ctx.text
    if not text.words or not has_colored_text(text.text_colors):
        return []  # most pages: no coloured text at all, known without the spans
    colored_lines = {(s.block, s.line) for s in text.spans if is_chromatic_text(s.color)}
    if not colored_lines:
        return []  # most pages: nothing to do beyond one look at the span colours
    body = body_size(ctx)
    # Links (hyperlinks, citation numbers) end a passage; text that only repeats an
    # annotation's appearance is not the page's text at all.
    excluded = link_word_seqs(ctx)
    note_link_words(ctx, excluded, is_chromatic_text)
    bands = _dark_bands(ctx)
    skipped = furniture_seqs(ctx) | badge_seqs(ctx) | appearance_seqs(ctx)
    passages: list[_Passage] = []
    current: _Passage | None = None
    for _, line_words in text.lines:
        if line_words[0].line_key not in colored_lines:
            # Fast path, most lines: no coloured text; it ends a passage that is going on,
            # unless it holds only furniture, badge digits or small (footnote) digits.
            if current is not None and any(
                w.seq not in skipped and not _small_digit_word(text, w, body) for w in line_words
            ):
                current = None
            continue
        for word, runs in zip(line_words, text.runs_of_line(line_words), strict=True):
            current = _add_word(word, runs, current, passages, skipped, body, excluded, bands)
    passages = [
        p
        for p in passages
        if not _is_link_text(p)
        and not _is_margin_text(ctx, p)
        and not _is_heading(ctx, p)
        and not legend_label(ctx, p.pieces[0].word, p.color)
    ]
    for passage in passages:
        if passage.source is None and passage.tail_source is not None:
            passage.source = passage.tail_source
    enders = [b for b in page_badges(ctx) if b.kind != MARGIN]
    return _split_at_sources(passages, enders) if enders else passages


def _split_at_sources(passages: list[_Passage], enders: list[Badge]) -> list[_Passage]:
    """A source number (superscript or tag right after a word, `badges.ends_mark`) names the
    passage it ends: it goes into `source` and ends the passage there. Black superscripts
    (no colour) count only after the passage's last word; inside it they are footnotes."""
    out: list[_Passage] = []
    for passage in passages:
        start = 0
        last = len(passage.pieces) - 1
        for i, piece in enumerate(passage.pieces):
            badge = next(
                (
                    b
                    for b in enders
                    if (b.color is not None or i == last) and ends_mark(b, piece.word.rect)
                ),
                None,
            )
            if badge is not None:
                out.append(_Passage(passage.color, passage.pieces[start : i + 1], badge.number))
                start = i + 1
        if start < len(passage.pieces):
            out.append(_Passage(passage.color, passage.pieces[start:], passage.source))
    return out


def _is_margin_text(ctx: PageContext, passage: _Passage) -> bool:
    """A passage wholly inside the top or bottom margin zone, a line height or more away from
    the body text: a running header or footer (its first page, before furniture detection has
    seen it repeat)."""
    height = ctx.rect.height
    top, bottom = TOP_ZONE * height, BOTTOM_ZONE * height
    words = [p.word for p in passage.pieces]
    line_height = max(w.y1 - w.y0 for w in words)
    if all(w.y1 <= top for w in words):
        below = [w.y0 for w in ctx.text.words if w.y0 > top]
        return not below or min(below) - max(w.y1 for w in words) >= line_height
    if all(w.y0 >= bottom for w in words):
        above = [w.y1 for w in ctx.text.words if w.y1 < bottom]
        return not above or min(w.y0 for w in words) - max(above) >= line_height
    return False


def _is_link_text(passage: _Passage) -> bool:
    """A passage made only of URLs or e-mail addresses is a hyperlink, not a flag."""
    return all(LINK_TEXT.match(p.text) for p in passage.pieces)


def _to_flag(ctx: PageContext, passage: _Passage) -> Flag:
    rect = union_rect(p.word.rect for p in passage.pieces)
    return Flag(
        page=ctx.number,
        kind="colored-text",
        text=join_pieces(passage.pieces),
        rect=rect,
        color=srgb_hex(passage.color),
        source=passage.source,
        order=float(passage.pieces[0].word.seq),
    )


class ColoredText(Detector):
    """Runs of chromatic text (see the module docstring)."""

    stage = "coloured text"

    def __init__(self, doc: DocContext) -> None:
        super().__init__(doc)
        self.edges = PageEdges()

    def find(self, page: PageContext) -> list[Flag]:
        return find_colored_text_flags(page, self.edges)

    def finish(self, flags: list[Flag]) -> list[Flag]:
        joined = self.edges.join_across_pages(sorted(flags, key=Flag.sort_key))
        return without_citations(self.doc, joined)


def find_colored_text_flags(ctx: PageContext, edges: PageEdges) -> list[Flag]:
    """Flags for runs of chromatic text on the page (see the module docstring).

    A passage that ends the page's body, or starts it, is noted in `edges`, which joins the two
    halves of a passage cut by a page break (same kind and colour; a source number ends a
    passage)."""
    passages = _passages(ctx)
    flags: list[Flag] = []
    for i, passage in enumerate(passages):
        flag = _to_flag(ctx, passage)
        flags.append(flag)
        first, last = passage.pieces[0].word, passage.pieces[-1].word
        starts = i == 0 and starts_page_body(ctx, first)
        ends = i == len(passages) - 1 and passage.source is None and ends_page_body(ctx, last)
        if starts or ends:
            flag.end_page = ctx.number
            flag.end_rect = union_rect(
                p.word.rect
                for p in passage.pieces
                if p.word.line_key == passage.pieces[-1].word.line_key
            )
            edges.note(flag, starts_page=starts, ends_page=ends)
    return flags

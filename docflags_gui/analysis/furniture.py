"""Page furniture: header/footer bands, running headers and footers, page numbers.

Furniture never belongs to a flag's text and never breaks a passage that continues from one page
to the next. A word is furniture when it lies in the top or bottom margin zone of the page and
its line is a page number ("3", "- 3 -", "Page 3 of 17 ..."), a report's running string
("Submission ID trn:oid:::..."), a line already seen in the margin zone of an earlier page
(digits ignored), or text on a dark band (light text on a dark fill spanning the page).
"""

from __future__ import annotations

import re

from docflags_gui.analysis.colors import luminance
from docflags_gui.analysis.context import PageContext, per_document, per_page
from docflags_gui.analysis.geometry import Rect, centre_inside
from docflags_gui.analysis.words import Word

# Margin zones as shares of the page height; a word starting above TOP (ending) or below
# BOTTOM (starting) may be furniture.
TOP_ZONE = 0.085
BOTTOM_ZONE = 0.915
# A band is a dark fill at least this share of the page wide.
BAND_MIN_WIDTH = 0.6
BAND_MAX_LUMINANCE = 0.45

_PAGE_NUMBER = re.compile(
    r"^(page\s*)?[-\u2013\u2014(\[]?\s*(\d{1,4}|[ivxlcdm]{1,7})\s*[-\u2013\u2014)\]]?"
    r"(\s*(of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_RUNNING = re.compile(r"\bpage\s+\d+\s+(of|/)\s+\d+\b|\bsubmission id\b|\btrn:oid:", re.IGNORECASE)


def _normalise(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def unrotated_size(ctx: PageContext) -> tuple[float, float]:
    """Width and height of the page in the space of its text and drawings (`page.rect` is the
    rotated, displayed page: on a /Rotate 90 page its width is the text's height)."""
    return ctx.unrotated_size


@per_page
def band_rects(ctx: PageContext) -> list[Rect]:
    """Dark fills spanning most of the page width inside its top or bottom margin zone: header
    and footer bands (any colour). Once per page: furniture and drawn marks both ask."""
    page_width, height = unrotated_size(ctx)
    bands: list[Rect] = []
    for d in ctx.drawings:
        fill = d.get("fill")
        if fill is None or len(fill) != 3 or "f" not in (d.get("type") or ""):
            continue
        x0, y0, x1, y1 = d["rect"]
        in_zone = y1 <= TOP_ZONE * height or y0 >= BOTTOM_ZONE * height
        if (
            in_zone
            and max(0.0, x1 - x0) >= BAND_MIN_WIDTH * page_width
            and luminance(fill) <= BAND_MAX_LUMINANCE
        ):
            bands.append((float(x0), float(y0), float(x1), float(y1)))
    return bands


@per_document
def _margin_lines() -> dict[str, int]:
    """The lines seen in a margin zone so far (digits ignored), with the first page of each."""
    return {}


@per_page
def furniture_seqs(ctx: PageContext) -> frozenset[int]:
    """Reading-order positions (`Word.seq`) of the page's furniture words (cached per page)."""
    return _find(ctx)


def is_furniture(ctx: PageContext, word: Word) -> bool:
    return word.seq in furniture_seqs(ctx)


def _find(ctx: PageContext) -> frozenset[int]:
    height = unrotated_size(ctx)[1]
    top, bottom = TOP_ZONE * height, BOTTOM_ZONE * height
    lines: dict[tuple[int, int], list[Word]] = {}
    for box, line_words in ctx.text.lines:
        if box[1] > top and box[3] < bottom:
            continue  # the body's lines: none of their words reaches into a margin zone
        for w in line_words:
            if w.y1 <= top or w.y0 >= bottom:
                lines.setdefault(w.line_key, []).append(w)
    if not lines:
        return frozenset()
    bands = band_rects(ctx)
    seen = _margin_lines(ctx.doc_ctx)
    found: set[int] = set()
    for words in lines.values():
        text = " ".join(w.text for w in words)
        key = _normalise(text)
        furniture = (
            _PAGE_NUMBER.match(text.strip()) is not None
            or _RUNNING.search(text) is not None
            or seen.get(key, ctx.number) < ctx.number
            or any(centre_inside(w.rect, band) for w in words for band in bands)
        )
        seen.setdefault(key, ctx.number)
        if furniture:
            found.update(w.seq for w in words)
    return frozenset(found)

"""Marks over raster page images with no text under them (Turnitin classic, iThenticate): one
flag per match, its text read by OCR (`ocr.py`).

A raster page shows the manuscript as one big image; each match is a tag (a small box in the
source colour holding the source number as real text) followed, in the content stream, by the
highlight boxes of its line runs. Turnitin classic draws both as vector fills (tags rounded),
iThenticate as small soft-masked images. So: the page's highlights in content-stream order, a
tag starts a new match, the boxes after it (same colour, going on down the page) belong to it.
A highlight before any tag on a page continues the previous page's last match when it has the
same colour and sits on the first marked line, as the rest of a match broken by a page break.
"""

from __future__ import annotations

import logging
import math
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pymupdf

from docflags_gui.analysis import ocr
from docflags_gui.analysis.badges import TAG, page_badges
from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.marks import FILL, MIN_CHROMA, POLYGON, page_marks
from docflags_gui.analysis.markup import rgb_hex
from docflags_gui.analysis.model import Flag, Rect
from docflags_gui.analysis.textlayer import join_texts_by_line, normalize_text, union_rect

log = logging.getLogger(__name__)

# An image is a page image when it covers at least this share of the page.
MIN_PAGE_IMAGE_SHARE = 0.2
# A highlight is at most this tall (points); a tag at most this wide and tall.
MAX_HIGHLIGHT_HEIGHT = 40.0
MAX_TAG_SIZE = 24.0
MIN_HIGHLIGHT_HEIGHT = 3.0
# Two colours are the same when their RGB distance (0..1 components) is at most this.
SAME_COLOR = 0.12
# A box continues a match when it starts at most this many of its heights above the previous
# box's bottom edge (same line, further right) or below it (next lines, a paragraph break).
MAX_LINE_GAP = 3.5

STATE_KEY = "raster"


@dataclass(frozen=True, slots=True)
class Highlight:
    """One box painted over the page image: a line run of a match, or a match's tag."""

    rect: Rect
    rgb: tuple[float, float, float]
    seqno: int
    source: int | None = None  # tags only
    is_tag: bool = False


@dataclass
class Match:
    """The highlights of one match, in content-stream order."""

    rgb: tuple[float, float, float]
    source: int | None
    rects: list[Rect] = field(default_factory=list)
    tagged: bool = False

    def accepts(self, h: Highlight) -> bool:
        """A box of the match's colour belongs to it when a tag opened the match (its boxes
        follow it in the stream, wherever they lie: next line, column or paragraph); without a
        tag, only when it goes on down the page from the previous box."""
        if not _same_color(self.rgb, h.rgb):
            return False
        if not self.rects or self.tagged:
            return True
        last = self.rects[-1]
        height = max(1.0, last[3] - last[1])
        same_line = abs(h.rect[1] - last[1]) < height * 0.5 and h.rect[0] >= last[2] - 1
        below = last[3] - height * 0.5 <= h.rect[1] <= last[3] + height * MAX_LINE_GAP
        return same_line or below


@dataclass
class RasterPage:
    """What this module found on one page (cached so `page_needs_ocr` costs nothing twice)."""

    images: list[ocr.PageImage]
    highlights: list[Highlight]


def _same_color(a: Sequence[float], b: Sequence[float]) -> bool:
    return math.dist(a[:3], b[:3]) <= SAME_COLOR


def _hex(rgb: Sequence[float]) -> str:
    return rgb_hex(rgb) or "#000000"


def _center_inside(rect: Sequence[float], outer: Sequence[float]) -> bool:
    cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _page_images(ctx: PageContext, infos: list[dict[str, Any]]) -> list[ocr.PageImage]:
    page_area = max(1.0, ctx.page.rect.width * ctx.page.rect.height)
    images: list[ocr.PageImage] = []
    for info in infos:
        x0, y0, x1, y1 = info["bbox"]
        if (x1 - x0) * (y1 - y0) < MIN_PAGE_IMAGE_SHARE * page_area:
            continue
        if info.get("xref", 0) <= 0 or info.get("width", 0) <= 0:
            continue  # inline images have no xref to decode; not seen in reports
        images.append(
            ocr.PageImage(
                int(info["xref"]),
                (x0, y0, x1, y1),
                tuple(info["transform"]),
                int(info["width"]),
                int(info["height"]),
            )
        )
    return images


def _words_under(ctx: PageContext, rect: Rect, skip: frozenset[int]) -> bool:
    """True when a real text-layer word (not a badge's digits) lies under `rect`."""
    return any(w.seq not in skip for w in ctx.text.words_in(rect))


def _vector_highlights(
    ctx: PageContext, images: list[ocr.PageImage], badge_words: frozenset[int]
) -> list[Highlight]:
    tags = {b.seqno: b for b in page_badges(ctx) if b.kind == TAG and b.seqno is not None}
    found: list[Highlight] = []
    for mark in page_marks(ctx):
        if mark.shape not in (FILL, POLYGON):
            continue
        if not any(_center_inside(mark.rect, img.bbox) for img in images):
            continue
        tag = tags.get(mark.seqno)
        if tag is not None:
            found.append(Highlight(mark.rect, mark.rgb, mark.seqno, tag.number, True))
            continue
        if not MIN_HIGHLIGHT_HEIGHT <= mark.height <= MAX_HIGHLIGHT_HEIGHT:
            continue
        if _words_under(ctx, mark.rect, badge_words):
            continue  # a mark over text: drawn.py reads it from the text layer
        found.append(Highlight(mark.rect, mark.rgb, mark.seqno))
    return found


def _image_color(doc: pymupdf.Document, xref: int) -> tuple[float, float, float] | None:
    """The colour an image mark is painted in: its most common pixel colour."""
    try:
        pix = pymupdf.Pixmap(doc, xref)
        if pix.colorspace is None or pix.colorspace.n != 3:
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
    except Exception as exc:  # an undecodable image is not a mark we can name
        log.debug("image %s not decodable: %s", xref, exc)
        return None
    n, stride, samples = pix.n, pix.stride, pix.samples
    step_x = max(1, pix.width // 8)
    step_y = max(1, pix.height // 8)
    counts: Counter[tuple[int, int, int]] = Counter()
    for y in range(step_y // 2, pix.height, step_y):
        for x in range(step_x // 2, pix.width, step_x):
            i = y * stride + x * n
            counts[(samples[i], samples[i + 1], samples[i + 2])] += 1
    if not counts:
        return None
    (r, g, b), _ = counts.most_common(1)[0]
    return (r / 255, g / 255, b / 255)


def _image_stream_positions(ctx: PageContext) -> list[tuple[int, Rect]]:
    """Content-stream positions (the `seqno` of get_drawings) of the page's image paints."""
    return [
        (i, tuple(bbox))
        for i, (kind, bbox) in enumerate(ctx.page.get_bboxlog())
        if kind == "fill-image"
    ]


def _image_highlights(
    ctx: PageContext,
    infos: list[dict[str, Any]],
    images: list[ocr.PageImage],
    badge_words: frozenset[int],
) -> list[Highlight]:
    """Highlights and tags that are small images over the page image (iThenticate)."""
    page_xrefs = {img.xref for img in images}
    candidates = [
        info
        for info in infos
        if info.get("xref", 0) not in page_xrefs
        and any(_center_inside(info["bbox"], img.bbox) for img in images)
        and MIN_HIGHLIGHT_HEIGHT <= info["bbox"][3] - info["bbox"][1] <= MAX_HIGHLIGHT_HEIGHT
    ]
    if not candidates:
        return []
    positions = _image_stream_positions(ctx)
    used: set[int] = set()
    colors: dict[int, tuple[float, float, float] | None] = {}
    placed: list[tuple[Rect, tuple[float, float, float], int]] = []
    for info in candidates:
        rect: Rect = tuple(info["bbox"])
        seqno = next(
            (
                i
                for i, box in positions
                if i not in used and all(abs(a - b) < 0.5 for a, b in zip(box, rect, strict=True))
            ),
            None,
        )
        if seqno is None:
            continue
        used.add(seqno)
        xref = int(info.get("xref", 0))
        if xref not in colors:
            colors[xref] = _image_color(ctx.doc_ctx.doc, xref) if xref > 0 else None
        rgb = colors[xref]
        if rgb is not None and max(rgb) - min(rgb) >= MIN_CHROMA:
            placed.append((rect, rgb, seqno))
    # Tags first: their digits overlap the top of the match's first box.
    found: list[Highlight] = []
    tag_words: set[int] = set(badge_words)
    for rect, rgb, seqno in placed:
        digits = [
            w for w in ctx.text.words_in(rect) if _center_inside(w.rect, rect) and w.text.isdigit()
        ]
        if digits and rect[2] - rect[0] <= MAX_TAG_SIZE and rect[3] - rect[1] <= MAX_TAG_SIZE:
            number = int("".join(d.text for d in digits)[:3])
            found.append(Highlight(rect, rgb, seqno, number or None, True))
            tag_words.update(d.seq for d in digits)
    skip = frozenset(tag_words)
    tag_seqnos = {h.seqno for h in found}
    for rect, rgb, seqno in placed:
        if seqno not in tag_seqnos and not _words_under(ctx, rect, skip):
            found.append(Highlight(rect, rgb, seqno))
    return found


_CACHE: weakref.WeakKeyDictionary[PageContext, RasterPage] = weakref.WeakKeyDictionary()


def _raster_page(ctx: PageContext) -> RasterPage:
    cached = _CACHE.get(ctx)
    if cached is not None:
        return cached
    found = RasterPage([], [])
    # get_images() reads the page's resources only: the cheap test that skips text pages.
    if not ctx.is_summary and ctx.page.get_images():
        infos: list[dict[str, Any]] = ctx.page.get_image_info(xrefs=True)
        images = _page_images(ctx, infos)
        if images:
            badge_words = frozenset(
                s for b in page_badges(ctx) if b.kind == TAG for s in b.word_seqs
            )
            highlights = _vector_highlights(ctx, images, badge_words)
            highlights += _image_highlights(ctx, infos, images, badge_words)
            highlights.sort(key=lambda h: h.seqno)
            highlights = _unnumbered_tags(highlights)
            if any(not h.is_tag for h in highlights):
                found = RasterPage(images, highlights)
    _CACHE[ctx] = found
    return found


def _unnumbered_tags(highlights: list[Highlight]) -> list[Highlight]:
    """Tags whose number is not text (drawn as outlines or baked into an image) still start a
    match: a small box, shorter than the box that follows it in the stream in its colour, which
    it sits just above-left of."""
    out = list(highlights)
    for i, h in enumerate(highlights[:-1]):
        nxt = highlights[i + 1]
        w, height = h.rect[2] - h.rect[0], h.rect[3] - h.rect[1]
        if (
            not h.is_tag
            and not nxt.is_tag
            and w <= MAX_TAG_SIZE
            and height < 0.85 * (nxt.rect[3] - nxt.rect[1])
            and _same_color(h.rgb, nxt.rgb)
            and _tag_starts(h, nxt.rect)
        ):
            out[i] = Highlight(h.rect, h.rgb, h.seqno, None, True)
    return out


def page_needs_ocr(ctx: PageContext) -> bool:
    """True when the page has marks over a raster image with no text under them."""
    return bool(_raster_page(ctx).highlights)


def group_matches(highlights: Sequence[Highlight]) -> list[Match]:
    """Matches in content-stream order: a tag starts one, the boxes after it that go on down the
    page in its colour belong to it; a box that fits no open match starts one without a tag."""
    matches: list[Match] = []
    current: Match | None = None
    for h in highlights:
        if h.is_tag:
            current = Match(h.rgb, h.source, tagged=True)
            matches.append(current)
        elif current is not None and current.accepts(h):
            current.rects.append(h.rect)
        else:
            current = Match(h.rgb, None, [h.rect])
            matches.append(current)
    matches = [m for m in matches if m.rects]
    # A tag drawn elsewhere in the stream still names the match it sits above-left of.
    tags = [h for h in highlights if h.is_tag and h.source is not None]
    for m in matches:
        if m.source is None:
            for t in tags:
                if _same_color(t.rgb, m.rgb) and _tag_starts(t, m.rects[0]):
                    m.source = t.source
                    break
    return matches


def _tag_starts(tag: Highlight, rect: Rect) -> bool:
    b = tag.rect
    height = rect[3] - rect[1]
    cy = (b[1] + b[3]) / 2
    near_x = rect[0] - 2 * height <= b[0] <= rect[0] + height
    return near_x and b[3] >= rect[1] - height and cy <= rect[1] + height * 0.35


def _ocr_setup(doc_ctx: DocContext) -> ocr.OcrSetup:
    state: dict[str, Any] = doc_ctx.state.setdefault(STATE_KEY, {})
    setup = state.get("setup")
    if not isinstance(setup, ocr.OcrSetup):
        setup = ocr.ocr_setup(doc_ctx.options.ocr, doc_ctx.options.ocr_languages)
        state["setup"] = setup
        if setup.problem:
            doc_ctx.warn(setup.problem)
        elif setup.notice:
            doc_ctx.warn(setup.notice)
    return setup


def _read_texts(ctx: PageContext, page: RasterPage, matches: list[Match]) -> list[list[str]]:
    """The text under each box of each match ("" where OCR could not run)."""
    texts = [["" for _ in m.rects] for m in matches]
    setup = _ocr_setup(ctx.doc_ctx)
    if not setup.available:
        return texts
    for image in page.images:
        where = [
            (i, j, r)
            for i, m in enumerate(matches)
            for j, r in enumerate(m.rects)
            if _center_inside(r, image.bbox)
        ]
        if not where:
            continue
        try:
            pixels = ocr.load_pixels(ctx.doc_ctx.doc, image)
            ocr_text = ocr.read_under_marks(pixels, image, [r for _, _, r in where], setup)
        except Exception as exc:  # MuPDF/Tesseract errors: keep the flags, say why text is missing
            log.warning("OCR failed on page %s: %s", ctx.number, exc)
            ctx.warn(f"OCR failed ({exc}); passages listed without text")
            continue
        if ocr_text is None:
            continue
        for i, j, r in where:
            pieces = ocr_text.covered_pieces([r])
            texts[i][j] = join_texts_by_line([(p.word.line_key, p.text) for p in pieces])
    return texts


def find_raster_flags(ctx: PageContext) -> list[Flag]:
    """One `drawn` flag per match over the page image, text by OCR (`ocr` true)."""
    page = _raster_page(ctx)
    if not page.highlights:
        return []
    matches = group_matches(page.highlights)
    texts = _read_texts(ctx, page, matches)
    state: dict[str, Any] = ctx.doc_ctx.state.setdefault(STATE_KEY, {})
    previous = state.get("last")
    flags: list[Flag] = []
    for index, (match, parts) in enumerate(zip(matches, texts, strict=True)):
        text = normalize_text(join_texts_by_line([(k, t) for k, t in enumerate(parts)]))
        if index == 0 and _continues(previous, match, page, ctx.number):
            assert isinstance(previous, Flag)
            previous.text = normalize_text(join_texts_by_line([(0, previous.text), (1, text)]))
            previous.end_page = ctx.number
            previous.end_rect = union_rect(match.rects)
            continue
        flags.append(
            Flag(
                page=ctx.number,
                kind="drawn",
                text=text,
                rect=union_rect(match.rects),
                color=_hex(match.rgb),
                source=match.source,
                ocr=True,
                end_page=ctx.number,
                end_rect=match.rects[-1],
            )
        )
    if flags:
        state["last"] = flags[-1]
    elif matches and isinstance(previous, Flag):
        state["last"] = previous
    state["last_page"] = ctx.number
    _CACHE.pop(ctx, None)
    return flags


def _continues(previous: object, match: Match, page: RasterPage, number: int) -> bool:
    """True when `match` (the page's first, untagged) is the rest of the previous page's last
    match: same colour, on the page right after it, and the page's first marked line."""
    if not isinstance(previous, Flag) or match.source is not None or previous.color is None:
        return False
    if (previous.end_page or previous.page) != number - 1:
        return False
    if previous.color != _hex(match.rgb):
        return False
    top = min(h.rect[1] for h in page.highlights if not h.is_tag)
    return match.rects[0][1] <= top + 0.5

"""Every image a page paints, with the opacity it is painted at, in content-stream order.

`page.get_image_info()` silently drops images painted at a constant opacity below 0.5 (an
ExtGState `/ca .2`): exactly how iThenticate classic and Turnitin 2019 paint their highlight
segments (FORMATS.md §6.1). `page.get_bboxlog()` lists every `fill-image`, in the order of the
`Do` operators, but says nothing about which image or at what opacity. So the content stream is
walked here for its `gs`, `Do`, `q`/`Q` and inline images (Form XObjects entered with their own
resources), and its image paints are paired one to one with the bounding-box log's entries.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pymupdf

from docflags_gui.analysis.context import PageContext, per_page
from docflags_gui.analysis.geometry import Rect

log = logging.getLogger(__name__)

# Forms nest at most this deep (a loop of forms referring to each other must end).
MAX_FORM_DEPTH = 8

_TOKEN = re.compile(
    rb"""
    (?P<space>[\x00\t\n\x0c\r ]+)
    | (?P<comment>%[^\r\n]*)
    | (?P<string>\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\))
    | (?P<hex><[0-9A-Fa-f\s]*>)
    | (?P<delim><<|>>|[\[\]{}])
    | (?P<name>/[^\x00\t\n\x0c\r /\[\]()<>{}%]*)
    | (?P<word>[^\x00\t\n\x0c\r /\[\]()<>{}%]+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# The end of an inline image's data: "EI" between white space (or at the end).
_INLINE_END = re.compile(rb"\sEI(?=[\x00\t\n\x0c\r ]|$)")


@dataclass(frozen=True, slots=True)
class ImagePaint:
    """One image painted on the page: where, which, and at what constant opacity."""

    rect: Rect
    seqno: int  # index in `page.get_bboxlog()` (the numbering of get_drawings' seqno)
    xref: int  # 0 for an inline image
    alpha: float | None  # the graphics state's fill opacity (forms' included); None: unknown

    @property
    def width(self) -> float:
        return self.rect[2] - self.rect[0]

    @property
    def height(self) -> float:
        return self.rect[3] - self.rect[1]


def _tokens(data: bytes) -> Iterator[tuple[str, bytes]]:
    """(kind, text) of each token of a content stream; inline image data is skipped."""
    pos, end = 0, len(data)
    match = _TOKEN.match
    while pos < end:
        m = match(data, pos)
        if m is None:  # pragma: no cover - "other" matches any byte
            return
        pos = m.end()
        kind = m.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        text = m.group()
        if kind == "word" and text == b"ID":
            # Inline image data follows one white-space byte; it ends at " EI".
            stop = _INLINE_END.search(data, pos + 1)
            pos = stop.end() if stop is not None else end
            yield ("word", b"EI")
            continue
        yield (kind, text)


class _Walker:
    """Follows one page's content, and the forms it paints, for image paints. A form painted at
    some opacity paints everything in it at that opacity times its own `gs` settings (a
    transparency group's alpha applies to the whole group)."""

    def __init__(self, doc: pymupdf.Document) -> None:
        self.doc = doc
        self.paints: list[tuple[int, float]] = []  # (xref, opacity); xref 0: inline image
        self._alpha_cache: dict[tuple[int, str], float | None] = {}

    def walk(self, data: bytes, owner: int, prefix: str, base: float, depth: int) -> None:
        """Paints of `data`, whose resources are `owner`'s `prefix`Resources, painted at
        opacity `base`."""
        stack: list[float] = []
        current = 1.0  # the stream's own fill opacity (`gs` /ca), under q/Q
        last_name = ""
        inline = False
        for kind, text in _tokens(data):
            if kind == "name":
                last_name = text[1:].decode("latin-1")
            elif kind != "word":
                continue
            elif inline:
                if text == b"EI":
                    inline = False
                    self.paints.append((0, base * current))
            elif text == b"BI":
                inline = True
            elif text == b"q":
                stack.append(current)
            elif text == b"Q":
                current = stack.pop() if stack else current
            elif text == b"gs":
                ca = self._gs_alpha(owner, prefix, last_name)
                current = current if ca is None else ca
            elif text == b"Do":
                self._paint(owner, prefix, last_name, base * current, depth)

    def _gs_alpha(self, owner: int, prefix: str, name: str) -> float | None:
        key = (owner, prefix + name)
        if key not in self._alpha_cache:
            kind, value = self.doc.xref_get_key(owner, f"{prefix}Resources/ExtGState/{name}/ca")
            try:
                self._alpha_cache[key] = float(value) if kind in ("float", "int") else None
            except ValueError:
                self._alpha_cache[key] = None
        return self._alpha_cache[key]

    def _paint(self, owner: int, prefix: str, name: str, alpha: float, depth: int) -> None:
        kind, value = self.doc.xref_get_key(owner, f"{prefix}Resources/XObject/{name}")
        if kind != "xref":
            return
        xref = int(value.split()[0])
        subtype = self.doc.xref_get_key(xref, "Subtype")[1]
        if subtype == "/Image":
            self.paints.append((xref, alpha))
        elif subtype == "/Form" and depth < MAX_FORM_DEPTH:
            stream = self.doc.xref_stream(xref) or b""
            if self.doc.xref_get_key(xref, "Resources")[0] != "null":
                self.walk(stream, xref, "", alpha, depth + 1)
            else:  # a form without resources of its own uses its caller's
                self.walk(stream, owner, prefix, alpha, depth + 1)


def walk_images(page: pymupdf.Page) -> list[tuple[int, float]] | None:
    """(xref, opacity) of each image the page paints, in content-stream order (xref 0 for an
    inline image); None when the content cannot be read."""
    walker = _Walker(page.parent)
    try:
        walker.walk(page.read_contents(), page.xref, "", 1.0, 0)
    except Exception as exc:  # a damaged stream: the caller falls back to what MuPDF reports
        log.debug("content stream of page %s unreadable: %s", page.number, exc)
        return None
    return walker.paints


@per_page
def image_boxes(ctx: PageContext) -> list[tuple[int, Rect]]:
    """(index in `page.get_bboxlog()`, box) of every image the page paints: where they are,
    without walking the content stream."""
    return [
        (i, _box(bbox))
        for i, (kind, bbox) in enumerate(ctx.page.get_bboxlog())
        if kind == "fill-image"
    ]


@per_page
def image_paints(ctx: PageContext) -> list[ImagePaint]:
    """Every image the page paints, in content-stream order, with its opacity when the content
    stream could be paired with MuPDF's bounding-box log (else `alpha` None)."""
    log_entries = image_boxes(ctx)
    if not log_entries:
        return []
    walked = walk_images(ctx.page)
    if walked is None or len(walked) != len(log_entries):
        if walked is not None:
            log.debug(
                "page %s: %d image paints in the stream, %d in the log",
                ctx.number,
                len(walked),
                len(log_entries),
            )
        xrefs = _xrefs_by_box(ctx.page)
        return [ImagePaint(box, i, xrefs.get(_key(box), 0), None) for i, box in log_entries]
    return [
        ImagePaint(box, i, xref, alpha)
        for (i, box), (xref, alpha) in zip(log_entries, walked, strict=True)
    ]


def _box(bbox: tuple[float, float, float, float]) -> Rect:
    return (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3]))


def _key(bbox: Rect) -> tuple[int, int, int, int]:
    return (round(bbox[0]), round(bbox[1]), round(bbox[2]), round(bbox[3]))


def _xrefs_by_box(page: pymupdf.Page) -> dict[tuple[int, int, int, int], int]:
    """Image xrefs by painted box, for the images `get_image_info` does report."""
    found: dict[tuple[int, int, int, int], int] = {}
    for info in page.get_image_info(xrefs=True):
        xref = int(info.get("xref", 0))
        if xref > 0:
            found[_key(info["bbox"])] = xref
    return found

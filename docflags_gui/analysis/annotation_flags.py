"""Markup annotations (highlight, underline, strike-out, squiggly) and notes as flags.

One markup annotation is one flag, whatever number of quads it has; its text is what the quads
cover under the coverage rule (`coverage`). Decisions for the less common cases:

- Replies (`/IRT` without `/RT /Group`) are folded into their parent's comment, one line per
  reply ("author: text"), so a discussion stays with the passage it is about. Review-state
  replies (`/State`, e.g. "Accepted") carry no words of their own and are dropped.
- Acrobat's "replace text" edit is a Caret with a StrikeOut in its group (`/IRT` + `/RT /Group`):
  it becomes one strikeout flag whose comment is the replacement (the Caret's `/Contents`), with
  the strike-out's own comment, if any, before it. A Caret alone with contents is an insertion
  suggestion and becomes a note; a Caret without contents says nothing and is skipped.
- Sticky notes (Text) and FreeText become `note` flags: text = the content, colour null.
- Square annotations (Apple's marker highlights are stored as Squares with an ink appearance;
  the words under a freehand stroke are not given by the annotation), Ink, Stamps and other
  shapes are not flags: their area is not a statement about text. They are counted in one
  warning per page ("1 Square (freehand marker)", "2 Ink") so the user knows they were there.
- Popup, Link and Widget annotations are ignored silently; hidden annotations (flags Hidden or
  NoView: no viewer shows them) are not flags, and are counted in the warning.
- Markup over a scanned page (quads over a page image, no text layer under or around them) is
  read by the raster detector's OCR (`ocr: true`); without OCR the flag stays, with empty text.
  Where the page has a text layer, the quads are read from it alone (thin bands over large
  type too, `coverage`): such a page is never reported as scanned.
- Quads are read in any vertex order (each quad's bounding box), in unrotated page space like
  the words; a missing /AP changes nothing (the appearance is never looked at).
"""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from collections.abc import Sequence

import pymupdf

from docflags_gui.analysis.annotation_quads import MARKUP_KINDS, annotation_boxes
from docflags_gui.analysis.annotation_reading import Annotation
from docflags_gui.analysis.color_spaces import pdf_color_hex
from docflags_gui.analysis.context import PageContext
from docflags_gui.analysis.detector import Detector
from docflags_gui.analysis.geometry import Rect, centre_inside, union_rect
from docflags_gui.analysis.joining import join_pieces
from docflags_gui.analysis.model import Flag

log = logging.getLogger(__name__)

_BREAK_TAG = re.compile(r"<br\s*/?>|</p>\s*(?=<p)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")

NOTE_TYPES = frozenset({"Text", "FreeText"})
CARET = "Caret"
SILENT_TYPES = frozenset({"Popup", "Link", "Widget"})
# Annotation flags Hidden (2) and NoView (32): the annotation is not displayed.
HIDDEN_FLAGS = 2 | 32


def _contents(annot: Annotation) -> str | None:
    """The annotation's /Contents with uniform line breaks, or None when it is empty.

    A FreeText box without /Contents shows the text of its rich-text /RC on the page, so that
    is its content. Other annotations keep to /Contents, as pdfannots and pdf.js do (iText
    writes numbering into /RC, e.g. pdf.js's issue13447.pdf)."""
    text = annot.contents
    if not text and annot.kind == "FreeText":
        text = _rich_text(annot)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def _rich_text(annot: Annotation) -> str:
    """The plain text of /RC (XHTML rich text), which some producers write instead of
    /Contents."""
    kind, value = annot.key("RC")
    if kind == "xref":
        stream = annot.doc.xref_stream(int(value.split()[0])) or b""
        value = stream.decode("utf-8", "replace")
    elif kind != "string":
        return ""
    value = _BREAK_TAG.sub("\n", value)
    return html.unescape(_TAG.sub("", value))


def _key(annot: Annotation, key: str) -> str | None:
    kind, value = annot.key(key)
    return value if kind != "null" else None


def _reply_line(annot: Annotation) -> str | None:
    text = _contents(annot)
    if text is None:
        return None
    author = annot.author.strip()
    return f"{author}: {text}" if author else text


def _join_comments(parts: Sequence[str | None]) -> str | None:
    kept = [p for p in parts if p]
    return "\n".join(kept) if kept else None


class _Thread:
    """An annotation with the annotations attached to it: group members and replies."""

    def __init__(self, root: Annotation) -> None:
        self.root = root
        self.group: list[Annotation] = []
        self.replies: list[Annotation] = []


def _threads(ctx: PageContext) -> list[_Thread]:
    """The page's annotations gathered under their root (the end of their /IRT chain)."""
    annots = [a for a in ctx.annotations if a.kind not in SILENT_TYPES]
    by_xref = {a.xref: a for a in annots}
    parent_of: dict[int, int] = {}
    for a in annots:
        irt = a.irt_xref
        if irt and irt in by_xref and irt != a.xref:
            parent_of[a.xref] = irt

    def root_of(xref: int) -> int:
        seen = {xref}
        while xref in parent_of and parent_of[xref] not in seen:
            xref = parent_of[xref]
            seen.add(xref)
        return xref

    threads: dict[int, _Thread] = {}
    for a in annots:
        if a.xref not in parent_of:
            threads.setdefault(a.xref, _Thread(a))
    for a in annots:
        if a.xref not in parent_of:
            continue
        thread = threads.setdefault(root_of(a.xref), _Thread(by_xref[root_of(a.xref)]))
        if _key(a, "RT") == "/Group":
            thread.group.append(a)
        elif _key(a, "State") is None:
            thread.replies.append(a)
    return list(threads.values())


def _markup_flag(
    ctx: PageContext, annot: Annotation, comment: str | None
) -> tuple[Flag, list[Rect]] | None:
    boxes = annotation_boxes(ctx, annot)
    if not boxes:
        return None
    pieces = ctx.text.covered_pieces(boxes)
    order: float | None = None
    rect = union_rect(boxes)
    if pieces:
        order = float(pieces[0].word.seq)
        words = union_rect(p.word.rect for p in pieces)
        # What is marked: the words' height, the quads' width (a mark may start mid-word).
        clipped = (max(words[0], rect[0]), words[1], min(words[2], rect[2]), words[3])
        rect = clipped if clipped[0] < clipped[2] else words
    flag = Flag(
        page=ctx.number,
        kind=MARKUP_KINDS[annot.kind],
        text=join_pieces(pieces),
        rect=rect,
        color=pdf_color_hex(annot.colors.get("stroke") or annot.colors.get("fill")),
        comment=comment,
        order=order,
    )
    return flag, boxes


def _note_flag(ctx: PageContext, annot: Annotation, text: str, comment: str | None) -> Flag:
    r = pymupdf.Rect(annot.rect).normalize()
    return Flag(
        page=ctx.number,
        kind="note",
        text=text,
        rect=(r.x0, r.y0, r.x1, r.y1),
        color=None,
        comment=comment,
        order=ctx.text.order_near((r.x0, r.y0, r.x1, r.y1)),
    )


class AnnotationFlags(Detector):
    """Markup annotations and notes (see the module docstring)."""

    stage = "annotations"

    def find(self, page: PageContext) -> list[Flag]:
        return find_annotation_flags(page)


def find_annotation_flags(ctx: PageContext) -> list[Flag]:
    """Flags for the page's markup annotations and notes; other annotations go to warnings."""
    flags = _annotation_flags(ctx)
    unread = [
        (f, boxes) for f, boxes in flags if boxes and not f.text and not _over_text(ctx, boxes)
    ]
    if unread:
        _read_scanned(ctx, unread)
    return [f for f, _ in flags]


def _annotation_flags(ctx: PageContext) -> list[tuple[Flag, list[Rect]]]:
    """Each flag with the quad boxes it was read from (none for notes)."""
    flags: list[tuple[Flag, list[Rect]]] = []
    skipped: Counter[str] = Counter()
    for thread in _threads(ctx):
        try:
            flags.extend(_thread_flags(ctx, thread, skipped))
        except Exception as exc:  # one malformed annotation must not cost the document
            log.warning(
                "annotation %s on page %s unreadable: %s", thread.root.xref, ctx.number, exc
            )
            ctx.warn(f"an annotation could not be read ({exc})")
    if skipped:
        listed = ", ".join(f"{n} {name}" for name, n in sorted(skipped.items()))
        ctx.warn(f"annotations not read as flags: {listed}")
    return flags


def _thread_flags(
    ctx: PageContext, thread: _Thread, skipped: Counter[str]
) -> list[tuple[Flag, list[Rect]]]:
    """The flags of one annotation with its group and replies; counts what is not a flag."""
    found: list[tuple[Flag, list[Rect]]] = []
    root = thread.root
    kind = root.kind
    if root.flags & HIDDEN_FLAGS:
        skipped[f"{kind} (hidden)"] += 1  # not shown by any viewer: not what the reader saw
        return found
    replies = [_reply_line(r) for r in thread.replies]
    markup_members = [m for m in thread.group if m.kind in MARKUP_KINDS]
    if kind in MARKUP_KINDS:
        # Group members of a markup root (rare) add their words to the comment only.
        extra = [_contents(m) for m in thread.group]
        flag = _markup_flag(ctx, root, _join_comments([_contents(root), *extra, *replies]))
        if flag is not None:
            found.append(flag)
    elif markup_members:
        # A "replace text" group: the struck-out words, with the replacement as comment.
        replacement = _contents(root)
        for member in markup_members:
            comment = _join_comments([_contents(member), replacement, *replies])
            flag = _markup_flag(ctx, member, comment)
            if flag is not None:
                found.append(flag)
    elif kind in NOTE_TYPES or kind == CARET:
        text = _contents(root)
        if text is not None and _key(root, "State") is None:
            found.append((_note_flag(ctx, root, text, _join_comments(replies)), []))
        elif kind != "Text" and kind != CARET:
            skipped[root.kind] += 1
    else:
        skipped[_kind_name(ctx, root)] += 1
    return found


def _kind_name(ctx: PageContext, annot: Annotation) -> str:
    """The annotation's subtype for the warning; Apple's marker strokes are named as such."""
    name = annot.kind
    if name == "Square" and _key(annot, "AAPL:AKExtras") is not None:
        return "Square (freehand marker)"
    return name


def _over_text(ctx: PageContext, boxes: list[Rect]) -> bool:
    """True when the text layer has words under the quads or a line's height around them: the
    page is not scanned there, so OCR would only read again (worse) what the layer holds, and
    the flag would claim a scan that is not one."""
    for box in boxes:
        pad = box[3] - box[1]
        if ctx.text.words_in((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)):
            return True
    return False


def _read_scanned(ctx: PageContext, unread: list[tuple[Flag, list[Rect]]]) -> None:
    """Markup over a scanned page (a page image, no text layer under the quads): read the text
    under the quads with the document's OCR, as the raster detector reads drawn marks, and set
    `ocr`."""
    # Imported here, as the OCR service loads its modules: only for pages with page images.
    from docflags_gui.analysis.ocr_ahead import Reading

    service = ctx.doc_ctx.ocr
    for image in ctx.page_images:
        here = [
            (flag, boxes)
            for flag, boxes in unread
            if not flag.text and all(centre_inside(box, image.bbox) for box in boxes)
        ]
        if not here:
            continue
        for flag, _ in here:
            flag.ocr = True
        if not service.available:
            continue  # the OCR service has said why in the warnings
        reading = Reading(image, tuple(box for _, boxes in here for box in boxes))
        try:
            (read,) = service.texts(ctx.page.number or 0, [reading])
            text = read()
        except Exception as exc:  # MuPDF/Tesseract errors: keep the flags, say why
            log.warning("OCR under annotations failed on page %s: %s", ctx.number, exc)
            ctx.warn(f"OCR failed ({exc}); annotations listed without text")
            continue
        if text is None:
            continue
        for flag, boxes in here:
            flag.text = join_pieces(text.covered_pieces(boxes))

"""An annotated copy of an ODT manuscript: each passage between an `office:annotation` (the
comment) and its `office:annotation-end`, its text in spans shaded in the flag's colour.

The comment markers are inserted at the passage's exact offsets, splitting the text there; they
hold no text the document shows, and spans only wrap existing text, so the copy's text is the
original's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docflags_gui.matching.manuscript import PARAGRAPH_SEPARATOR
from docflags_gui.matching.odt_reader import blocks, inline_pieces, open_document
from docflags_gui.review.marks import Mark

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
AUTHOR = "docflags"


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    text: str
    owner: Any
    where: str  # "text", "tail" or "element" (see odt_reader.inline_pieces)

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _pieces(body: Any) -> Iterator[_Piece]:
    """The text pieces at their offsets, counted exactly as the ODT reader does."""
    offset = 0
    first = True
    for block in blocks(body):
        pieces = list(inline_pieces(block))
        if not "".join(text for text, _, _ in pieces).strip():
            continue
        if not first:
            offset += len(PARAGRAPH_SEPARATOR)
        first = False
        for text, owner, where in pieces:
            yield _Piece(offset, text, owner, where)
            offset += len(text)


def _insert(piece: _Piece | None, block_end: Any, at: int, element: Any) -> None:
    """Put `element` (holding no shown text) at offset `at`, inside or right after `piece`."""
    assert piece is not None or block_end is not None
    if piece is None:
        block_end.append(element)
        return
    k = at - piece.start
    if piece.where == "text":
        element.tail = piece.owner.text[k:] or None
        piece.owner.text = piece.owner.text[:k] or None
        piece.owner.insert(0, element)
    elif piece.where == "tail":
        element.tail = piece.owner.tail[k:] or None
        piece.owner.tail = piece.owner.tail[:k] or None
        piece.owner.addnext(element)
    elif k == 0:  # before a space, tab or line-break element
        piece.owner.addprevious(element)
    else:  # inside or after it: after it (its spaces cannot be split)
        element.tail, piece.owner.tail = piece.owner.tail, None
        piece.owner.addnext(element)


def _piece_at(body: Any, offset: int, closing: bool) -> _Piece | None:
    """The piece holding `offset` (a closing marker goes after a piece that ends there)."""
    chosen = None
    for piece in _pieces(body):
        if piece.start <= offset < piece.end or (closing and piece.end == offset):
            chosen = piece
            if not closing or piece.start <= offset < piece.end:
                return piece
    return chosen


def _annotation(mark: Mark, name: str, maker: Any) -> Any:
    annotation = maker(f"{{{_OFFICE}}}annotation", {f"{{{_OFFICE}}}name": name})
    creator = maker(f"{{{_DC}}}creator", {})
    creator.text = AUTHOR
    date = maker(f"{{{_DC}}}date", {})
    date.text = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    annotation.extend([creator, date])
    for line in mark.comment.splitlines() or [""]:
        paragraph = maker(f"{{{_TEXT}}}p", {})
        paragraph.text = line
        annotation.append(paragraph)
    return annotation


def _style_name(color: str) -> str:
    return f"docflags_highlight_{color.lstrip('#')}"


def _add_styles(document: Any, colors: set[str]) -> None:
    root = document.get_part("content.xml").root._xml_element
    styles = root.find(f"{{{_OFFICE}}}automatic-styles")
    if styles is None:
        styles = root.makeelement(f"{{{_OFFICE}}}automatic-styles", {})
        root.insert(list(root).index(root.find(f"{{{_OFFICE}}}body")), styles)
    for color in sorted(colors):
        style = styles.makeelement(
            f"{{{_STYLE}}}style",
            {f"{{{_STYLE}}}name": _style_name(color), f"{{{_STYLE}}}family": "text"},
        )
        props = style.makeelement(
            f"{{{_STYLE}}}text-properties", {f"{{{_FO}}}background-color": color}
        )
        style.append(props)
        styles.append(style)


def _wrap(piece: _Piece, color: str) -> None:
    """Shade one piece's text by moving it into a styled span."""
    span_tag = f"{{{_TEXT}}}span"
    attrs = {f"{{{_TEXT}}}style-name": _style_name(color)}
    if piece.where == "text":
        span = piece.owner.makeelement(span_tag, attrs)
        span.text, piece.owner.text = piece.owner.text, None
        piece.owner.insert(0, span)
    elif piece.where == "tail":
        span = piece.owner.makeelement(span_tag, attrs)
        span.text, piece.owner.tail = piece.owner.tail, None
        piece.owner.addnext(span)
    else:
        span = piece.owner.makeelement(span_tag, attrs)
        tail, piece.owner.tail = piece.owner.tail, None
        piece.owner.addprevious(span)
        span.append(piece.owner)
        span.tail = tail


def annotate_odt(source: Path, target: Path, marks: Sequence[Mark]) -> int:
    """Write `target`: `source` with every mark commented and shaded; returns the comments made."""
    document = open_document(source)
    body = document.body._xml_element
    written = 0
    for number, mark in enumerate(marks, start=1):
        start = _piece_at(body, mark.start, closing=False)
        end = _piece_at(body, mark.end, closing=True)
        if start is None or end is None:
            continue
        name = f"docflags-{number}"
        _insert(start, None, mark.start, _annotation(mark, name, body.makeelement))
        end = _piece_at(body, mark.end, closing=True)  # the start marker split text
        ending = body.makeelement(f"{{{_OFFICE}}}annotation-end", {f"{{{_OFFICE}}}name": name})
        _insert(end, None, mark.end, ending)
        written += 1
    # Markers now stand at every boundary: shade each piece that lies inside a passage (the
    # last passage's colour where two overlap), last piece first so that moving one piece's text
    # never moves a piece still to come.
    shades: dict[int, tuple[_Piece, str]] = {}
    for index, piece in enumerate(_pieces(body)):
        for mark in marks:
            if piece.text and mark.start <= piece.start and piece.end <= mark.end:
                shades[index] = (piece, mark.highlight)
    for _, (piece, color) in sorted(shades.items(), reverse=True):
        _wrap(piece, color)
    _add_styles(document, {mark.highlight for mark in marks})
    document.save(target)
    return written

"""An annotated copy of a DOCX manuscript: each passage's runs shaded in its flag's colour and
anchored to a real Word comment (python-docx >= 1.2).

Runs are split exactly at the passage's first and last character, each part keeping the run's
formatting; runs that hold a field or a drawing are never split (the passage's range then grows
to the whole run). Only runs are split and comments added, so the copy's text is the original's.
"""

from __future__ import annotations

import copy
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from docflags_gui.matching.docx_reader import (
    TEXT,
    block_paragraphs,
    open_document,
    paragraph_pieces,
)
from docflags_gui.matching.manuscript import PARAGRAPH_SEPARATOR
from docflags_gui.review.marks import Mark

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN, _RUN_PROPS, _SHADING = f"{_W}r", f"{_W}rPr", f"{_W}shd"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# A run holding any of these is kept whole: splitting it would break a field or an object.
_UNSPLITTABLE = {f"{_W}{name}" for name in ("fldChar", "instrText", "drawing", "object", "pict")}
AUTHOR, INITIALS = "docflags", "DF"


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int  # offset of the piece's first character in the manuscript text
    text: str
    node: Any  # the w:t (or w:tab, w:br...) element

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def run(self) -> Any:
        parent = self.node.getparent()
        return parent if parent is not None and parent.tag == _RUN else None


def _pieces(body: Any) -> Iterator[_Piece]:
    """The text pieces of the body at their offsets, counted exactly as the DOCX reader does."""
    offset = 0
    first = True
    for paragraph in block_paragraphs(body):
        pieces = [
            (text, node) for text, is_break, node in paragraph_pieces(paragraph) if not is_break
        ]
        if not "".join(text for text, _ in pieces).strip():
            continue  # the reader drops blank paragraphs
        if not first:
            offset += len(PARAGRAPH_SEPARATOR)
        first = False
        for text, node in pieces:
            yield _Piece(offset, text, node)
            offset += len(text)


def _splittable(run: Any) -> bool:
    return run is not None and not any(child.tag in _UNSPLITTABLE for child in run.iter())


def _explode(run: Any) -> None:
    """Give each content child of `run` a run of its own with the same formatting."""
    content = [child for child in run if child.tag != _RUN_PROPS]
    if len(content) < 2:
        return
    props = run.find(_RUN_PROPS)
    anchor = run
    for child in content[1:]:
        twin = run.makeelement(_RUN, run.attrib)
        if props is not None:
            twin.append(copy.deepcopy(props))
        twin.append(child)  # moves it out of `run`
        anchor.addnext(twin)
        anchor = twin


def _split_text_run(node: Any, at: Sequence[int]) -> None:
    """Split the single-text run of `node` (a w:t) at the given indexes inside its text."""
    run = node.getparent()
    text = node.text or ""
    for index in sorted(set(at), reverse=True):  # right to left: earlier indexes stay valid
        twin = copy.deepcopy(run)
        twin_text = twin.find(TEXT)
        twin_text.text = text[index:]
        twin_text.set(_XML_SPACE, "preserve")
        node.text = text = text[:index]
        node.set(_XML_SPACE, "preserve")
        run.addnext(twin)


def _split_at(body: Any, boundaries: set[int]) -> None:
    """Split runs so that every boundary offset falls between two runs (where it can)."""
    inside: dict[Any, list[int]] = defaultdict(list)
    for piece in _pieces(body):
        for boundary in boundaries:
            if piece.start < boundary < piece.end:
                inside[piece.node].append(boundary - piece.start)
    runs = {node.getparent() for node in inside}
    for run in runs:
        if _splittable(run):
            _explode(run)
    for node, indexes in inside.items():
        if node.tag == TEXT and _splittable(node.getparent()):
            _split_text_run(node, indexes)


def _shade(run: Any, color: str) -> None:
    props = run.find(_RUN_PROPS)
    if props is None:
        props = run.makeelement(_RUN_PROPS, {})
        run.insert(0, props)
    for old in props.findall(_SHADING):
        props.remove(old)
    shading = props.makeelement(_SHADING, {f"{_W}val": "clear", f"{_W}color": "auto"})
    shading.set(f"{_W}fill", color.lstrip("#").upper())
    props.append(shading)


def annotate_docx(source: Path, target: Path, marks: Sequence[Mark]) -> int:
    """Write `target`: `source` with every mark highlighted and commented. Returns the number of
    comments written (a mark whose range holds no run of text gets none)."""
    from docx.text.run import Run  # python-docx; only annotation pays for it

    document = open_document(source)
    body = document.element.body
    _split_at(body, {offset for mark in marks for offset in (mark.start, mark.end)})
    pieces = [piece for piece in _pieces(body) if piece.run is not None]
    ends = [piece.end for piece in pieces]
    written = 0
    for mark in marks:
        runs: dict[int, Any] = {}  # by identity, in document order
        for piece in pieces[bisect_right(ends, mark.start) :]:
            if piece.start >= mark.end:
                break
            runs.setdefault(id(piece.run), piece.run)
        if not runs:
            continue
        for run in runs.values():
            _shade(run, mark.highlight)
        # The runs' parent object only serves python-docx's lookups of the story part.
        story = cast(Any, document)
        ordered = list(runs.values())
        first, last = Run(ordered[0], story), Run(ordered[-1], story)
        lines = mark.comment.splitlines() or [""]
        comment = document.add_comment(
            [first, last], text=lines[0], author=AUTHOR, initials=INITIALS
        )
        for line in lines[1:]:
            comment.add_paragraph(line)
        written += 1
    document.save(str(target))
    return written

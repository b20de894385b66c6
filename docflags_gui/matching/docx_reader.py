"""DOCX manuscripts (python-docx): body paragraphs and table cells in document order.

A paragraph's text is what Word shows with tracked changes accepted: runs directly in it and
inside hyperlinks, insertions, smart tags, content controls, fields and custom XML; never deleted
or moved-away text, field codes, or the fallback copy of a drawing. Pages come from the
`w:lastRenderedPageBreak` marks Word leaves where it last broke pages; a file without any (written
by another program) has unknown pages.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docflags_gui.matching.manuscript import Manuscript, ManuscriptError, TextBuilder, zip_parts

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
PARAGRAPH, TEXT, PAGE_MARK = f"{_W}p", f"{_W}t", f"{_W}lastRenderedPageBreak"
# Inside a run: what each child adds to the text.
_RUN_TEXT = {
    f"{_W}tab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
    f"{_W}softHyphen": "",
}
# Never part of the text as shown: deletions, text moved elsewhere, a drawing's fallback copy,
# paragraph and run properties.
_SKIPPED = {
    f"{_W}del",
    f"{_W}moveFrom",
    f"{_MC}Fallback",
    f"{_W}pPr",
    f"{_W}rPr",
    f"{_W}txbxContent",
}


class _Pages:
    """Counts rendered page breaks as the body is walked in order."""

    def __init__(self, known: bool) -> None:
        self.known = known
        self.current = 1

    def page(self) -> int | None:
        return self.current if self.known else None


def read_docx(path: Path) -> Manuscript:
    body = _open_body(path)
    pages = _Pages(known=next(body.iter(PAGE_MARK), None) is not None)
    builder = TextBuilder()
    for paragraph in block_paragraphs(body):
        page = pages.page()
        parts: list[str] = []
        leading = True
        for piece, is_break, _node in paragraph_pieces(paragraph):
            if is_break:
                pages.current += 1
                # A break before any text: the paragraph starts on the new page.
                if leading:
                    page = pages.page()
            else:
                parts.append(piece)
                leading = leading and not piece.strip()
        builder.add("".join(parts), page)
    page_count = pages.current if pages.known else None
    return builder.build("docx", page_count)


def _open_body(path: Path) -> Any:
    """The document's `w:body` element, or a ManuscriptError saying what the file is instead."""
    return open_document(path).element.body


def open_document(path: Path) -> Any:
    """The python-docx Document at `path`, or a ManuscriptError saying what the file is instead."""
    if "word/document.xml" not in zip_parts(path, "DOCX"):
        raise ManuscriptError("this is not a Word document (a zip without word/document.xml)")
    import docx  # python-docx; imported here so other formats do not pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise ManuscriptError(f"the DOCX file is damaged (corrupt zip: {exc})") from None
    except PackageNotFoundError:
        raise ManuscriptError("this is not a DOCX file") from None
    except KeyError as exc:
        raise ManuscriptError(f"the DOCX file is damaged (missing part {exc})") from None
    except ValueError as exc:  # e.g. a zip holding a spreadsheet or a template's content type
        raise ManuscriptError(f"this is not a Word document: {exc}") from None
    except Exception as exc:  # lxml's XMLSyntaxError and friends: a damaged part
        if type(exc).__module__.startswith("lxml"):
            raise ManuscriptError(f"the DOCX file is damaged ({exc})") from None
        raise
    return document


def block_paragraphs(container: Any) -> Iterator[Any]:
    """Paragraphs of a body in order, descending into tables (rows, cells, nested tables),
    content controls and custom XML wrappers: all of them are plain containers here."""
    for child in container:
        tag = child.tag
        if tag == PARAGRAPH:
            yield child
        elif tag not in _SKIPPED and isinstance(tag, str) and len(child):
            yield from block_paragraphs(child)


def paragraph_pieces(element: Any) -> Iterator[tuple[str, bool, Any]]:
    """(text, False, node) for each piece of text in order, ("", True, node) for each rendered
    page break; `node` is the XML element the piece comes from (a `w:t`, `w:tab`...)."""
    for child in element:
        tag = child.tag
        if tag == TEXT:
            yield child.text or "", False, child
        elif tag == PAGE_MARK:
            yield "", True, child
        elif tag in _RUN_TEXT:
            if tag == f"{_W}br" and child.get(f"{_W}type") == "page":
                continue  # a hard page break; the rendered mark after it counts the page
            yield _RUN_TEXT[tag], False, child
        elif tag not in _SKIPPED and isinstance(tag, str) and len(child):
            yield from paragraph_pieces(child)

"""ODT manuscripts (odfdo): headings, paragraphs, list items and table cells in document order.

A paragraph's text is what the writer shows: spans, links and fields included, `text:s` as its
spaces, tabs and line breaks as such; never the tracked-changes store (deleted text), comments
(office:annotation) or footnote bodies. ODT files carry no page layout, so pages are unknown.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docflags_gui.matching.manuscript import Manuscript, ManuscriptError, TextBuilder, zip_parts

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_BLOCKS = {f"{_TEXT}p", f"{_TEXT}h"}
_SPACE, _TAB, _LINE_BREAK = f"{_TEXT}s", f"{_TEXT}tab", f"{_TEXT}line-break"
_SKIPPED = {
    f"{_TEXT}tracked-changes",
    f"{_TEXT}note",
    f"{_OFFICE}annotation",
    f"{_TEXT}sequence-decls",
    f"{_TEXT}variable-decls",
    f"{_TEXT}user-field-decls",
}


def read_odt(path: Path) -> Manuscript:
    body = _open_body(path)
    builder = TextBuilder()
    for block in blocks(body):
        builder.add("".join(text for text, _, _ in inline_pieces(block)), None)
    return builder.build("odt", None)


def _open_body(path: Path) -> Any:
    """The document's office:text element (lxml), or a ManuscriptError saying what is wrong."""
    return open_document(path).body._xml_element


def open_document(path: Path) -> Any:
    """The odfdo Document at `path`, or a ManuscriptError saying what is wrong with it."""
    names = zip_parts(path, "ODT")
    try:
        with zipfile.ZipFile(path) as archive:
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
            manifest = (
                archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            )
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:  # a damaged member
        raise ManuscriptError(f"the ODT file is damaged ({exc})") from None
    if b"encryption-data" in manifest:
        raise ManuscriptError("this ODT file is password-protected (encrypted)")
    if mimetype != b"application/vnd.oasis.opendocument.text" or "content.xml" not in names:
        raise ManuscriptError("this is not an OpenDocument text (.odt) file")
    from odfdo import Document  # imported here so other formats do not pay for it

    try:
        document = Document(path)
        document.body  # noqa: B018 - parses content.xml now, so damage shows here
    except Exception as exc:  # odfdo raises plain errors; lxml's for damaged XML
        raise ManuscriptError(f"the ODT file is damaged ({exc})") from None
    return document


def blocks(container: Any) -> Iterator[Any]:
    """Headings and paragraphs in order; lists, sections, tables and frames are containers."""
    for child in container:
        tag = child.tag
        if tag in _BLOCKS:
            yield child
        elif tag not in _SKIPPED and isinstance(tag, str) and len(child):
            yield from blocks(child)


def inline_pieces(element: Any) -> Iterator[tuple[str, Any, str]]:
    """(text, owner, where) for each piece of a block's text in order: `where` is "text" (the
    owner's leading text), "tail" (the text after the owner) or "element" (a space, tab or line
    break element standing for its characters)."""
    if element.text:
        yield element.text, element, "text"
    for child in element:
        tag = child.tag
        if tag == _SPACE:
            yield " " * int(child.get(f"{_TEXT}c", "1") or 1), child, "element"
        elif tag == _TAB:
            yield "\t", child, "element"
        elif tag == _LINE_BREAK:
            yield "\n", child, "element"
        elif tag not in _SKIPPED and isinstance(tag, str):
            yield from inline_pieces(child)
        if child.tail:
            yield child.tail, child, "tail"

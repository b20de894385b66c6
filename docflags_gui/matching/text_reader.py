"""Plain-text and Markdown manuscripts: decoded exactly, so offsets index the file's own text.

UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; anything else is Windows-1252
with a warning. Newlines are kept as they are: `text[start:end]` is the file's decoded text.
Paragraphs are runs of non-blank lines.
"""

from __future__ import annotations

import codecs
import re

from docflags_gui.matching.manuscript import Manuscript, ManuscriptError

_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n)|([^\r\n]+)\Z")
# Signatures of files that are not text whatever their name says.
_BINARY_SIGNATURES = {
    b"%PDF-": "a PDF",
    b"PK\x03\x04": "a zip archive (DOCX, ODT...)",
    b"\xd0\xcf\x11\xe0": "an old Word (.doc) or encrypted Office file",
}


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of a plain-text file and any warning about how it was decoded."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), []
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ManuscriptError(f"this is {what}, not a text file")
    if b"\x00" in data[:4096]:
        raise ManuscriptError("this is not a text file (it holds binary data)")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        # Five bytes have no meaning in Windows-1252; replacing them keeps every offset.
        text = data.decode("cp1252", errors="replace")
        return text, ["the manuscript is not UTF-8: read as Windows-1252 (Western European)"]


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ManuscriptError(f"the file says it is {encoding.upper()} but is not: {exc}") from None


def read_text(data: bytes, format: str) -> Manuscript:
    """A TXT or Markdown manuscript (Markdown is matched as the text it is)."""
    if not data:
        raise ManuscriptError("the file is empty")
    text, warnings = decode(data)
    if not text.strip():
        raise ManuscriptError("the manuscript has no text to match against")
    spans = paragraph_spans(text)
    return Manuscript(format, text, spans, [None] * len(spans), None, warnings)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Runs of non-blank lines, as [start, end) without the final line break."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for line in _LINE.finditer(text):
        content = line.group(1) if line.group(1) is not None else line.group(2)
        if content.strip():
            if start is None:
                start = line.start()
            end = line.start() + len(content)
        elif start is not None:
            spans.append((start, end))
            start = None
    if start is not None:
        spans.append((start, end))
    return spans

"""A manuscript as docflags reads it: plain text, its paragraphs' spans and pages, and warnings.

Readers of structured formats (DOCX, ODT, PDF) collect paragraphs with `TextBuilder`, which joins
them with a blank line, the way a plain-text manuscript separates its paragraphs.
"""

from __future__ import annotations

import zipfile
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

PARAGRAPH_SEPARATOR = "\n\n"


class ManuscriptError(Exception):
    """The manuscript cannot be read; the message says why, for the user."""


@dataclass(frozen=True)
class Manuscript:
    """`text` is what match offsets index; paragraph i is text[spans[i][0]:spans[i][1]]."""

    format: str  # "docx", "odt", "pdf", "txt", "md"
    text: str
    spans: list[tuple[int, int]]
    pages: list[int | None]  # 1-based page of each paragraph's start, None when unknown
    page_count: int | None
    warnings: list[str] = field(default_factory=list)

    def paragraph_at(self, offset: int) -> int:
        """The 0-based paragraph that holds (or, between paragraphs, precedes) `offset`."""
        starts = [start for start, _ in self.spans]
        return max(0, bisect_right(starts, offset) - 1)


class TextBuilder:
    """Collects paragraphs in document order: their text, spans and pages."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.spans: list[tuple[int, int]] = []
        self.pages: list[int | None] = []

    def add(self, paragraph: str, page: int | None) -> None:
        """Append one paragraph; blank ones are dropped (they hold nothing to match)."""
        if not paragraph.strip():
            return
        if self._parts:
            self._parts.append(PARAGRAPH_SEPARATOR)
            self._length += len(PARAGRAPH_SEPARATOR)
        self._parts.append(paragraph)
        self.spans.append((self._length, self._length + len(paragraph)))
        self.pages.append(page)
        self._length += len(paragraph)

    def build(
        self, format: str, page_count: int | None, warnings: list[str] | None = None
    ) -> Manuscript:
        text = "".join(self._parts)
        if not text.strip():
            raise ManuscriptError("the manuscript has no text to match against")
        return Manuscript(format, text, self.spans, self.pages, page_count, warnings or [])


def zip_parts(path: Path, label: str) -> set[str]:
    """The part names of a zip-based document (DOCX, ODT), or why it is not one."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise ManuscriptError("the file is empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ManuscriptError(
            f"this is a password-protected (encrypted) Office file or an old binary one, "
            f"not a {label} file: save it unprotected as {label}"
        )
    if not head.startswith(b"PK"):
        article = "an" if label[0] in "AEIOU" else "a"
        raise ManuscriptError(f"this is not {article} {label} file (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise ManuscriptError(f"the {label} file is damaged (corrupt zip: {exc})") from None

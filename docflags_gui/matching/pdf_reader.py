"""PDF manuscripts (PyMuPDF): each text block is a paragraph, on its page.

Lines of a block are joined with a space, and words hyphenated at a line end are joined back
(MuPDF's dehyphenation), so a passage reads as the author wrote it.
"""

from __future__ import annotations

from pathlib import Path

from docflags_gui.matching.manuscript import Manuscript, ManuscriptError, TextBuilder


def text_flags() -> int:
    """Extraction flags: words broken at a line end joined, whitespace kept as the page has it."""
    import pymupdf

    flags: int = pymupdf.TEXT_DEHYPHENATE | pymupdf.TEXT_PRESERVE_WHITESPACE
    return flags


def block_paragraph(block_text: str) -> str:
    """A text block as one paragraph: its lines stripped and joined with a space."""
    lines = [line.strip() for line in block_text.splitlines()]
    return " ".join(line for line in lines if line)


def read_pdf(path: Path) -> Manuscript:
    import pymupdf  # imported here so other formats do not pay for it

    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise ManuscriptError("the file is empty")
    if b"%PDF-" not in head:
        raise ManuscriptError("this is not a PDF file")
    try:
        document = pymupdf.open(path, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise ManuscriptError(f"the PDF is damaged beyond repair ({exc})") from None
    with document:
        if document.needs_pass:
            raise ManuscriptError("this PDF is password-protected (encrypted)")
        builder = TextBuilder()
        for number in range(1, document.page_count + 1):
            for block in document[number - 1].get_text("blocks", flags=text_flags(), sort=False):
                if block[6] != 0:  # an image block
                    continue
                builder.add(block_paragraph(str(block[4])), number)
        return builder.build("pdf", document.page_count)

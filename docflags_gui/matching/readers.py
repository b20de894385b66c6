"""Read a manuscript of any supported format into a `Manuscript`, or say clearly why not."""

from __future__ import annotations

from pathlib import Path

from docflags_gui.matching.manuscript import Manuscript, ManuscriptError

FORMATS: dict[str, str] = {
    ".docx": "docx",
    ".odt": "odt",
    ".pdf": "pdf",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
}
SUPPORTED = "DOCX, ODT, PDF, TXT or Markdown"


def manuscript_format(path: Path) -> str | None:
    """The format named by `path`'s extension, or None when docflags cannot read it."""
    return FORMATS.get(path.suffix.lower())


def read_manuscript(path: Path) -> Manuscript:
    """The manuscript at `path`; ManuscriptError (a message for the user) when it cannot be."""
    kind = manuscript_format(path)
    if kind is None:
        raise ManuscriptError(
            f"docflags cannot read {path.suffix or 'extension-less'} files as a manuscript: "
            f"use {SUPPORTED}"
        )
    if not path.is_file():
        raise ManuscriptError("the manuscript file does not exist or is not a file")
    try:
        if kind == "docx":
            from docflags_gui.matching.docx_reader import read_docx

            return read_docx(path)
        if kind == "odt":
            from docflags_gui.matching.odt_reader import read_odt

            return read_odt(path)
        if kind == "pdf":
            from docflags_gui.matching.pdf_reader import read_pdf

            return read_pdf(path)
        from docflags_gui.matching.text_reader import read_text

        return read_text(path.read_bytes(), kind)
    except OSError as exc:
        raise ManuscriptError(f"the manuscript cannot be read: {exc.strerror or exc}") from None

"""Write an annotated copy of a manuscript in its own format (DOCX, PDF, ODT; HTML for TXT and
Markdown): each matched passage of a reviewed document highlighted and commented."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docflags_gui.matching.manuscript import ManuscriptError
from docflags_gui.matching.readers import manuscript_format, read_manuscript
from docflags_gui.review.marks import marks_of

# The copy's format for each manuscript format: its own, or HTML for plain text.
OUTPUT_FORMATS: dict[str, str] = {
    "docx": "docx",
    "pdf": "pdf",
    "odt": "odt",
    "txt": "html",
    "md": "html",
}


def copy_suffix(manuscript: Path) -> str:
    """The file suffix of the annotated copy of `manuscript` (".docx", ".html"...)."""
    kind = manuscript_format(manuscript)
    if kind is None:
        raise ManuscriptError(f"docflags cannot annotate {manuscript.suffix or 'such'} files")
    return "." + OUTPUT_FORMATS[kind]


def write_annotated_copy(document: Mapping[str, Any], manuscript: Path, target: Path) -> int:
    """Write `target`, the annotated copy of `manuscript` for the reviewed, matched `document`.
    Returns the number of passages annotated. ManuscriptError when the target's format does not
    fit the manuscript or the manuscript cannot be read."""
    if target.suffix.lower() != copy_suffix(manuscript):
        raise ManuscriptError(
            f"an annotated copy of a {manuscript.suffix} manuscript is a "
            f"{copy_suffix(manuscript)} file, not {target.suffix or 'extension-less'}"
        )
    read = read_manuscript(manuscript)  # checks the file and gives the offsets' text
    marks = [mark for mark in marks_of(document) if mark.end <= len(read.text)]
    kind = read.format
    if kind == "docx":
        from docflags_gui.review.annotate_docx import annotate_docx

        return annotate_docx(manuscript, target, marks)
    if kind == "pdf":
        from docflags_gui.review.annotate_pdf import annotate_pdf

        return annotate_pdf(manuscript, target, marks)
    if kind == "odt":
        from docflags_gui.review.annotate_odt import annotate_odt

        return annotate_odt(manuscript, target, marks)
    from docflags_gui.review.annotate_html import annotate_html

    return annotate_html(manuscript.name, read.text, target, marks)

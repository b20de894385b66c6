"""Write one manuscript (paragraphs of plain text) as TXT, MD, DOCX, ODT or PDF for tests.

The DOCX writer spreads each paragraph over the places Word puts text (runs split mid-word,
hyperlinks, tracked insertions, smart tags, content controls, table cells) and adds deleted text
and rendered page breaks, so a reader that misses any of them loses or gains text. Every writer
keeps the paragraphs' text, so the reader's text normalises to the manuscript's.
"""

from __future__ import annotations

import random
from pathlib import Path

import docx
import pymupdf
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from odfdo import Document as OdfDocument
from odfdo import Paragraph as OdfParagraph

FORMATS = ("txt", "md", "docx", "odt", "pdf")
PARAGRAPHS_PER_PAGE = 3


def write_manuscript(paragraphs: list[str], path: Path, seed: int = 0) -> Path:
    """`paragraphs` written in the format named by `path`'s extension."""
    kind = path.suffix.lstrip(".")
    if kind in ("txt", "md"):
        prefix = "# Manuscript\n\n" if kind == "md" else ""
        path.write_text(prefix + "\n\n".join(paragraphs) + "\n", encoding="utf-8", newline="")
    elif kind == "docx":
        write_docx(paragraphs, path, random.Random(seed))
    elif kind == "odt":
        write_odt(paragraphs, path)
    elif kind == "pdf":
        write_pdf(paragraphs, path)
    else:
        raise ValueError(f"no writer for {kind}")
    return path


def _run(text: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    return run


def _wrapped(tag: str, text: str) -> BaseOxmlElement:
    """A run inside `tag` (w:hyperlink, w:ins, w:smartTag), or inside a content control."""
    if tag == "w:sdt":
        sdt = OxmlElement("w:sdt")
        sdt.append(OxmlElement("w:sdtPr"))
        content = OxmlElement("w:sdtContent")
        content.append(_run(text))
        sdt.append(content)
        return sdt
    wrapper = OxmlElement(tag)
    if tag == "w:ins":
        wrapper.set(qn("w:id"), "1")
        wrapper.set(qn("w:author"), "tests")
    if tag == "w:smartTag":
        wrapper.set(qn("w:element"), "place")
    wrapper.append(_run(text))
    return wrapper


def _deleted(text: str) -> BaseOxmlElement:
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "2")
    deletion.set(qn("w:author"), "tests")
    run = OxmlElement("w:r")
    gone = OxmlElement("w:delText")
    gone.text = text
    run.append(gone)
    deletion.append(run)
    return deletion


def _page_mark() -> BaseOxmlElement:
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:lastRenderedPageBreak"))
    return run


def _fill_paragraph(p: BaseOxmlElement, text: str, rng: random.Random, page_break: bool) -> None:
    """`text` cut at random points into runs and wrappers, with deleted text in between."""
    if page_break:
        p.append(_page_mark())
    cuts = sorted(rng.sample(range(1, len(text)), min(6, max(0, len(text) - 1))))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    for number, piece in enumerate(pieces):
        tag = ("w:r", "w:hyperlink", "w:ins", "w:smartTag", "w:sdt")[number % 5]
        p.append(_run(piece) if tag == "w:r" else _wrapped(tag, piece))
        if number == 1:
            p.append(_deleted(" DELETED WORDS NEVER IN THE MANUSCRIPT "))


def write_docx(paragraphs: list[str], path: Path, rng: random.Random) -> None:
    document = docx.Document()
    table_every = 7  # every 7th paragraph goes into a one-cell table, in body order
    for number, text in enumerate(paragraphs):
        page_break = number > 0 and number % PARAGRAPHS_PER_PAGE == 0
        if number % table_every == table_every - 1:
            cell = document.add_table(rows=1, cols=1).cell(0, 0)
            target = cell.paragraphs[0]._p
        else:
            target = document.add_paragraph()._p
        _fill_paragraph(target, text, rng, page_break)
    document.save(str(path))


def write_odt(paragraphs: list[str], path: Path) -> None:
    document = OdfDocument("text")
    body = document.body
    body.clear()
    for text in paragraphs:
        # odfdo turns runs of spaces into text:s and keeps the text as written.
        body.append(OdfParagraph(text))
    document.save(path)


def write_pdf(paragraphs: list[str], path: Path) -> None:
    """A4 pages, PARAGRAPHS_PER_PAGE paragraphs each, wrapped at spaces by MuPDF."""
    document = pymupdf.open()
    for first in range(0, len(paragraphs), PARAGRAPHS_PER_PAGE):
        page = document.new_page(width=595, height=842)
        y = 60.0
        for text in paragraphs[first : first + PARAGRAPHS_PER_PAGE]:
            box = pymupdf.Rect(60, y, 535, 800)
            left = page.insert_textbox(box, text, fontsize=9, fontname="helv")
            if left < 0:
                raise ValueError("paragraph too long for the test page")
            used = box.height - left
            y += used + 14
    document.save(str(path))
    document.close()


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of a corpus manuscript (separated by blank lines)."""
    return [block.strip() for block in text.split("\n\n") if block.strip()]

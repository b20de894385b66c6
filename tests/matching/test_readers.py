"""Manuscript readers: the text each format shows, paragraphs, pages, and clear errors."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import docx
import pymupdf
import pytest
from odfdo import Document as OdfDocument
from odfdo import Paragraph as OdfParagraph

from docflags_gui.matching.manuscript import ManuscriptError
from docflags_gui.matching.readers import read_manuscript
from tests.matching.writers import write_manuscript

PARAGRAPHS = [
    "The first paragraph of the manuscript.",
    "A second one, with a longer sentence in it.",
    "Third paragraph here.",
    "Fourth and last paragraph.",
]


def test_docx_reads_runs_links_insertions_smart_tags_and_controls_but_not_deletions(
    tmp_path: Path,
) -> None:
    path = write_manuscript(PARAGRAPHS, tmp_path / "m.docx", seed=3)
    manuscript = read_manuscript(path)
    assert manuscript.text == "\n\n".join(PARAGRAPHS)
    assert "DELETED" not in manuscript.text
    assert [manuscript.text[a:b] for a, b in manuscript.spans] == PARAGRAPHS
    assert manuscript.format == "docx"


def test_docx_pages_come_from_rendered_page_breaks(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph number {n} of the text." for n in range(7)]
    manuscript = read_manuscript(write_manuscript(paragraphs, tmp_path / "m.docx"))
    # The writer puts a rendered page break before every third paragraph.
    assert manuscript.pages == [1, 1, 1, 2, 2, 2, 3]
    assert manuscript.page_count == 3


def test_docx_without_rendered_breaks_has_unknown_pages_and_keeps_table_order(
    tmp_path: Path,
) -> None:
    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Left cell."
    table.cell(0, 1).text = "Right cell."
    document.add_paragraph("After the table.")
    path = tmp_path / "t.docx"
    document.save(str(path))
    manuscript = read_manuscript(path)
    assert [manuscript.text[a:b] for a, b in manuscript.spans] == [
        "Before the table.",
        "Left cell.",
        "Right cell.",
        "After the table.",
    ]
    assert manuscript.pages == [None] * 4
    assert manuscript.page_count is None


def test_odt_reads_spaces_and_skips_tracked_deletions_and_comments(tmp_path: Path) -> None:
    document = OdfDocument("text")
    body = document.body
    body.clear()
    body.append(OdfParagraph("Two  spaces\tand a tab."))
    body.append(OdfParagraph("Second paragraph."))
    path = tmp_path / "m.odt"
    document.save(path)
    _add_to_odt_content(
        path,
        b"<text:tracked-changes><text:changed-region text:id='c1'><text:deletion>"
        b"<text:p>GONE WORDS</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        b"<text:p>Kept<office:annotation><text:p>A COMMENT</text:p></office:annotation>"
        b" text.</text:p>",
    )
    manuscript = read_manuscript(path)
    assert manuscript.text == "Two  spaces\tand a tab.\n\nSecond paragraph.\n\nKept text."
    assert manuscript.pages == [None] * 3


def _add_to_odt_content(path: Path, xml: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(b"</office:text>", xml + b"</office:text>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", parts.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def test_pdf_paragraphs_carry_their_pages(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {n} with enough words to be a paragraph." for n in range(5)]
    manuscript = read_manuscript(write_manuscript(paragraphs, tmp_path / "m.pdf"))
    assert [manuscript.text[a:b] for a, b in manuscript.spans] == paragraphs
    assert manuscript.pages == [1, 1, 1, 2, 2]
    assert manuscript.page_count == 2


@pytest.mark.parametrize(
    ("data", "text", "warned"),
    [
        (b"\xef\xbb\xbfcaf\xc3\xa9\r\n\r\nnext", "caf\u00e9\r\n\r\nnext", False),
        ("caf\u00e9\n\nnext".encode("utf-16"), "caf\u00e9\n\nnext", False),
        (
            "caf\u00e9\n\nnext".encode("utf-16-be").join([b"\xfe\xff", b""]),
            "caf\u00e9\n\nnext",
            False,
        ),
        ("caf\u00e9\r\rnext".encode(), "caf\u00e9\r\rnext", False),
        (
            "caf\u00e9 \u2019x\u2019\n\nnext".encode("cp1252"),
            "caf\u00e9 \u2019x\u2019\n\nnext",
            True,
        ),
    ],
)
def test_txt_decodes_exactly_without_newline_conversion(
    tmp_path: Path, data: bytes, text: str, warned: bool
) -> None:
    path = tmp_path / "m.txt"
    path.write_bytes(data)
    manuscript = read_manuscript(path)
    assert manuscript.text == text
    assert [manuscript.text[a:b].strip() for a, b in manuscript.spans][-1] == "next"
    assert bool(manuscript.warnings) == warned


def test_markdown_is_read_as_its_text(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_text("# Title\n\nSome *text* here.\n", encoding="utf-8")
    manuscript = read_manuscript(path)
    assert manuscript.format == "md"
    assert manuscript.text == "# Title\n\nSome *text* here.\n"
    assert len(manuscript.spans) == 2


def _encrypted_pdf(path: Path) -> None:
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "secret text")
    document.save(
        str(path), encryption=pymupdf.mupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="pw"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("empty.docx", b"", "empty"),
        ("blank.txt", b"  \n\n ", "no text"),
        ("pdf.txt", b"%PDF-1.7 ...", "a PDF"),
        ("text.docx", b"plain text, not a document", "not a DOCX"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "encrypted"),
        ("broken.docx", b"PK\x03\x04" + bytes(100), "damaged"),
        ("text.odt", b"plain text", "not an ODT"),
        ("broken.odt", b"PK\x03\x04garbage", "damaged"),
        ("text.pdf", b"hello", "not a PDF"),
        ("notes.rtf", b"{\\rtf1 hi}", "cannot read .rtf"),
    ],
)
def test_bad_manuscripts_get_a_clear_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ManuscriptError, match=message):
        read_manuscript(path)


def test_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ManuscriptError, match="not a"):
        read_manuscript(path)


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_truncated_document_is_reported_damaged(tmp_path: Path, kind: str) -> None:
    path = write_manuscript(PARAGRAPHS, tmp_path / f"m.{kind}")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ManuscriptError, match="damaged"):
        read_manuscript(path)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    _encrypted_pdf(path)
    with pytest.raises(ManuscriptError, match="encrypted"):
        read_manuscript(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ManuscriptError, match="does not exist"):
        read_manuscript(tmp_path / "nowhere.docx")


def test_docx_reader_keeps_every_letter_of_a_long_random_document(tmp_path: Path) -> None:
    rng = random.Random(5)
    words = ["alpha", "beta", "gamma", "delta", "kappa"]
    paragraphs = [" ".join(rng.choice(words) for _ in range(60)) for _ in range(40)]
    manuscript = read_manuscript(write_manuscript(paragraphs, tmp_path / "m.docx", seed=5))
    assert manuscript.text == "\n\n".join(paragraphs)

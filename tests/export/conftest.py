"""Fixtures for the export tests: docflags/1 results full of hostile texts, and a real PDF."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pymupdf
import pytest

from docflags_gui.result import ResultDocument, ResultFlag

FORMULA_TEXTS = [
    "=cmd|' /C calc'!A0",
    "+1",
    "-2",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "\uff1d1+1",
]
MARKUP_TEXTS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "a & b &amp; <b>bold</b> ]]> -->",
]
OTHER_TEXTS = [
    'He said "quoted", then, commas; and a semicolon',
    "Penelitian ini menunjukkan bahwa kualitas layanan berpengaruh signifikan.",
    "שלום עולם, זהו משפט בעברית",
    "مرحبا بالعالم، هذه جملة عربية",
    "# not a heading * not a list | not a table [not](a link) `code` _under_",
    "1. not an ordered list",
]
HOSTILE_COMMENTS = [
    'first line\nsecond, "quoted"\r\nthird',
    '=HYPERLINK("http://evil.example/","click")',
    "<iframe src=https://evil.example></iframe>",
    None,
]
COLORS = ["#ff0000", "#f4e4aa", "#06477a", None]
KINDS = ["drawn", "highlight", "underline", "note"]

ALL_TEXTS = FORMULA_TEXTS + MARKUP_TEXTS + OTHER_TEXTS


def make_result(file: str = "=draft <b>v2</b>.pdf", sha256: str = "0" * 64) -> ResultDocument:
    """A docflags/1 document whose every text, comment and name is hostile to some format."""
    flags: list[ResultFlag] = []
    for index, text in enumerate(ALL_TEXTS):
        kind = KINDS[index % len(KINDS)]
        flags.append(
            {
                "id": index + 1,
                "page": 1 + index // 6,
                "kind": kind,
                "color": None if kind == "note" else COLORS[index % 3],
                "text": text,
                "source": (index % 3) + 1 if index % 2 == 0 else None,
                "comment": HOSTILE_COMMENTS[index % len(HOSTILE_COMMENTS)],
                "rect": [72.0, 100.0 + 30 * (index % 6), 320.0, 118.0 + 30 * (index % 6)],
                "ocr": index % 5 == 0,
            }
        )
    return {
        "schema": "docflags/1",
        "file": file,
        "sha256": sha256,
        "pages": 1 + (len(ALL_TEXTS) - 1) // 6,
        "similarity": 43,
        "sources": [
            {
                "n": 1,
                "name": "repository.example.ac.id",
                "type": "Internet Source",
                "percent": 21,
                "label": "21%",
            },
            {
                "n": 2,
                "name": "-2 =evil <script>x</script>",
                "type": "Publication",
                "percent": 0,
                "label": "<1%",
            },
            {
                "n": 3,
                "name": "Submitted to Universitas Indonesia",
                "type": "Student Paper",
                "percent": 3,
                "label": "3%",
            },
        ],
        "flags": flags,
        "warnings": ["page 4: <OCR> data for 'ind' not installed"],
    }


@pytest.fixture
def hostile_result() -> ResultDocument:
    return make_result()


@pytest.fixture
def two_results() -> list[ResultDocument]:
    second = make_result(file="second.pdf", sha256="1" * 64)
    second["flags"] = copy.deepcopy(second["flags"][:3])
    second["similarity"] = None
    second["sources"] = []
    return [make_result(), second]


def build_pdf(path: Path, *, rotate_last: bool = True) -> list[tuple[int, list[float]]]:
    """A 3-page PDF with one dark text line per flag position; returns (page, rect) of each.

    The last page is rotated 90 degrees, so a passage image cut without the rotation matrix
    would show blank paper.
    """
    document = pymupdf.open()
    marks: list[tuple[int, list[float]]] = []
    for page_number in range(1, 4):
        page = document.new_page(width=595, height=842)
        for line in range(3):
            y = 118.0 + 60 * line
            page.insert_text((80, y - 4), f"Passage {page_number}.{line} flagged here", fontsize=14)
            rect = [76.0, y - 18, 320.0, y + 2]
            page.draw_rect(pymupdf.Rect(rect), color=None, fill=(1, 0.8, 0), fill_opacity=0.4)
            marks.append((page_number, rect))
    if rotate_last:
        document[-1].set_rotation(90)
    document.save(path)
    document.close()
    return marks


@pytest.fixture
def pdf_and_result(tmp_path: Path) -> tuple[Path, ResultDocument]:
    """A real PDF and a result for it whose flags point at its passages."""
    pdf = tmp_path / "report.pdf"
    marks = build_pdf(pdf)
    result = make_result(file="report.pdf", sha256=hashlib.sha256(pdf.read_bytes()).hexdigest())
    result["pages"] = 3
    result["flags"] = [
        {**result["flags"][i % len(result["flags"])], "id": i + 1, "page": page, "rect": rect}
        for i, (page, rect) in enumerate(marks)
    ]
    return pdf, result

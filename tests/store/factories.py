"""Builders of docflags/1 results for tests: history, CLI and UI tests, and the runner, worker
and matching tests that need a complete document whose content they do not look at."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docflags_gui.result import ResultDocument, ResultFlag


def bare_flag(
    flag_id: int,
    text: str,
    *,
    page: int = 1,
    kind: str = "highlight",
    color: str | None = None,
    source: int | None = None,
) -> ResultFlag:
    """A complete flag with `text` and nothing the test does not name (no comment, no box)."""
    return {
        "id": flag_id,
        "page": page,
        "kind": kind,
        "color": color,
        "text": text,
        "source": source,
        "comment": None,
        "rect": [0.0, 0.0, 0.0, 0.0],
        "ocr": False,
    }


def bare_result(file: str = "a.pdf", flags: Sequence[ResultFlag] = ()) -> ResultDocument:
    """A complete docflags/1 document of one page with `flags` and nothing else."""
    return {
        "schema": "docflags/1",
        "file": file,
        "sha256": "0" * 64,
        "pages": 1,
        "similarity": None,
        "sources": [],
        "flags": list(flags),
        "warnings": [],
    }


def make_result(
    name: str = "report.pdf",
    sha256: str = "a" * 64,
    texts: tuple[str, ...] = ("the first flagged passage",),
    similarity: int | None = 43,
) -> dict[str, Any]:
    """A docflags/1 document with one drawn flag per text and one source."""
    return {
        "schema": "docflags/1",
        "file": name,
        "sha256": sha256,
        "pages": 9,
        "similarity": similarity,
        "sources": [
            {
                "n": 1,
                "name": "repo.example.ac.id",
                "type": "Internet Source",
                "percent": 21,
                "label": "21%",
            },
            {
                "n": 2,
                "name": "Submitted to X",
                "type": "Student Paper",
                "percent": 0,
                "label": "<1%",
            },
        ],
        "flags": [
            {
                "id": i,
                "page": 1 + i // 10,
                "kind": "drawn",
                "color": "#ff0000",
                "text": text,
                "source": 1,
                "comment": None,
                "rect": [72.0, 100.5 + i, 300.25, 110.0 + i],
                "ocr": False,
            }
            for i, text in enumerate(texts, start=1)
        ],
        "warnings": ["page 4: OCR data for 'ind' not installed; text taken from 'eng'"],
    }

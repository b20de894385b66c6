"""The report kinds of the whole-process benchmark (`bench_cli --kind`), each built at a given
page count by the fixture builders of `tests/pdfbuilder/`, so that each text-layer encoding
(FORMATS §6) gets its own ratio against a bare PyMuPDF pass:

- realistic: `bench_engine.build_realistic_report` (new-Turnitin-like polygons, margin squares);
- overlay: `overlay_report.build_overlay_report` (pdf-lib overlay polygons and badges, §6.4);
- ai: `ai_report.build_ai_report` (AI-writing reports: per-line Multiply polygons, §6.4);
- colored: coloured text as flags among its look-alikes (`lookalikes.build_paper`,
  `colored`, `color_report`: links, citation colours, headings, marks in every colour space);
- annotated: markup annotations with comments and replies (`annotated`);
- two-column: two-column pages with coloured passages, markup over columns and hyphenation.

Kinds made of small fixtures repeat them (with a new seed where the builder takes one) until
the report has its pages.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from itertools import count
from pathlib import Path

import pymupdf

from tests.bench_engine import build_realistic_report
from tests.pdfbuilder import annotated, color_report, colored, lookalikes
from tests.pdfbuilder.ai_report import build_ai_report
from tests.pdfbuilder.core import save_pdf
from tests.pdfbuilder.overlay_report import build_overlay_report

# A fixture builder: writes a PDF at the path, for a seed (ignored by fixed fixtures).
Piece = Callable[[Path, int], object]

PIECES: dict[str, list[Piece]] = {
    "ai": [build_ai_report],
    "colored": [
        lookalikes.build_paper,
        lambda path, _seed: colored.build_colored_report(path),
        color_report.build_color_report,
        lambda path, _seed: colored.build_colored_columns(path),
    ],
    "annotated": [
        lambda path, _seed: annotated.build_markup_kinds(path),
        lambda path, _seed: annotated.build_quads_and_appearance_quirks(path),
        lambda path, _seed: annotated.build_columns_and_hyphenation(path),
        lambda path, _seed: annotated.build_partial_words(path),
    ],
    "two-column": [
        lambda path, _seed: colored.build_colored_columns(path),
        lambda path, _seed: annotated.build_columns_and_hyphenation(path),
    ],
}
KINDS = ("realistic", "overlay", *PIECES)


def _repeated(path: Path, pages: int, pieces: list[Piece]) -> Path:
    """A report of `pages` pages made of the pieces' PDFs in turn, each seed new."""
    doc = pymupdf.open()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in count(1):
            for index, build in enumerate(pieces):
                piece = Path(tmp) / f"{index}-{seed}.pdf"
                build(piece, seed)
                with pymupdf.open(piece) as src:
                    last = min(src.page_count, pages - doc.page_count) - 1
                    doc.insert_pdf(src, to_page=last)
                if doc.page_count >= pages:
                    return save_pdf(doc, path)
    raise AssertionError("unreachable")


def build_kind(kind: str, path: Path, pages: int) -> Path:
    """Write a report of `kind` (one of KINDS) with `pages` pages to `path`."""
    if kind == "realistic":
        return build_realistic_report(path, pages)
    if kind == "overlay":
        build_overlay_report(path, seed=1, pages=pages - 1)  # plus its overview page
        return path
    return _repeated(path, pages, PIECES[kind])

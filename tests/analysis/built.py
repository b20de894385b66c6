"""Analyse a PDF built in a test: the one helper the detector tests share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf

from docflags_gui.analysis import AnalysisOptions, analyze_pdf
from docflags_gui.analysis.model import AnalysisResult, Flag
from tests.pdfbuilder.core import new_document, save_pdf

# Four lines of body text the drawn-mark and badge tests mark up.
TEXT = [
    "The study examined how teachers adopt digital tools in rural schools",
    "across three provinces and found that support from peers matters most",
    "when training programmes are short and institutional backing is weak",
    "while infrastructure gaps remained the strongest predictor of use",
]

Build = Callable[[pymupdf.Document], object]  # what it returns is not used


def analyse_result(tmp_path: Path, build: Build, name: str = "case.pdf") -> AnalysisResult:
    """Build a document with `build`, save it under `tmp_path` and analyse it without OCR."""
    doc = new_document()
    build(doc)
    path = save_pdf(doc, tmp_path / name)
    return analyze_pdf(path, AnalysisOptions(ocr=False))


def analyse(tmp_path: Path, build: Build) -> list[Flag]:
    """The flags of a document built with `build`."""
    return analyse_result(tmp_path, build).flags

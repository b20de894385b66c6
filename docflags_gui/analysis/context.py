"""What detectors see: the document-wide context and one page's lazily extracted content."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pymupdf

from docflags_gui.analysis.model import Source
from docflags_gui.analysis.textlayer import PageText


@dataclass
class AnalysisOptions:
    """How to analyse. `ocr_languages` None means English + Indonesian where installed."""

    ocr: bool = True
    ocr_languages: str | None = None


@dataclass
class DocContext:
    """Document-wide state shared by all pages of one analysis."""

    doc: pymupdf.Document
    options: AnalysisOptions
    warnings: list[str] = field(default_factory=list)
    similarity: int | None = None
    sources: list[Source] = field(default_factory=list)
    # Per-detector document state (e.g. header strings seen on every page), keyed by detector.
    state: dict[str, Any] = field(default_factory=dict)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


class PageContext:
    """One page and its content, each part extracted once, on first use."""

    def __init__(self, doc_ctx: DocContext, page: pymupdf.Page) -> None:
        self.doc_ctx = doc_ctx
        self.page = page
        self.number = page.number + 1 if page.number is not None else 0
        self.text = PageText(page)
        # Set by a detector that recognises a report's summary page: no flags are taken there.
        self.is_summary = False

    @property
    def options(self) -> AnalysisOptions:
        return self.doc_ctx.options

    @cached_property
    def drawings(self) -> list[dict[str, Any]]:
        drawings: list[dict[str, Any]] = self.page.get_drawings()
        return drawings

    @cached_property
    def annotations(self) -> list[pymupdf.Annot]:
        return list(self.page.annots())

    @cached_property
    def annotation_rects(self) -> list[pymupdf.Rect]:
        """Boxes of annotation appearances, so drawn-mark detection can skip them."""
        return [a.rect for a in self.annotations]

    def warn(self, message: str) -> None:
        self.doc_ctx.warn(f"page {self.number}: {message}")

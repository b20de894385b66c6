"""The engine's result types: one Flag per flagged passage, Sources, and the docflags/1 document."""

from __future__ import annotations

from dataclasses import dataclass, field

from docflags_gui import RESULT_SCHEMA
from docflags_gui.analysis.geometry import Rect
from docflags_gui.result import ResultDocument, ResultFlag, ResultSource

FLAG_KINDS = ("highlight", "underline", "strikeout", "squiggly", "note", "drawn", "colored-text")


@dataclass
class Flag:
    """One flagged passage. `rect` is the union box on its first page (unrotated page space)."""

    page: int
    kind: str
    text: str
    rect: Rect
    color: str | None = None
    source: int | None = None
    comment: str | None = None
    ocr: bool = False
    # Where the passage ends (page, rect): detectors that join passages across lines, columns and
    # pages need it; it is not part of docflags/1.
    end_page: int | None = None
    end_rect: Rect | None = None
    # Reading-order position within the page: the index in PageText.words of the first covered
    # word, when there is one. Flags without it sort after, by their top-left corner.
    order: float | None = None

    def to_dict(self, flag_id: int) -> ResultFlag:
        return {
            "id": flag_id,
            "page": self.page,
            "kind": self.kind,
            "color": self.color,
            "text": self.text,
            "source": self.source,
            "comment": self.comment,
            "rect": [round(v, 2) for v in self.rect],
            "ocr": self.ocr,
        }

    def sort_key(self) -> tuple[float, ...]:
        order = self.order if self.order is not None else float("inf")
        return (self.page, order, self.rect[1], self.rect[0])


@dataclass
class Source:
    """One row of a similarity report's sources list."""

    n: int
    name: str
    type: str | None
    percent: int | None
    label: str | None

    def to_dict(self) -> ResultSource:
        return {
            "n": self.n,
            "name": self.name,
            "type": self.type,
            "percent": self.percent,
            "label": self.label,
        }


@dataclass
class AnalysisResult:
    """Everything the engine found in one PDF; `to_dict()` is the docflags/1 document."""

    file: str
    sha256: str
    pages: int
    flags: list[Flag] = field(default_factory=list)
    similarity: int | None = None
    sources: list[Source] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> ResultDocument:
        return {
            "schema": RESULT_SCHEMA,
            "file": self.file,
            "sha256": self.sha256,
            "pages": self.pages,
            "similarity": self.similarity,
            "sources": [s.to_dict() for s in self.sources],
            "flags": [f.to_dict(i) for i, f in enumerate(self.flags, start=1)],
            "warnings": list(self.warnings),
        }

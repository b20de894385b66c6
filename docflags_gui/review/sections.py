"""Where a manuscript's sections begin and end: the headings the checkers' section exclusions
name (References / Bibliography / Works cited / Daftar Pustaka, Abstract, Methods).

A heading is a short paragraph of its own that holds just the section's name, perhaps numbered
("7. References") or in capitals. A section runs from its heading to the next heading of another
known section or of an appendix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "bibliography": (
        "references",
        "reference list",
        "bibliography",
        "works cited",
        "literature cited",
        "sources",
        "daftar pustaka",
        "daftar referensi",
        "referensi",
        "kepustakaan",
        "pustaka acuan",
    ),
    "abstract": ("abstract", "abstrak", "summary"),
    "methods": (
        "methods",
        "method",
        "methodology",
        "materials and methods",
        "research method",
        "research methods",
        "metode",
        "metode penelitian",
        "metodologi",
        "metodologi penelitian",
    ),
}
_ENDS_SECTIONS = ("appendix", "appendices", "lampiran", "acknowledgements", "acknowledgments")
_MAX_HEADING = 60
_NUMBERING = re.compile(
    r"^\s*(?:[0-9]+(?:\.[0-9]+)*\.?|[ivxlcIVXLC]+\.|[A-Z]\.|bab\s+\w+)\s+", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Section:
    """A named section of the manuscript as offsets [start, end) of its body (after the heading)."""

    name: str
    start: int
    end: int

    def holds(self, offset: int) -> bool:
        return self.start <= offset < self.end


def heading_name(paragraph: str) -> str | None:
    """The known section this paragraph heads, "end" for one that ends sections, else None."""
    text = paragraph.strip()
    if not text or len(text) > _MAX_HEADING:
        return None
    text = _NUMBERING.sub("", text).strip().rstrip(":").strip().casefold()
    for name, words in SECTION_NAMES.items():
        if text in words:
            return name
    if text.startswith(_ENDS_SECTIONS):
        return "end"
    return None


def find_sections(text: str, spans: Sequence[tuple[int, int]]) -> list[Section]:
    """The known sections of a manuscript whose paragraphs are `text[start:end]` for `spans`."""
    sections: list[Section] = []
    open_name: str | None = None
    open_start = 0
    for start, end in spans:
        name = heading_name(text[start:end])
        if name is None:
            continue
        if open_name is not None:
            sections.append(Section(open_name, open_start, start))
        open_name, open_start = (None, 0) if name == "end" else (name, end)
    if open_name is not None:
        sections.append(Section(open_name, open_start, len(text)))
    return sections

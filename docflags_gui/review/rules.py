"""The checkers' exclusion rules (Turnitin's exclude quotes, bibliography, small matches and
chosen sources; iThenticate's section exclusions), as suggestions of a status for each flag.

A rule only suggests: the reviewer's decision always wins (see `entries`). Quotes and sections
need the flag's place in the manuscript (its `match`); small matches and sources do not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from docflags_gui.review.quotes import find_quotation
from docflags_gui.review.sections import Section, find_sections
from docflags_gui.review.statuses import Status
from docflags_gui.review.word_count import word_count


@dataclass(frozen=True)
class ReviewRules:
    """Which exclusions are on. `exclude_small` is a word count (0 = off)."""

    exclude_quotes: bool = False
    exclude_bibliography: bool = False
    exclude_small: int = 0
    exclude_sources: frozenset[int] = frozenset()
    exclude_sections: frozenset[str] = frozenset()  # "abstract", "methods"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["exclude_sources"] = sorted(self.exclude_sources)
        data["exclude_sections"] = sorted(self.exclude_sections)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ReviewRules:
        data = data or {}
        return cls(
            exclude_quotes=bool(data.get("exclude_quotes", False)),
            exclude_bibliography=bool(data.get("exclude_bibliography", False)),
            exclude_small=max(0, int(data.get("exclude_small") or 0)),
            exclude_sources=frozenset(int(n) for n in data.get("exclude_sources") or ()),
            exclude_sections=frozenset(str(s) for s in data.get("exclude_sections") or ()),
        )

    @property
    def any(self) -> bool:
        return bool(
            self.exclude_quotes
            or self.exclude_bibliography
            or self.exclude_small
            or self.exclude_sources
            or self.exclude_sections
        )


@dataclass(frozen=True, slots=True)
class Suggestion:
    status: Status
    reason: str


@dataclass
class ManuscriptContext:
    """What the rules read of the manuscript: its text, paragraphs and known sections."""

    text: str
    spans: Sequence[tuple[int, int]]
    sections: list[Section] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, spans: Sequence[tuple[int, int]]) -> ManuscriptContext:
        return cls(text, spans, find_sections(text, spans))

    def paragraph(self, offset: int) -> tuple[int, int]:
        """The span of the paragraph that holds `offset` (or the last one before it)."""
        best = self.spans[0] if self.spans else (0, len(self.text))
        for span in self.spans:
            if span[0] > offset:
                break
            best = span
        return best

    def section_at(self, offset: int) -> str | None:
        for section in self.sections:
            if section.holds(offset):
                return section.name
        return None


def suggest(
    flag: Mapping[str, Any],
    rules: ReviewRules,
    context: ManuscriptContext | None,
    *,
    revision: bool = False,
) -> Suggestion | None:
    """The status the rules suggest for `flag`, with the rule's words, or None.

    `revision`: the manuscript is a revision of one already matched against this report, so a
    passage it no longer holds is suggested Fixed, and quotations are always checked (a passage
    now quoted and cited is suggested Quoted & cited)."""
    source = flag.get("source")
    if isinstance(source, int) and source in rules.exclude_sources:
        return Suggestion(Status.FALSE_POSITIVE, f"source {source} excluded")
    match = flag.get("match")
    if revision and context is not None and match is None and flag.get("kind") != "note":
        return Suggestion(Status.FIXED, "no longer in the manuscript")
    if context is not None and isinstance(match, Mapping):
        start, end = int(match["start"]), int(match["end"])
        section = context.section_at(start)
        if section == "bibliography" and rules.exclude_bibliography:
            return Suggestion(Status.BIBLIOGRAPHY, "in the bibliography")
        if section is not None and section in rules.exclude_sections:
            return Suggestion(Status.FALSE_POSITIVE, f"in the excluded {section} section")
        if rules.exclude_quotes or revision:
            quotation = find_quotation(context.text, context.paragraph(start), start, end)
            if quotation is not None:
                if quotation.cited:
                    return Suggestion(Status.QUOTED_CITED, "quoted and cited")
                return Suggestion(Status.NEEDS_FIX, "quoted but not cited")
    text = flag.get("text")
    if rules.exclude_small and isinstance(text, str) and word_count(text) < rules.exclude_small:
        return Suggestion(Status.COMMON_PHRASE, f"fewer than {rules.exclude_small} words")
    return None

"""A docflags/1 document extended with the match: the manuscript's facts and each flag's place.

    "manuscript": {"file", "sha256", "format", "chars", "paragraphs", "pages"}
    flag["match"]: {"start", "end", "text", "paragraph", "page", "score"} or null

`start`/`end` index the manuscript's plain text as docflags reads it (end exclusive);
`paragraph` and `page` are 1-based; `score` in [0, 1]. Notes are comments, not passages: their
match is null, as is that of a flag without text.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from docflags_gui.hashing import file_sha256
from docflags_gui.matching import DEFAULT_MIN_SCORE
from docflags_gui.matching.manuscript import Manuscript
from docflags_gui.matching.passages import PassageMatcher, Placement
from docflags_gui.matching.where import UNMATCHED_KINDS
from docflags_gui.result import FlagMatch, ManuscriptInfo, ResultDocument, ResultFlag


def manuscript_summary(path: Path, manuscript: Manuscript) -> ManuscriptInfo:
    return {
        "file": path.name,
        "sha256": file_sha256(path),
        "format": manuscript.format,
        "chars": len(manuscript.text),
        "words": len(manuscript.text.split()),
        "paragraphs": len(manuscript.spans),
        "pages": manuscript.page_count,
    }


def passage_of(flag: ResultFlag) -> str | None:
    """The text to look for in the manuscript, or None for flags that are not passages."""
    text = flag.get("text")
    if flag.get("kind") in UNMATCHED_KINDS or not isinstance(text, str) or not text.strip():
        return None
    return text


def match_entry(manuscript: Manuscript, placement: Placement) -> FlagMatch:
    paragraph = manuscript.paragraph_at(placement.start)
    return {
        "start": placement.start,
        "end": placement.end,
        "text": manuscript.text[placement.start : placement.end],
        "paragraph": paragraph + 1,
        "page": manuscript.pages[paragraph] if manuscript.spans else None,
        "score": placement.score,
    }


def match_document(
    document: ResultDocument,
    path: Path,
    manuscript: Manuscript,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    progress: Callable[[int, int], None] | None = None,
) -> ResultDocument:
    """A copy of `document` with the manuscript's summary and every flag's match."""
    matched = copy.deepcopy(document)
    flags = matched["flags"]
    placements = PassageMatcher(manuscript.text, min_score).match_all(
        [passage_of(flag) for flag in flags], progress
    )
    for flag, placement in zip(flags, placements, strict=True):
        flag["match"] = None if placement is None else match_entry(manuscript, placement)
    matched["manuscript"] = manuscript_summary(path, manuscript)
    warnings = matched.setdefault("warnings", [])
    warnings.extend(f"manuscript: {warning}" for warning in manuscript.warnings)
    return matched

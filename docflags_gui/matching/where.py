"""How a flag's match reads in tables and exports: "¶ 57 · p. 12", or "not in the manuscript".

Light on purpose (no readers, no rapidfuzz): exports, the CLI table and the window import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NOT_FOUND = "not in the manuscript"
UNMATCHED_KINDS = frozenset({"note"})  # comments, not passages: never looked for


def is_matched(result: Mapping[str, Any]) -> bool:
    """True when the result went through match (it names its manuscript)."""
    return isinstance(result.get("manuscript"), Mapping)


def where_label(flag: Mapping[str, Any], matched: bool) -> str | None:
    """The flag's place for people; None when the result was not matched or it is a note."""
    if not matched or flag.get("kind") in UNMATCHED_KINDS:
        return None
    match = flag.get("match")
    if not isinstance(match, Mapping):
        return NOT_FOUND
    label = f"¶ {match.get('paragraph')}"
    if isinstance(match.get("page"), int):
        label += f" · p. {match['page']}"
    return label


def match_score(flag: Mapping[str, Any]) -> float | None:
    match = flag.get("match")
    score = match.get("score") if isinstance(match, Mapping) else None
    return float(score) if isinstance(score, int | float) else None

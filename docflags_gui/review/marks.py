"""What an annotated copy adds at each matched passage: its range, highlight colour and comment.

The comment tells the author what the report says and what to do: the report page, the source's
number and name with its percentage, the status, the reviewer's note and the suggested action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docflags_gui.review.statuses import Status, effective_status

DEFAULT_COLOR = "#ffd54f"  # flags without a colour of their own (notes) are never matched; safety
HIGHLIGHT_STRENGTH = 0.45  # how much of the flag's colour the highlight takes (the rest white)

ACTIONS: dict[Status, str] = {
    Status.TO_REVIEW: "quote and cite the source, or rewrite in your own words",
    Status.NEEDS_FIX: "quote and cite the source, or rewrite in your own words",
    Status.QUOTED_CITED: "none: quoted and cited",
    Status.COMMON_PHRASE: "none: a common phrase",
    Status.BIBLIOGRAPHY: "none: part of the bibliography",
    Status.OWN_WORK: "cite your earlier work",
    Status.FALSE_POSITIVE: "none: not a real match",
    Status.FIXED: "none: fixed",
}
MISSING_CITATION = "add the missing citation"


@dataclass(frozen=True, slots=True)
class Mark:
    """One passage to highlight: manuscript offsets [start, end), colours and the comment."""

    flag_id: int
    start: int
    end: int
    color: str  # the flag's colour, #rrggbb
    comment: str

    @property
    def highlight(self) -> str:
        """A light tint of the flag's colour that keeps the text readable under it."""
        return tint(self.color, HIGHLIGHT_STRENGTH)


def tint(color: str, strength: float) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - value) * strength) for value in (red, green, blue))
    return "#" + "".join(f"{value:02x}" for value in mixed)


def suggested_action(review: Mapping[str, Any]) -> str:
    status = effective_status(review)
    if status is Status.NEEDS_FIX and review.get("reason") == "quoted but not cited":
        return MISSING_CITATION
    return ACTIONS[status]


def comment_text(flag: Mapping[str, Any], sources: Mapping[int, Mapping[str, Any]]) -> str:
    review: Mapping[str, Any] = flag.get("review") or {"status": Status.TO_REVIEW.value}
    lines = [f"docflags · report page {flag.get('page')}"]
    source = flag.get("source")
    if isinstance(source, int):
        known = sources.get(source)
        if known:
            label = known.get("label") or (
                f"{known['percent']}%" if known.get("percent") is not None else ""
            )
            name = f"Source {source}: {known.get('name') or '?'}"
            lines.append(f"{name} ({label})" if label else name)
        else:
            lines.append(f"Source {source}")
    status = Status(review.get("status") or Status.TO_REVIEW.value)
    line = f"Status: {status.label}"
    if status is Status.TO_REVIEW and review.get("suggested"):
        line += f" (suggested: {Status(review['suggested']).label}"
        line += f", {review['reason']})" if review.get("reason") else ")"
    lines.append(line)
    if review.get("note"):
        lines.append(f"Note: {review['note']}")
    lines.append(f"Suggested action: {suggested_action(review)}")
    return "\n".join(lines)


def marks_of(document: Mapping[str, Any]) -> list[Mark]:
    """The marks of every matched flag of a (reviewed) document, in manuscript order."""
    sources = {
        int(source["n"]): source
        for source in document.get("sources") or []
        if isinstance(source.get("n"), int)
    }
    marks = [
        Mark(
            int(flag.get("id") or 0),
            int(flag["match"]["start"]),
            int(flag["match"]["end"]),
            flag.get("color") or DEFAULT_COLOR,
            comment_text(flag, sources),
        )
        for flag in document.get("flags") or []
        if flag.get("match") and int(flag["match"]["end"]) > int(flag["match"]["start"])
    ]
    return sorted(marks, key=lambda mark: (mark.start, mark.end))

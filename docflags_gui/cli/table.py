"""The `table` format: a docflags/1 result as an aligned table that fits the terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from docflags_gui.cli.cells import display_width, fit
from docflags_gui.matching.where import is_matched, match_score, where_label
from docflags_gui.printable import printable
from docflags_gui.review.labels import is_reviewed, status_label
from docflags_gui.review.progress import review_progress

COLUMNS = ("page", "kind", "colour", "source", "text", "comment")
# A matched result (docflags match) also says where each passage is in the manuscript.
MATCH_COLUMNS = ("page", "kind", "colour", "source", "where", "score", "text", "comment")
# A reviewed result (match with rules, decisions) also gives each flag's status.
REVIEW_COLUMNS = (*MATCH_COLUMNS[:6], "status", *MATCH_COLUMNS[6:])
GAP = "  "
# The comment column never takes more than this share of the room left for text and comment.
COMMENT_SHARE = 0.35
MIN_TEXT_WIDTH = 20


def _cells(flag: Mapping[str, Any], matched: bool, reviewed: bool) -> list[str]:
    source = flag.get("source")
    cells = [
        str(flag.get("page", "")),
        str(flag.get("kind", "")),
        flag.get("color") or "-",
        "-" if source is None else str(source),
    ]
    if matched:
        score = match_score(flag)
        cells += [where_label(flag, matched) or "-", "-" if score is None else f"{score:.2f}"]
    if reviewed:
        cells.append(status_label(flag))
    return [
        *cells,
        ("[OCR] " if flag.get("ocr") else "") + (flag.get("text") or ""),
        flag.get("comment") or "",
    ]


def render_table(
    result: Mapping[str, Any], width: int, *, ascii_only: bool = False, heading: bool = False
) -> str:
    """The flags of one result as table rows fitted to `width` columns, plus a short summary."""
    ellipsis = "..." if ascii_only else "…"
    flags: Sequence[Mapping[str, Any]] = result.get("flags") or []
    lines: list[str] = []
    if heading:
        lines.append(f"== {printable(str(result.get('file', '?')))} ==")
    lines.append(_summary(result, len(flags)))
    if flags:
        matched = is_matched(result)
        reviewed = matched and is_reviewed(result)
        columns = REVIEW_COLUMNS if reviewed else MATCH_COLUMNS if matched else COLUMNS
        rows = [list(columns), *(_cells(f, matched, reviewed) for f in flags)]
        text_at = len(columns) - 2  # the text and comment columns share what is left
        fixed = [max(display_width(row[i]) for row in rows) for i in range(text_at)]
        room = width - sum(fixed) - len(GAP) * (len(columns) - 1)
        longest_comment = max(display_width(row[text_at + 1]) for row in rows[1:])
        comment_width = (
            0
            if longest_comment == 0
            else min(max(longest_comment, len("comment")), int(room * COMMENT_SHARE))
        )
        longest_text = max(display_width(row[text_at]) for row in rows)
        text_room = room - comment_width - (len(GAP) if comment_width else 0)
        text_width = max(min(MIN_TEXT_WIDTH, longest_text), min(text_room, longest_text))
        widths = [*fixed, text_width, comment_width]
        for n, row in enumerate(rows):
            cells = [fit(cell, w, ellipsis) for cell, w in zip(row, widths, strict=True) if w]
            lines.append(GAP.join(cells).rstrip())
            if n == 0:
                lines.append(GAP.join("-" * w for w in widths if w))
    if is_reviewed(result):
        lines.append("Review: " + review_progress(result).summary())
    lines.extend(_sources(result, width, ellipsis))
    lines.extend(f"warning: {printable(str(w))}" for w in result.get("warnings") or [])
    return "\n".join(lines) + "\n"


def _summary(result: Mapping[str, Any], count: int) -> str:
    pages = result.get("pages")
    parts = [
        printable(str(result.get("file", "?"))),
        f"{pages} page{'s' if pages != 1 else ''}",
        f"{count} flagged passage{'s' if count != 1 else ''}",
    ]
    manuscript = result.get("manuscript")
    if isinstance(manuscript, Mapping):
        found = sum(isinstance(f.get("match"), Mapping) for f in result.get("flags") or [])
        parts.append(f"{found} found in {manuscript.get('file', '?')}")
    if result.get("similarity") is not None:
        parts.append(f"similarity {result['similarity']}%")
    return " | ".join(parts)


def _sources(result: Mapping[str, Any], width: int, ellipsis: str) -> list[str]:
    sources: Sequence[Mapping[str, Any]] = result.get("sources") or []
    if not sources:
        return []
    lines = ["", "Sources:"]
    for source in sources:
        label = source.get("label") or (
            f"{source['percent']}%" if source.get("percent") is not None else ""
        )
        kind = f" ({source['type']})" if source.get("type") else ""
        prefix = f"{source.get('n', '?'):>4}  {label:>4}  "
        name = fit(f"{source.get('name', '')}{kind}", max(10, width - len(prefix)), ellipsis)
        lines.append((prefix + name).rstrip())
    return lines

"""Counts that summarise results (by kind, colour, source) for the XLSX, HTML, Markdown exports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SourceCount:
    """One source of one report with the number of flags attributed to it."""

    file: str
    n: int
    name: str
    type: str | None
    percent: int | None
    label: str | None
    flags: int


@dataclass(frozen=True)
class Summary:
    files: int
    pages: int
    flags: int
    by_kind: list[tuple[str, int]]
    by_color: list[tuple[str | None, int]]
    sources: list[SourceCount]


def summarise(results: Sequence[Mapping[str, Any]]) -> Summary:
    """Totals over all results; kinds and colours most frequent first, sources by file then n."""
    kinds: Counter[str] = Counter()
    colors: Counter[str | None] = Counter()
    sources: list[SourceCount] = []
    pages = 0
    flag_total = 0
    for result in results:
        flags = result.get("flags") or []
        flag_total += len(flags)
        pages += int(result.get("pages") or 0)
        kinds.update(str(f.get("kind") or "") for f in flags)
        colors.update(f.get("color") for f in flags)
        per_source = Counter(f.get("source") for f in flags if f.get("source") is not None)
        for source in result.get("sources") or []:
            n = source.get("n")
            if not isinstance(n, int):
                continue
            sources.append(
                SourceCount(
                    file=str(result.get("file") or ""),
                    n=n,
                    name=str(source.get("name") or ""),
                    type=source.get("type"),
                    percent=source.get("percent"),
                    label=source.get("label"),
                    flags=per_source.get(n, 0),
                )
            )
    return Summary(
        files=len(results),
        pages=pages,
        flags=flag_total,
        by_kind=_most_common(kinds),
        by_color=_most_common(colors),
        sources=sources,
    )


def percent_label(result: Mapping[str, Any]) -> str:
    """The similarity index as a report shows it, or an empty string when there is none."""
    similarity = result.get("similarity")
    return "" if similarity is None else f"{similarity}%"


def _most_common(counter: Counter[Any]) -> list[tuple[Any, int]]:
    # Most frequent first; ties in a stable, readable order (None last).
    return sorted(counter.items(), key=lambda item: (-item[1], item[0] is None, str(item[0])))

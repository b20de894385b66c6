"""ResultDigest: the different values a result's flags hold, gathered in one pass (no Qt).

The window's flags panel needs them to show a result: its filter lists (kinds, colours,
sources), which columns it has (sources, comments, a match) and how wide its short columns
must be (the page, kind, colour and source cells). For a 10,000-flag result that pass is the
largest part of showing it, so the app makes the digest on the pool thread that parsed the
result (jobs/runnable.py), and the GUI thread only reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docflags_gui.result import ResultFlag


@dataclass(frozen=True)
class ResultDigest:
    """Sets of the values the flags hold, as found (None and "" included where flags have
    them); `kind_cells` the (kind, colour, has a source) triples that decide a kind cell."""

    flag_count: int
    pages: frozenset[Any]
    kinds: frozenset[Any]
    colors: frozenset[Any]
    sources: frozenset[Any]
    kind_cells: frozenset[tuple[Any, Any, bool]]
    has_comment: bool
    matched: bool  # the flags went through match (one has a `match`, found or null)

    def shown_kinds(self) -> list[str]:
        return sorted({str(kind) for kind in self.kinds if kind})

    def shown_colors(self) -> list[str]:
        return sorted(str(color) for color in self.colors if color)

    def shown_sources(self) -> list[Any]:
        return sorted(source for source in self.sources if source is not None)


def digest_flags(flags: Sequence[ResultFlag]) -> ResultDigest:
    """The digest of `flags`."""
    try:
        return _digest(flags)
    except TypeError:  # a value that cannot be in a set (never in a checked result)
        return _digest([{k: _hashable(v) for k, v in flag.items()} for flag in flags])


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _digest(flags: Sequence[Mapping[str, Any]]) -> ResultDigest:
    pages: set[Any] = set()
    kinds: set[Any] = set()
    colors: set[Any] = set()
    sources: set[Any] = set()
    kind_cells: set[tuple[Any, Any, bool]] = set()
    has_comment = matched = False
    for flag in flags:
        kind, color, source = flag.get("kind"), flag.get("color"), flag.get("source")
        pages.add(flag.get("page", ""))
        kinds.add(kind)
        colors.add(color)
        sources.add(source)
        kind_cells.add((kind, color, source is not None))
        has_comment = has_comment or bool(flag.get("comment"))
        matched = matched or "match" in flag
    return ResultDigest(
        len(flags),
        frozenset(pages),
        frozenset(kinds),
        frozenset(colors),
        frozenset(sources),
        frozenset(kind_cells),
        has_comment,
        matched,
    )

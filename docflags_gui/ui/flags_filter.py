"""Which of a result's flags the table shows: a FlagFilter (search words, kind, colour,
source) and the one pass that picks the rows it accepts.

The pass is plain Python over precomputed, lower-cased search text, run once per filter change:
a filter never asks the model row by row (a QSortFilterProxyModel calls Python for each of
100,000 rows, each call taking the interpreter lock anew, which is what froze the window while
other threads were busy with results).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docflags_gui.result import ResultFlag
from docflags_gui.ui.colour_names import color_name_key


def search_text(flag: ResultFlag) -> str:
    """What the search box looks in: the passage and its comment, lower-cased."""
    return f"{flag.get('text') or ''}\n{flag.get('comment') or ''}".lower()


def search_texts(flags: Sequence[ResultFlag]) -> list[str]:
    return [search_text(flag) for flag in flags]


def same_colour(color: str, wanted: str) -> bool:
    """`wanted` is a `#rrggbb` code (that colour only) or a colour name (every shade of it)."""
    if wanted.startswith("#"):
        return color == wanted
    return bool(color) and color_name_key(color) == wanted


@dataclass(frozen=True)
class FlagFilter:
    """The table's filters; `needle` is the search text, stripped and lower-cased."""

    needle: str = ""
    kind: str | None = None
    color: str | None = None
    source: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.needle) or any(
            value is not None for value in (self.kind, self.color, self.source)
        )

    def rows(self, flags: Sequence[ResultFlag], haystacks: Sequence[str]) -> list[int]:
        """The positions in `flags` this filter accepts, in order (`haystacks[i]` is
        `search_text(flags[i])`; only read when there is a needle)."""
        if not self.active:
            return list(range(len(flags)))
        needle = self.needle
        rows: list[int] = (
            [i for i, text in enumerate(haystacks) if needle in text]
            if needle
            else list(range(len(flags)))
        )
        if self.kind is not None:
            kind = self.kind
            rows = [i for i in rows if flags[i].get("kind") == kind]
        if self.color is not None:
            wanted = self.color
            # A report has a dozen colours: each is named once, not once per flag.
            accepted: dict[str, bool] = {}
            kept = []
            for i in rows:
                color = flags[i].get("color") or ""
                ok = accepted.get(color)
                if ok is None:
                    ok = accepted[color] = same_colour(color, wanted)
                if ok:
                    kept.append(i)
            rows = kept
        if self.source is not None:
            source = self.source
            rows = [i for i in rows if flags[i].get("source") == source]
        return rows

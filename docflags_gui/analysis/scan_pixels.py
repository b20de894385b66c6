"""What a scanned page's pixels hold (FORMATS.md §6.3): its tinted runs and badges
(`pixel_tints`) and its badges' digit tiles (`badge_tiles`), as plain values, so that the
read-ahead helper can work them out for the pages it reads and hand them to the worker
(`read_ahead.py`): a scan's picture is then decoded and searched on two cores.

Imports no numpy and nothing of the engine: the worker's page context holds these values.
"""

from __future__ import annotations

from dataclasses import dataclass

from docflags_gui.analysis.colors import RGB
from docflags_gui.analysis.geometry import Rect


@dataclass(frozen=True, slots=True)
class TintRun:
    """One tinted run of one line: its box (points), median tint and declared colour."""

    rect: Rect
    tint: tuple[int, int, int]
    rgb: RGB  # the highlight's colour (palette colour, or reconstructed from the tint)


@dataclass(frozen=True, slots=True)
class TintBadge:
    rect: Rect
    rgb: RGB


@dataclass(frozen=True, slots=True)
class PageTints:
    runs: list[TintRun]
    badges: list[TintBadge]


# A badge's digits tile (`badge_tiles.digits_tile`) as (width, height, gray samples); None
# for a badge that shows no digits.
Tile = tuple[int, int, bytes] | None


@dataclass(frozen=True, slots=True)
class ScanPixels:
    """A page's tints and, when it has tinted runs, a tile for each of its badges (in the
    order of `tints.badges`), worked out from its pixels by the read-ahead helper."""

    tints: PageTints
    tiles: tuple[Tile, ...] = ()

    def tiles_by_badge(self) -> dict[Rect, Tile]:
        """Each badge's tile, by the badge's box (none when no tiles were made)."""
        return {b.rect: t for b, t in zip(self.tints.badges, self.tiles, strict=False)}

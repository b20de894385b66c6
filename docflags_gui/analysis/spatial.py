"""A grid of buckets over a page: which of many boxes lie near a given box, without comparing
every box with every other.

Pages with thousands of annotations (a reviewer who highlighted every line, or a file made to
be slow) made pairwise tests quadratic: 2,000 highlights cost 2 million box comparisons. A
`BoxGrid` files each box under the cells of a square grid it overlaps; a query looks only at
the boxes filed under the cells its own box overlaps. Boxes too large for the grid (more than
`MAX_CELLS_PER_BOX` cells) are kept on one list every query looks at: few real marks are that
large, and per-page budgets bound how many a hostile file can bring.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

# Cell side in points: about two lines of body text, so a highlight's quad touches 1-4 cells.
CELL = 24.0
MAX_CELLS_PER_BOX = 256


class BoxGrid(Generic[T]):
    """Boxes (x0, y0, x1, y1) with a value each, found by the cells they overlap."""

    def __init__(self, cell: float = CELL) -> None:
        self._cell = cell
        self._cells: dict[tuple[int, int], list[int]] = {}
        self._large: list[int] = []
        self._boxes: list[tuple[float, float, float, float]] = []
        self._values: list[T] = []

    def __len__(self) -> int:
        return len(self._values)

    def _span(self, box: Sequence[float]) -> tuple[int, int, int, int] | None:
        x0, y0, x1, y1 = box[0], box[1], box[2], box[3]
        isfinite = math.isfinite
        if not (isfinite(x0) and isfinite(y0) and isfinite(x1) and isfinite(y1)):
            return None
        c = self._cell
        return (
            math.floor(min(x0, x1) / c),
            math.floor(min(y0, y1) / c),
            math.floor(max(x0, x1) / c),
            math.floor(max(y0, y1) / c),
        )

    def add(self, box: Sequence[float], value: T, grow: float = 0.0) -> None:
        """File `value` under `box` grown by `grow` on every side (the slack a query allows)."""
        index = len(self._values)
        grown = (box[0] - grow, box[1] - grow, box[2] + grow, box[3] + grow)
        self._boxes.append(grown)
        self._values.append(value)
        span = self._span(grown)
        if span is None or (span[2] - span[0] + 1) * (span[3] - span[1] + 1) > MAX_CELLS_PER_BOX:
            self._large.append(index)
            return
        cells = self._cells
        for cx in range(span[0], span[2] + 1):
            for cy in range(span[1], span[3] + 1):
                cells.setdefault((cx, cy), []).append(index)

    def near(self, box: Sequence[float]) -> Iterator[T]:
        """The values whose (grown) boxes overlap `box`, each once, in the order added."""
        if not self._values:
            return  # most pages' grids (their links, their annotations) are empty
        span = self._span(box)
        if span is None:
            return  # a query box with NaN or infinite corners: nothing to compare it with
        indices = set(self._large)
        cells = self._cells
        if (span[2] - span[0] + 1) * (span[3] - span[1] + 1) > len(cells):
            for (cx, cy), filed in cells.items():  # a huge query box: walk the filled cells
                if span[0] <= cx <= span[2] and span[1] <= cy <= span[3]:
                    indices.update(filed)
        else:
            for cx in range(span[0], span[2] + 1):
                for cy in range(span[1], span[3] + 1):
                    filed_here = cells.get((cx, cy))
                    if filed_here:
                        indices.update(filed_here)
        boxes, values = self._boxes, self._values
        q0, q1, q2, q3 = box[0], box[1], box[2], box[3]
        for i in sorted(indices):
            b = boxes[i]
            if b[0] <= q2 and b[2] >= q0 and b[1] <= q3 and b[3] >= q1:
                yield values[i]

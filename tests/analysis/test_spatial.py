"""BoxGrid finds exactly the boxes a pairwise comparison would, in the order they were added."""

from __future__ import annotations

import random

from docflags_gui.analysis.spatial import BoxGrid


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] <= b[2] and a[2] >= b[0] and a[1] <= b[3] and a[3] >= b[1]


def test_near_matches_a_pairwise_search() -> None:
    rng = random.Random(7)
    grid: BoxGrid[int] = BoxGrid()
    boxes = []
    for n in range(600):
        x, y = rng.uniform(-50, 600), rng.uniform(-50, 850)
        w, h = rng.choice([(2, 2), (60, 12), (400, 30), (5000, 5000)])
        box = (x, y, x + w, y + h)
        boxes.append(box)
        grid.add(box, n, grow=3.0)
    for _ in range(300):
        x, y = rng.uniform(0, 600), rng.uniform(0, 850)
        query = (x, y, x + rng.uniform(0, 200), y + rng.uniform(0, 40))
        expected = [
            n
            for n, b in enumerate(boxes)
            if _overlaps((b[0] - 3, b[1] - 3, b[2] + 3, b[3] + 3), query)
        ]
        assert list(grid.near(query)) == expected


def test_boxes_with_nan_corners_match_nothing_and_infinite_ones_everything() -> None:
    grid: BoxGrid[str] = BoxGrid()
    grid.add((float("nan"), 0, 10, 10), "nan")
    grid.add((0, 0, float("inf"), 10), "inf")
    grid.add((0, 0, 10, 10), "plain")
    assert list(grid.near((1, 1, 2, 2))) == ["inf", "plain"]
    assert list(grid.near((float("nan"), 1, 2, 2))) == []

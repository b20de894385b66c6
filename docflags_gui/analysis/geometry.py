"""Plane geometry the detectors share: boxes in page space, their union, overlap and centres,
and the median of a few measurements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# A box in page space (x0, y0, x1, y1): points, y down, as PyMuPDF gives them.
Rect = tuple[float, float, float, float]


def overlap(a: Sequence[float], b: Sequence[float]) -> Rect | None:
    """The box two boxes share, or None when they do not overlap."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1, y1)


def area(r: Sequence[float]) -> float:
    return max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])


def centre_inside(box: Sequence[float], outer: Sequence[float], slack: float = 0.0) -> bool:
    """True when the centre of `box` lies inside `outer` grown by `slack` on every side."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] - slack <= cx <= outer[2] + slack and outer[1] - slack <= cy <= outer[3] + slack


def wholly_inside(box: Sequence[float], outer: Sequence[float], slack: float = 0.0) -> bool:
    """True when all of `box` lies in `outer` grown by `slack`."""
    return (
        box[0] >= outer[0] - slack
        and box[1] >= outer[1] - slack
        and box[2] <= outer[2] + slack
        and box[3] <= outer[3] + slack
    )


def union_rect(rects: Iterable[Sequence[float]]) -> Rect:
    rs = list(rects)
    return (
        min(r[0] for r in rs),
        min(r[1] for r in rs),
        max(r[2] for r in rs),
        max(r[3] for r in rs),
    )


def median(values: Iterable[float]) -> float:
    """`statistics.median` without its overhead (five times as slow on the few values of a
    mark's words): the middle value, or the mean of the two middle ones."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("no median of no values")
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2

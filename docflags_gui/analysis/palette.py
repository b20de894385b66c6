"""The classic similarity-report palette (iThenticate, Turnitin classic): source n is painted
in PALETTE[(n - 1) % 12], so a colour names its source only up to a multiple of 12."""

from __future__ import annotations

from collections.abc import Sequence

PALETTE = (
    (0xFF, 0x00, 0x00),
    (0xE8, 0x0C, 0xD7),
    (0x8C, 0x06, 0xFF),
    (0x00, 0xAA, 0xAA),
    (0x00, 0xAA, 0x00),
    (0xAB, 0x70, 0x00),
    (0x7A, 0x2E, 0x06),
    (0x06, 0x47, 0x7A),
    (0x99, 0x33, 0x99),
    (0x4E, 0x76, 0x02),
    (0x23, 0x1D, 0x9B),
    (0x00, 0x64, 0xD1),
)
# A colour is a palette colour when within this RGB distance (0..255 components).
PALETTE_MATCH = 24.0


def palette_index(rgb: Sequence[float]) -> int | None:
    """The index in PALETTE of the colour `rgb` (0..1 components), None when it is none."""
    r, g, b = (c * 255 for c in rgb[:3])
    best, index = min(
        (((r - p[0]) ** 2 + (g - p[1]) ** 2 + (b - p[2]) ** 2) ** 0.5, i)
        for i, p in enumerate(PALETTE)
    )
    return index if best <= PALETTE_MATCH else None


def source_for(color_index: int | None, read: int | None) -> int | None:
    """A badge's source number from its colour's palette index and the number read from it:
    the number read when the colour agrees with it (n mod 12), else the number of the colour
    nearest to the one read (a misread digit is usually one digit off), or without a number
    read the colour's first source. (The sources list, once read, checks it again:
    `source_colors`.)"""
    if color_index is None:
        return read
    if read is None or read <= 0:
        return color_index + 1
    if (read - 1) % len(PALETTE) == color_index:
        return read
    first = color_index + 1
    below = first + (read - first) // len(PALETTE) * len(PALETTE) if read > first else first
    return min((below, below + len(PALETTE)), key=lambda n: (abs(n - read), n))

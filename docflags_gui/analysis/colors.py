"""Colours as the detectors compare and report them: `#rrggbb` formatting, chroma, luminance,
and when two colours count as the same."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

RGB = tuple[float, float, float]  # components 0..1

# A paint colour is chromatic when its components spread at least this much (0..1 scale):
# pastel highlighter tints (#f4e4aa, #c1ecdf) spread 0.17-0.3, greys below 0.03.
MIN_CHROMA = 0.08
# Two paint colours are the same when their RGB distance (0..1 components) is at most this.
SAME_COLOR = 0.12
# Two declared colours of one thing (a badge and its mark) written in different precisions
# differ by at most this much per channel (0..255).
DECLARED_PRECISION = 3


def hex_color(rgb: Sequence[float]) -> str:
    """RGB components (0..1, clamped) as `#rrggbb`: the one form colours take in a result."""
    return "#" + "".join(f"{round(min(1.0, max(0.0, float(v))) * 255):02x}" for v in rgb[:3])


def srgb_components(color: int) -> RGB:
    """MuPDF's text colour (sRGB as 0xRRGGBB) as 0..1 components."""
    return (((color >> 16) & 255) / 255, ((color >> 8) & 255) / 255, (color & 255) / 255)


@functools.lru_cache(maxsize=4096)
def srgb_hex(color: int) -> str:
    """MuPDF's text colour (0xRRGGBB) as `#rrggbb` (kept: a page's text has a few colours,
    asked for again for every coloured word and passage)."""
    return hex_color(srgb_components(color))


def chroma(rgb: Sequence[float]) -> float:
    """How far a colour is from grey: its strongest less its weakest component."""
    return max(rgb) - min(rgb)


def is_chromatic(rgb: Sequence[float], minimum: float = MIN_CHROMA) -> bool:
    return chroma(rgb) >= minimum


def luminance(rgb: Sequence[float]) -> float:
    """Relative brightness 0 (black) .. 1 (white), Rec. 601 weights: enough to tell dark from
    light, not a colour-science measure."""
    r, g, b = rgb[0], rgb[1], rgb[2]
    return 0.299 * r + 0.587 * g + 0.114 * b


def same_color(a: Sequence[float], b: Sequence[float], within: float = SAME_COLOR) -> bool:
    """True when two paint colours (0..1 components) are the same within `within`: the RGB
    distance, so that shades drawn for one source or one annotation count as one colour."""
    return math.dist(a[:3], b[:3]) <= within


@functools.lru_cache(maxsize=4096)
def same_declared_color(a: str, b: str) -> bool:
    """Two `#rrggbb` colours within rounding of each other (declared in different precisions).
    Cached: badges are paired with marks by colour, a few colours many times a page."""
    return all(
        abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) <= DECLARED_PRECISION for i in (1, 3, 5)
    )

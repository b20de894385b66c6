"""Colours written in any PDF colour space, as the sRGB that MuPDF renders them in.

What reaches the detectors already converted: `get_drawings()` fills and strokes and the text
colours of `get_text()` come as sRGB whatever space they were painted in (DeviceCMYK through
MuPDF's default CMYK profile, ICCBased through the embedded profile, Indexed, Separation,
DeviceN and Lab through their base spaces). What does not:

- an annotation's `/C` array: 1 (gray), 3 (RGB) or 4 (CMYK) numbers, as written;
- an image's decoded samples (`pymupdf.Pixmap(doc, xref)`): in the image's own space, so an
  ICCBased RGB image has three components that are not sRGB values, a CMYK image four.

Both are converted here with MuPDF's own colour management, so that a mark's colour is the
one the page shows (the naive `1 - c - k` formula is off by up to 30 of 255 per channel).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

import pymupdf

from docflags_gui.analysis.colors import RGB, hex_color

log = logging.getLogger(__name__)

_DEVICE_SPACES = {1: pymupdf.csGRAY, 3: pymupdf.csRGB, 4: pymupdf.csCMYK}


@functools.lru_cache(maxsize=256)
def _device_rgb(components: tuple[int, ...]) -> RGB:
    """Device gray, RGB or CMYK components (0..255) as sRGB (0..1), converted by MuPDF."""
    space = _DEVICE_SPACES[len(components)]
    pix = pymupdf.Pixmap(space, 1, 1, bytes(components), False)
    r, g, b = pymupdf.Pixmap(pymupdf.csRGB, pix).pixel(0, 0)
    return (r / 255, g / 255, b / 255)


def declared_rgb(components: Sequence[float] | None) -> RGB | None:
    """A PDF colour array (gray, RGB or CMYK components in 0..1) as sRGB (0..1); None for no
    colour or an array of another length."""
    if not components or len(components) not in _DEVICE_SPACES:
        return None
    values = [min(1.0, max(0.0, float(c))) for c in components]
    if len(values) == 3:
        return (values[0], values[1], values[2])  # as written: no rounding to 8 bits
    return _device_rgb(tuple(round(v * 255) for v in values))


def pdf_color_hex(components: Sequence[float] | None) -> str | None:
    """A PDF colour array (gray, RGB or CMYK) as `#rrggbb`; None for none."""
    rgb = declared_rgb(components)
    return None if rgb is None else hex_color(rgb)


def srgb_pixmap(pix: pymupdf.Pixmap) -> pymupdf.Pixmap:
    """`pix` (an image as decoded, in its own colour space) as sRGB samples without alpha.
    Only a DeviceRGB pixmap is sRGB already: an ICCBased RGB one has three components too,
    in its profile's space."""
    space = pix.colorspace
    if space is None or space.n != 3 or space.name != pymupdf.csRGB.name:
        try:
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
        except Exception as exc:  # a space MuPDF cannot convert: its samples as they are
            log.debug("image colour space %s not converted: %s", space, exc)
    if pix.alpha:
        pix = pymupdf.Pixmap(pix, 0)
    return pix

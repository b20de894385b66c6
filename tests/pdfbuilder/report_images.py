"""The images of an image-segment report (FORMATS.md §6.1): uniform segments with a soft mask
of 255 and a fractional one-pixel border, badges of the source colour with white digit pixels
and rounded corners masked out; their samples in DeviceRGB (as measured), DeviceCMYK or an
Indexed palette (as print workflows and PDF/X exports rewrite them)."""

from __future__ import annotations

import random
import re

import pymupdf

from tests.pdfbuilder.raster import TII_COLORS

# The spaces an image report's segments and badges can be written in.
IMAGE_REPORT_SPACES = ("DeviceRGB", "DeviceCMYK", "Indexed")
# Indexed images look colours up in the classic palette, then white (badge digits).
_TABLE = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in TII_COLORS] + [(255, 255, 255)]


def rgb_of(color: str) -> tuple[int, int, int]:
    return (int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16))


def shown_color(color: str, space: str) -> str:
    """The colour (#rrggbb) an image of `color` written in `space` shows on the page."""
    if space != "DeviceCMYK":
        return color
    pix = pymupdf.Pixmap(pymupdf.csRGB, 1, 1, bytes(rgb_of(color)), False)
    r, g, b = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.Pixmap(pymupdf.csCMYK, pix)).pixel(0, 0)
    return f"#{r:02x}{g:02x}{b:02x}"


def _encoded(rgb: bytes, width: int, height: int, space: str) -> tuple[str, bytes]:
    """The /ColorSpace value and samples of RGB samples `rgb` written in `space`."""
    if space == "DeviceCMYK":
        pix = pymupdf.Pixmap(pymupdf.csRGB, width, height, rgb, False)
        return "/DeviceCMYK", bytes(pymupdf.Pixmap(pymupdf.csCMYK, pix).samples)
    if space == "Indexed":
        table = "".join(f"{v:02x}" for entry in _TABLE for v in entry)
        indexes = bytearray()
        for i in range(0, len(rgb), 3):
            pixel = rgb[i : i + 3]
            indexes.append(
                min(
                    range(len(_TABLE)),
                    key=lambda k: sum((a - b) ** 2 for a, b in zip(_TABLE[k], pixel, strict=True)),
                )
            )
        return f"[/Indexed/DeviceRGB {len(_TABLE) - 1}<{table}>]", bytes(indexes)
    return "/DeviceRGB", rgb


def image_xref(
    doc: pymupdf.Document,
    size: tuple[int, int],
    rgb: bytes,
    mask: bytes | None,
    space: str = "DeviceRGB",
) -> int:
    """An image XObject of RGB samples `rgb` (`size` pixels) written in `space`, with a
    DeviceGray soft mask."""
    width, height = size
    smask = ""
    if mask is not None:
        m = doc.get_new_xref()
        doc.update_object(
            m,
            f"<</Type/XObject/Subtype/Image/Width {width}/Height {height}"
            "/BitsPerComponent 8/ColorSpace/DeviceGray>>",
        )
        doc.update_stream(m, mask)
        smask = f"/SMask {m} 0 R"
    colorspace, samples = _encoded(rgb, width, height, space)
    x = doc.get_new_xref()
    doc.update_object(
        x,
        f"<</Type/XObject/Subtype/Image/Width {width}/Height {height}"
        f"/BitsPerComponent 8/ColorSpace {colorspace}{smask}>>",
    )
    doc.update_stream(x, samples)
    return int(x)


def segment_image(
    doc: pymupdf.Document,
    color: str,
    size: tuple[int, int],
    rng: random.Random,
    space: str = "DeviceRGB",
) -> int:
    width, height = size
    mask = bytearray([255]) * (width * height)
    edge = rng.randint(60, 220)  # the fractional one-pixel border
    for x in range(width):
        mask[x] = mask[(height - 1) * width + x] = edge
    for y in range(height):
        mask[y * width] = mask[y * width + width - 1] = edge
    rgb = bytes(rgb_of(color)) * (width * height)
    return image_xref(doc, size, rgb, bytes(mask), space)


def badge_image(
    doc: pymupdf.Document, number: int, color: str, size: tuple[int, int], space: str = "DeviceRGB"
) -> int:
    """A badge of `color` with the number in white pixels, its rounded corners masked out."""
    width, height = size
    scratch = pymupdf.open()
    page = scratch.new_page(width=width, height=height)
    r, g, b = (c / 255 for c in rgb_of(color))
    page.draw_rect(page.rect, color=None, fill=(r, g, b))
    digits = str(number)
    fontsize = height * 0.62
    text_width = pymupdf.get_text_length(digits, "hebo", fontsize)
    page.insert_text(
        ((width - text_width) / 2, height * 0.5 + fontsize * 0.36),
        digits,
        fontname="hebo",
        fontsize=fontsize,
        color=(1, 1, 1),
    )
    pix = page.get_pixmap(alpha=False)
    radius = round(height * 0.16)
    mask = bytearray([255]) * (width * height)
    for y in range(height):
        for x in range(width):
            dx = max(radius - x, 0, x - (width - 1 - radius))
            dy = max(radius - y, 0, y - (height - 1 - radius))
            if dx * dx + dy * dy > radius * radius:
                mask[y * width + x] = 0
    return image_xref(doc, size, bytes(pix.samples), bytes(mask), space)


_RGB_OP = re.compile(rb"(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(rg|RG)\b")


def to_device_cmyk(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    """Rewrite the page's RGB colour operators as DeviceCMYK ones (MuPDF's conversion), as a
    print workflow does to a whole report."""

    def swap(m: re.Match[bytes]) -> bytes:
        rgb = bytes(round(min(1.0, max(0.0, float(v))) * 255) for v in m.groups()[:3])
        pix = pymupdf.Pixmap(pymupdf.csRGB, 1, 1, rgb, False)
        cmyk = pymupdf.Pixmap(pymupdf.csCMYK, pix).samples
        values = " ".join(f"{v / 255:.4g}" for v in cmyk)
        return f"{values} {'K' if m.group(4) == b'RG' else 'k'}".encode()

    page.clean_contents()
    for xref in page.get_contents():
        doc.update_stream(xref, _RGB_OP.sub(swap, doc.xref_stream(xref)))

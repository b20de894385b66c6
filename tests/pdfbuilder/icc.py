"""Small ICC profiles made in code, for fixtures that paint in ICCBased colour spaces.

Real PDFs embed the profile of the device their colours were chosen for (a press's CMYK, a
camera's or a wide-gamut RGB). What matters to a reader is that MuPDF converts through the
profile, so these profiles are deliberately unlike sRGB and the naive CMYK formula:

- `rgb_profile()`: a matrix/TRC profile with wide-gamut primaries and gamma 1.8, so a colour's
  components are not its sRGB values;
- `cmyk_profile()`: a lut16 (`mft2`) A2B0 table from CMYK to PCS XYZ, with inks that are not
  the ideal ones (cyan absorbs some red and green, magenta some blue, a warm black);
- `gray_profile()`: a gray TRC profile (gamma 2.2).

Each profile is a few kilobytes of bytes (version 2.1), as lcms (MuPDF's colour engine) reads it.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence

# The PCS illuminant (D50) and the sRGB -> XYZ(D50) matrix (Bradford-adapted, ICC spec values).
D50 = (0.9642, 1.0, 0.8249)
SRGB_TO_XYZ_D50 = (
    (0.4360747, 0.3850649, 0.1430804),
    (0.2225045, 0.7168786, 0.0606169),
    (0.0139322, 0.0971045, 0.7141733),
)
# Wide-gamut primaries (XYZ, D50) of `rgb_profile`: like Adobe Wide Gamut RGB.
WIDE_PRIMARIES = (
    (0.7165, 0.2587, 0.0000),
    (0.1010, 0.7247, 0.0512),
    (0.1467, 0.0166, 0.7738),
)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz: Sequence[float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in xyz)


def _curve_tag(gamma: float) -> bytes:
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256))


def _desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)
        + struct.pack(">HB", 0, 0)
        + b"\0" * 67
    )


def _text_tag(text: str) -> bytes:
    return b"text\0\0\0\0" + text.encode("ascii") + b"\0"


def _profile(device_class: bytes, space: bytes, tags: Sequence[tuple[bytes, bytes]]) -> bytes:
    """An ICC v2.1 profile of `tags` (signature, data) with PCS XYZ."""
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries = b""
    data = b""
    for signature, body in tags:
        pad = (-len(body)) % 4
        entries += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + b"\0" * pad
    size = 128 + table_size + len(data)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"  # preferred CMM
        + struct.pack(">I", 0x02100000)
        + device_class
        + space
        + b"XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\0" * 4  # platform
        + b"\0" * 4  # flags
        + b"\0" * 8  # manufacturer, model
        + b"\0" * 8  # attributes
        + struct.pack(">I", 0)  # rendering intent: perceptual
        + b"".join(_s15(v) for v in D50)
        + b"\0" * 4  # creator
    )
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + entries + data


def rgb_profile() -> bytes:
    """A wide-gamut RGB profile (gamma 1.8)."""
    return _profile(
        b"mntr",
        b"RGB ",
        [
            (b"desc", _desc_tag("docflags test wide RGB")),
            (b"cprt", _text_tag("no copyright, test data")),
            (b"wtpt", _xyz_tag(D50)),
            (b"rXYZ", _xyz_tag(WIDE_PRIMARIES[0])),
            (b"gXYZ", _xyz_tag(WIDE_PRIMARIES[1])),
            (b"bXYZ", _xyz_tag(WIDE_PRIMARIES[2])),
            (b"rTRC", _curve_tag(1.8)),
            (b"gTRC", _curve_tag(1.8)),
            (b"bTRC", _curve_tag(1.8)),
        ],
    )


def gray_profile() -> bytes:
    """A gray profile (gamma 2.2)."""
    return _profile(
        b"mntr",
        b"GRAY",
        [
            (b"desc", _desc_tag("docflags test gray")),
            (b"cprt", _text_tag("no copyright, test data")),
            (b"wtpt", _xyz_tag(D50)),
            (b"kTRC", _curve_tag(2.2)),
        ],
    )


def press_cmyk(c: float, m: float, y: float, k: float) -> tuple[float, float, float]:
    """The sRGB (0..1) the test press prints CMYK at: imperfect inks and a warm black."""
    r = (1 - c) * (1 - 0.12 * m) * (1 - 0.9 * k)
    g = (1 - 0.25 * c) * (1 - m) * (1 - 0.05 * y) * (1 - 0.92 * k)
    b = (1 - 0.1 * c) * (1 - 0.3 * m) * (1 - y) * (1 - 0.95 * k)
    return (r, g, b)


def _linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _srgb_to_xyz(rgb: Sequence[float]) -> tuple[float, float, float]:
    lin = [_linear(min(1.0, max(0.0, v))) for v in rgb]
    x, y, z = (sum(row[i] * lin[i] for i in range(3)) for row in SRGB_TO_XYZ_D50)
    return (x, y, z)


def _lut16(inputs: int, grid: int, convert: Callable[[Sequence[float]], Sequence[float]]) -> bytes:
    """An `mft2` tag: identity curves, a `grid`^inputs table of `convert`(device) -> XYZ."""
    identity = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)
    body = b"mft2\0\0\0\0" + struct.pack(">BBBB", inputs, 3, grid, 0)
    body += b"".join(_s15(v) for v in identity)
    body += struct.pack(">HH", 2, 2)
    body += struct.pack(">HH", 0, 65535) * inputs
    cells = b""
    for index in range(grid**inputs):
        device = []
        for _ in range(inputs):
            device.append((index % grid) / (grid - 1))
            index //= grid
        device.reverse()  # the first input varies slowest
        for v in convert(device):
            # PCS XYZ in a lut16 table: 0..0xFFFF is 0..1.99997 (1.0 is 0x8000)
            cells += struct.pack(">H", max(0, min(65535, round(v * 32768))))
    body += cells
    body += struct.pack(">HH", 0, 65535) * 3
    return body


def cmyk_profile(grid: int = 9) -> bytes:
    """A CMYK profile of the test press (`press_cmyk`)."""

    def convert(device: Sequence[float]) -> tuple[float, float, float]:
        c, m, y, k = device
        return _srgb_to_xyz(press_cmyk(c, m, y, k))

    return _profile(
        b"prtr",
        b"CMYK",
        [
            (b"desc", _desc_tag("docflags test press CMYK")),
            (b"cprt", _text_tag("no copyright, test data")),
            (b"wtpt", _xyz_tag(D50)),
            (b"A2B0", _lut16(4, grid, convert)),
        ],
    )

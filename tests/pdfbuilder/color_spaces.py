"""Marks painted in colour spaces other than DeviceRGB, with the colours MuPDF renders them in.

Print workflows and PDF/X exports write colours as DeviceCMYK, ICCBased (an embedded profile,
`icc.py`), Indexed (a lookup table), Separation or DeviceN (spot inks with a tint transform),
Lab, or gray. A reader must report the colour the page shows as `#rrggbb`, and a gray one is
no mark at all.

Pages are built with the ordinary helpers in unique *placeholder* RGB colours, then each
placeholder's colour operators (`r g b rg` / `RG`) in the page's content are rewritten into the
chosen space (`/CSn cs c1 ... scn`), and images are written with their samples in that space.
The expected colour of each paint is read back from MuPDF's rendering of an opaque swatch of
it, so the test asks for the colour a user sees on the page (within rounding).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf

from tests.pdfbuilder import icc

# Every space a fixture may paint in; the last two are achromatic (never a mark).
CHROMATIC_SPACES = (
    "DeviceCMYK",
    "ICCBased-RGB",
    "ICCBased-CMYK",
    "Indexed-RGB",
    "Indexed-CMYK",
    "Separation",
    "DeviceN",
    "Lab",
)
GRAY_SPACES = ("DeviceGray", "ICCBased-Gray")
# Image samples can be written in these (Lab images need a Decode array; not seen in reports).
IMAGE_SPACES = (
    "DeviceCMYK",
    "ICCBased-RGB",
    "ICCBased-CMYK",
    "Indexed-RGB",
    "Indexed-CMYK",
    "Separation",
    "DeviceGray",
)
# A chromatic paint is drawn only when it renders this colourful and this light (0..1): a
# highlighter colour that black text stays readable on.
MIN_CHROMA = 0.3
MIN_LUMINANCE = 0.45


@dataclass(frozen=True)
class Paint:
    """One colour in one space: the `cs`/`scn` operands and how image samples encode it."""

    space: str
    components: tuple[float, ...]
    name: str  # resource name of the space ("" for device spaces)
    cs_ref: str  # the /ColorSpace value for an image: "/DeviceCMYK" or "12 0 R"
    index_range: int = 0  # Indexed: hival (samples are palette indexes)

    def ops(self, stroke: bool = False) -> str:
        """Operators that set this colour for filling (or stroking)."""
        values = " ".join(f"{c:.4g}" for c in self.components)
        if self.space == "DeviceCMYK":
            return f"{values} {'K' if stroke else 'k'}"
        if self.space == "DeviceGray":
            return f"{values} {'G' if stroke else 'g'}"
        return f"/{self.name} {'CS' if stroke else 'cs'} {values} {'SCN' if stroke else 'scn'}"

    def sample(self) -> bytes:
        """One pixel of an 8-bit image in this space."""
        if self.space.startswith("Indexed"):
            return bytes([round(self.components[0])])
        return bytes(round(min(1.0, max(0.0, c)) * 255) for c in self.components)


def _dn_function(inks: Sequence[Sequence[float]]) -> str:
    """A type 4 function from two ink tints to CMYK: tint-weighted sums of the inks (the
    function's Range clips them to 1)."""
    code = []
    for k in range(4):
        code.append(f"{k + 1} index {inks[0][k]:.3f} mul {k + 1} index {inks[1][k]:.3f} mul add")
    code.append("6 -2 roll pop pop")
    return "{ " + " ".join(code) + " }"


class ColorSpaces:
    """The colour-space objects of one document (profiles, lookup tables, tint functions), and
    random paints in them."""

    def __init__(self, doc: pymupdf.Document, rng: random.Random) -> None:
        self.doc = doc
        self.rng = rng
        self.refs: dict[str, int] = {}
        profiles = {
            "ICCBased-RGB": (icc.rgb_profile(), 3),
            "ICCBased-CMYK": (icc.cmyk_profile(), 4),
            "ICCBased-Gray": (icc.gray_profile(), 1),
        }
        for space, (data, n) in profiles.items():
            stream = self._object(f"<</N {n}>>", data)
            self.refs[space] = self._object(f"[/ICCBased {stream} 0 R]")
        # Lookup tables and inks of highlighter colours (light, one component strong).
        self.lookup_rgb = [_ink(rng, 255, 60, 255) for _ in range(8)]
        self.lookup_cmyk = [(*_ink(rng, 255, 0, 190), rng.randint(0, 30)) for _ in range(8)]
        table_rgb = "".join(f"{v:02x}" for color in self.lookup_rgb for v in color)
        table_cmyk = "".join(f"{v:02x}" for color in self.lookup_cmyk for v in color)
        self.refs["Indexed-RGB"] = self._object(f"[/Indexed/DeviceRGB 7<{table_rgb}>]")
        cmyk = self.refs["ICCBased-CMYK"]
        self.refs["Indexed-CMYK"] = self._object(f"[/Indexed {cmyk} 0 R 7<{table_cmyk}>]")
        ink = [v / 255 for v in _ink(rng, 200, 0, 110)] + [0.0]
        tint = self._object(
            f"<</FunctionType 2/Domain[0 1]/C0[0 0 0 0]/C1[{' '.join(map(str, ink))}]/N 1>>"
        )
        self.refs["Separation"] = self._object(f"[/Separation/Spot#20Ink/DeviceCMYK {tint} 0 R]")
        inks = [[v / 255 for v in _ink(rng, 255, 0, 190)] + [0.0] for _ in range(2)]
        function = self._object(
            "<</FunctionType 4/Domain[0 1 0 1]/Range[0 1 0 1 0 1 0 1]>>",
            _dn_function(inks).encode(),
        )
        self.refs["DeviceN"] = self._object(f"[/DeviceN[/InkA/InkB]/DeviceCMYK {function} 0 R]")
        self.refs["Lab"] = self._object("[/Lab<</WhitePoint[0.9642 1 0.8249]>>]")

    def _object(self, definition: str, stream: bytes | None = None) -> int:
        xref = int(self.doc.get_new_xref())
        self.doc.update_object(xref, definition)
        if stream is not None:
            self.doc.update_stream(xref, stream)
        return xref

    def resources(self) -> str:
        """The `/ColorSpace` resource dictionary naming every space."""
        return "<<" + "".join(f"/{_name(s)} {x} 0 R" for s, x in self.refs.items()) + ">>"

    def _random_paint(self, space: str) -> Paint:
        rng = self.rng
        ref = f"{self.refs[space]} 0 R" if space in self.refs else f"/{space}"
        name = _name(space) if space in self.refs else ""
        if space.startswith("Indexed"):
            return Paint(space, (float(rng.randint(0, 7)),), name, ref, 7)
        if space == "Lab":
            values: tuple[float, ...] = (
                rng.uniform(55, 90),
                rng.uniform(-80, 80),
                rng.uniform(-80, 80),
            )
            return Paint(space, values, name, ref)
        n = {"DeviceGray": 1, "ICCBased-Gray": 1, "ICCBased-RGB": 3, "Separation": 1}.get(space, 4)
        if space == "DeviceN":
            n = 2
        values = tuple(round(rng.uniform(0, 1), 3) for _ in range(n))
        if space in ("DeviceCMYK", "ICCBased-CMYK"):
            values = (*values[:3], round(rng.uniform(0, 0.15), 3))
        return Paint(space, values, name, ref)

    def paint(self, space: str, tries: int = 40) -> Paint:
        """A random paint in `space`: chromatic enough to be a highlighter colour, unless the
        space is a gray one."""
        candidates = [self._random_paint(space) for _ in range(tries)]
        if space in GRAY_SPACES:
            return candidates[0]
        scored = []
        for paint, rgb in zip(candidates, self.rendered(candidates), strict=True):
            chroma = (max(rgb) - min(rgb)) / 255
            light = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255
            if chroma >= MIN_CHROMA and light >= MIN_LUMINANCE:
                return paint
            scored.append((min(chroma / MIN_CHROMA, light / MIN_LUMINANCE), paint))
        best, paint = max(scored, key=lambda s: s[0])
        if best < 0.5:  # a space whose inks give nothing like a highlighter colour
            raise ValueError(f"no light chromatic colour found in {space}")
        return paint

    def rendered(self, paints: Sequence[Paint]) -> list[tuple[int, int, int]]:
        """The sRGB pixel MuPDF renders each paint as (an opaque swatch on a scratch page)."""
        page = self.doc.new_page(width=20, height=10 * len(paints) + 10)
        self.doc.xref_set_key(page.xref, "Resources", f"<</ColorSpace {self.resources()}>>")
        ops = [f"q {p.ops()} 0 {10 * i} 20 10 re f Q" for i, p in enumerate(paints)]
        content = self._object("<<>>", "\n".join(ops).encode())
        self.doc.xref_set_key(page.xref, "Contents", f"{content} 0 R")
        pix = page.get_pixmap(dpi=72, alpha=False)
        height = page.rect.height
        pixels = [pix.pixel(10, int(height - 10 * i - 5)) for i in range(len(paints))]
        self.doc.delete_page(page.number)
        return [(int(r), int(g), int(b)) for r, g, b in pixels]

    def rendered_hex(self, paint: Paint) -> str:
        r, g, b = self.rendered([paint])[0]
        return f"#{r:02x}{g:02x}{b:02x}"

    def image(self, paint: Paint, size: tuple[int, int], mask: bytes | None = None) -> int:
        """An image XObject of one colour in the paint's space, with a DeviceGray soft mask."""
        width, height = size
        smask = ""
        if mask is not None:
            m = self._object(
                f"<</Type/XObject/Subtype/Image/Width {width}/Height {height}"
                "/BitsPerComponent 8/ColorSpace/DeviceGray>>",
                mask,
            )
            smask = f"/SMask {m} 0 R"
        return self._object(
            f"<</Type/XObject/Subtype/Image/Width {width}/Height {height}"
            f"/BitsPerComponent 8/ColorSpace {paint.cs_ref}{smask}>>",
            paint.sample() * (width * height),
        )


def _ink(rng: random.Random, strong: int, low: int, high: int) -> tuple[int, ...]:
    """Three components: one `strong`, one `low`, one in between (shuffled)."""
    values = [strong, low, rng.randint(low, high)]
    rng.shuffle(values)
    return tuple(values)


def _name(space: str) -> str:
    return "CS" + re.sub(r"[^A-Za-z]", "", space)


_RGB_OP = re.compile(rb"(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(rg|RG)\b")


def placeholder(index: int) -> str:
    """A distinct RGB colour (#rrggbb) to draw paint `index` in before it is rewritten."""
    return f"#{0x10 + index:02x}{0x80:02x}{0xC0 - index:02x}"


def recolor(
    doc: pymupdf.Document, page: pymupdf.Page, paints: dict[str, Paint], spaces: ColorSpaces
) -> None:
    """Rewrite the page's placeholder colours (`placeholder`) into their paints, and give the
    page the colour-space resources."""
    wanted = {tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)): p for h, p in paints.items()}

    def swap(m: re.Match[bytes]) -> bytes:
        key = tuple(round(float(v) * 255) for v in m.groups()[:3])
        paint = wanted.get(key)
        if paint is None:
            return m.group(0)
        return paint.ops(stroke=m.group(4) == b"RG").encode()

    page.clean_contents()  # one content stream, so a colour operator is never split
    for xref in page.get_contents():
        doc.update_stream(xref, _RGB_OP.sub(swap, doc.xref_stream(xref)))
    kind, value = doc.xref_get_key(page.xref, "Resources")
    owner = int(value.split()[0]) if kind == "xref" else page.xref
    prefix = "" if kind == "xref" else "Resources/"
    doc.xref_set_key(owner, f"{prefix}ColorSpace", spaces.resources())

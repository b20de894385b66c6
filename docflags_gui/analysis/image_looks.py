"""What an image XObject shows, to tell highlight segments and badges painted as images
(FORMATS.md §6.1) from pictures: its most common colour and whether that colour is most of it
(`image_look`), and its soft mask's level (`mask_level`); each worked out once per document.

A §6.1 report paints each run of matched words as an image of one colour, up to 2782 x 93
pixels, with a soft mask of the same size: a few hundred of them in a 9-page report. Decoding
them whole, masks included, took 0.28-0.34 s of that report's 4.5 s of CPU, for one colour
each. Now a big image whose Flate stream is at most a hundredth of its pixels' size (nearly
all repeats) and whose first pixels are of one colour is taken to be of that colour, read from
the first bytes of its stream alone (`_flat_color`: 13 ms for the same images); and a mask is
decoded only for the images painted at 0.5 or more whose opacity is asked for (badge-sized
ones, and images over a text layer: `image_marks.painted_opacity`): the mask of an image
painted under 0.5 cannot make it a badge.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections import Counter
from dataclasses import dataclass

import pymupdf

from docflags_gui.analysis.color_spaces import srgb_pixmap
from docflags_gui.analysis.context import DocContext, per_document

log = logging.getLogger(__name__)

# An image is of one colour when that colour is at least this share of its pixels (a badge's
# white digits take up to a third of it).
UNIFORM_SHARE = 0.5
# At most this many pixels of a decoded image are looked at for its colour and mask level.
SAMPLE_PIXELS = 4096
# An image of at least this many pixels whose Flate stream is at most 1/FLAT_RATIO of its
# samples' size is read from the start (`_flat_color`): FLAT_PIXELS pixels, all of one colour,
# make it an image of that colour. A stream that small is nearly all repeats (a page image of
# text compresses 10-30 times, a photograph far less): a flat colour, at most a few. Where it is
# several (a banner of colours), the first is taken, where a decode would take the most common.
MIN_FLAT_PIXELS = 4 * SAMPLE_PIXELS
FLAT_RATIO = 100
FLAT_PIXELS = 1024
# The image dictionaries `_flat_color` reads: only names, numbers, references and booleans
# (no /Decode array, no /DecodeParms, no inline colour space), read in one call and parsed
# here (7 us, against 21 us for each key asked of MuPDF) ...
_VALUE = r"(/[^\s/<>\[\]()]+|\d+\s+\d+\s+R|-?\d+(?:\.\d+)?|true|false)"
_PAIR = re.compile(r"/([^\s/<>\[\]()]+)\s*" + _VALUE)
_SIMPLE_DICT = re.compile(r"<<(?:\s*/[^\s/<>\[\]()]+\s*" + _VALUE + r")*\s*>>")
# ... and of those, 8-bit DeviceRGB samples (sRGB as they are) in one Flate filter.
_FLAT_KEYS = {"Filter": "/FlateDecode", "ColorSpace": "/DeviceRGB", "BitsPerComponent": "8"}


@dataclass(frozen=True, slots=True)
class ImageLook:
    """What an image XObject shows: its most common colour (0..1) and whether that colour is
    most of it (a segment or a badge, not a picture)."""

    rgb: tuple[float, float, float] | None
    uniform: bool = False


@per_document
def _looks() -> dict[int, ImageLook]:
    """The looks of the document's images worked out so far, by xref."""
    return {}


@per_document
def _mask_levels() -> dict[int, float]:
    """The soft-mask levels of the document's images worked out so far, by xref."""
    return {}


def image_look(doc_ctx: DocContext, xref: int) -> ImageLook:
    """`ImageLook` of image `xref`, worked out once per document (reports reuse images)."""
    looks = _looks(doc_ctx)
    look = looks.get(xref)
    if look is None:
        look = _look(doc_ctx.doc, xref) if xref > 0 else ImageLook(None)
        looks[xref] = look
    return look


def mask_level(doc_ctx: DocContext, xref: int) -> float:
    """The median of image `xref`'s soft mask (0..1; 1.0 without one), once per document."""
    levels = _mask_levels(doc_ctx)
    level = levels.get(xref)
    if level is None:
        level = levels[xref] = _mask_level(doc_ctx.doc, xref) if xref > 0 else 1.0
    return level


def _look(doc: pymupdf.Document, xref: int) -> ImageLook:
    flat = _flat_color(doc, xref)
    if flat is not None:
        return ImageLook((flat[0] / 255, flat[1] / 255, flat[2] / 255), True)
    try:
        pix = srgb_pixmap(pymupdf.Pixmap(doc, xref))
    except Exception as exc:  # an undecodable image is not a mark we can name
        log.debug("image %s not decodable: %s", xref, exc)
        return ImageLook(None)
    channels = _sampled_channels(pix.samples_mv, pix.n, pix.width * pix.height, 3)
    sampled = len(channels[0]) if channels else 0
    counts: Counter[tuple[int, ...]]
    if sampled and all(c == c[:1] * sampled for c in channels):
        # One colour (a segment image): nothing to count.
        counts = Counter({tuple(c[0] for c in channels): sampled})
    else:
        # Pixel colours as tuples of their first three channels, counted in C (zip, Counter).
        counts = Counter(zip(*channels, strict=True))
    if not counts:
        return ImageLook(None)
    (r, g, b), count = counts.most_common(1)[0]
    return ImageLook((r / 255, g / 255, b / 255), count >= UNIFORM_SHARE * sampled)


def _flat_color(doc: pymupdf.Document, xref: int) -> bytes | None:
    """The colour (3 bytes, sRGB) of a big image of one flat colour, read from the start of its
    stream (see MIN_FLAT_PIXELS); None when the image is not one that this can tell."""
    source = doc.xref_object(xref, compressed=True)
    if not _SIMPLE_DICT.fullmatch(source):
        return None
    keys = dict(_PAIR.findall(source))
    if any(keys.get(key) != value for key, value in _FLAT_KEYS.items()) or "Decode" in keys:
        return None
    width, height = keys.get("Width", ""), keys.get("Height", "")
    if not (width.isdigit() and height.isdigit()):  # an indirect size: decoded whole
        return None
    pixels = int(width) * int(height)
    if pixels < MIN_FLAT_PIXELS:
        return None
    stream = doc.xref_stream_raw(xref)
    if not stream or len(stream) * FLAT_RATIO > 3 * pixels:  # 3 bytes a pixel
        return None
    try:
        head = zlib.decompressobj().decompress(stream, 3 * FLAT_PIXELS)
    except zlib.error:  # MuPDF may still read it: decoded whole
        return None
    if len(head) < 3 * FLAT_PIXELS or head != head[:3] * FLAT_PIXELS:
        return None
    return head[:3]


def _sampled_channels(samples: memoryview, n: int, count: int, channels: int) -> list[bytes]:
    """The first `channels` channels (bytes) of up to SAMPLE_PIXELS pixels of `samples` (n
    bytes each), evenly spread (every `count // SAMPLE_PIXELS`-th pixel from the first): one
    strided slice per channel, copied in C."""
    step = max(1, count // SAMPLE_PIXELS)
    end = count * n
    return [bytes(samples[c : end : n * step]) for c in range(min(n, channels))]


def _mask_level(doc: pymupdf.Document, xref: int) -> float:
    kind, value = doc.xref_get_key(xref, "SMask")
    if kind != "xref":
        return 1.0
    try:
        mask = pymupdf.Pixmap(doc, int(value.split()[0]))
    except Exception as exc:
        log.debug("soft mask of image %s not decodable: %s", xref, exc)
        return 1.0
    (sampled,) = _sampled_channels(mask.samples_mv, mask.n, mask.width * mask.height, 1)
    levels = sorted(sampled)
    return levels[len(levels) // 2] / 255 if levels else 1.0

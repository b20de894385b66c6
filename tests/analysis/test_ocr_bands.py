"""The ink tests of `ocr_bands.InkColumns` against their definition, pixel by pixel: a pixel is
ink when its R+G+B is below INK_LEVEL; rows are sampled every second (blank) or third (share)
column, and nothing outside the image counts."""

from __future__ import annotations

import random

import pymupdf
import pytest

from docflags_gui.analysis.ocr_bands import INK_LEVEL, InkColumns


def _pixmap(
    rng: random.Random, width: int, height: int, alpha: bool, gray: bool = False
) -> pymupdf.Pixmap:
    # Mostly light paper and tints, some dark glyph pixels, some pixels with one dark channel
    # (a saturated badge colour), and sums right at the ink level. Gray: a scan's grays, its
    # values right at the ink level too.
    pixels = bytearray()
    for _ in range(width * height):
        kind = rng.random()
        if gray:
            value = rng.choice(
                (rng.randint(171, 255), rng.randint(0, 120), rng.randint(168, 171), 255)
            )
            rgb = [value] * 3
        elif kind < 0.6:
            rgb = [rng.randint(171, 255) for _ in range(3)]
        elif kind < 0.75:
            rgb = [rng.randint(0, 120) for _ in range(3)]
        elif kind < 0.9:
            rgb = [254, rng.randint(30, 90), rng.randint(30, 90)]
        else:
            first = rng.randint(0, 255)
            second = rng.randint(max(0, INK_LEVEL - 1 - first - 255), min(255, INK_LEVEL - first))
            rgb = [first, second, INK_LEVEL - rng.choice((0, 1)) - first - second]
            rgb[2] = max(0, min(255, rgb[2]))
        pixels += bytes(rgb) + (bytes([rng.randint(0, 255)]) if alpha else b"")
    return pymupdf.Pixmap(pymupdf.csRGB, width, height, bytes(pixels), alpha)


def _dark(pix: pymupdf.Pixmap, x: int, y: int) -> bool:
    i: int = y * pix.stride + x * pix.n
    s: bytes = pix.samples
    return s[i] + s[i + 1] + s[i + 2] < INK_LEVEL


@pytest.mark.parametrize(("alpha", "gray"), [(False, False), (True, False), (False, True)])
def test_blank_rows_and_ink_shares_follow_the_pixel_rule(alpha: bool, gray: bool) -> None:
    rng = random.Random(16 + alpha + 2 * gray)
    checked_blank = checked_inked = 0
    for _ in range(6):
        width, height = rng.randint(1, 40), rng.randint(1, 12)
        pix = _pixmap(rng, width, height, alpha, gray)
        ink = InkColumns(pix)
        for _ in range(300):
            y = rng.randint(-2, height + 1)
            x0 = rng.randint(-3, width + 2)
            x1 = rng.randint(x0, width + 4)
            columns2 = [x for x in range(max(0, x0), min(width, x1), 2)] if 0 <= y < height else []
            columns3 = [x for x in range(max(0, x0), min(width, x1), 3)] if 0 <= y < height else []
            expect_blank = not any(_dark(pix, x, y) for x in columns2)
            dark3 = [_dark(pix, x, y) for x in columns3]
            expect_share = sum(dark3) / len(dark3) if dark3 else 0.0
            assert ink.blank_row(y, x0, x1) == expect_blank, (y, x0, x1)
            assert ink.ink_share(y, x0, x1) == expect_share, (y, x0, x1)
            checked_blank += expect_blank
            checked_inked += not expect_blank
    # Both answers were exercised: light rows (found without looking at pixels one by one)
    # and rows with ink (counted pixel by pixel, or by one value a pixel where gray).
    assert checked_blank > 100 and checked_inked > 100


def test_a_row_of_light_tints_is_blank_and_one_dark_pixel_is_not() -> None:
    light = bytes([252, 203, 201] * 10)
    pix = pymupdf.Pixmap(pymupdf.csRGB, 10, 1, light, False)
    assert InkColumns(pix).blank_row(0, 0, 10)
    assert InkColumns(pix).ink_share(0, 0, 10) == 0.0
    dark = bytearray(light)
    dark[4 * 3 : 5 * 3] = bytes([254, 51, 52])  # a badge pixel: one channel light, sum dark
    pix = pymupdf.Pixmap(pymupdf.csRGB, 10, 1, bytes(dark), False)
    assert not InkColumns(pix).blank_row(0, 0, 10)  # column 4 is sampled (every second)
    assert InkColumns(pix).ink_share(0, 0, 10) == 0.0  # columns 0, 3, 6, 9 only
    assert InkColumns(pix).ink_share(0, 1, 10) == 1 / 3  # columns 1, 4, 7

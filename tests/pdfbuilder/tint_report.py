"""Reports whose highlights are baked into the page pixels (FORMATS.md §6.3: a classic report
after `ocrmypdf`, a scanned highlighted printout), with or without an invisible text layer.

Recipe: a raster report (`raster.py`: page image, tags and 20%-opacity boxes over it) is
rendered at 400 dpi, stored as a JPEG (quality 75) as the only content of a new page, and, for
the text-layer variant, each manuscript word is written over it invisibly (`render_mode=3`) at
its place, as an OCR layer does. Tints, tags and text are now pixels; the expected flags are
the raster report's (text from the text layer, or by OCR without one).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from tests.pdfbuilder.core import new_document, save_pdf
from tests.pdfbuilder.raster import (
    RasterReport,
    build_raster_report,
    manuscript_text,
    spaced_matches,
)


@dataclass
class TintReport:
    path: Path
    source: RasterReport
    text_layer: bool

    def expected_rows(self) -> list[tuple[object, ...]]:
        ocr = not self.text_layer
        return [(e.page, e.kind, e.text, e.color, e.source, ocr) for e in self.source.expected]


def build_tint_report(
    path: Path, seed: int = 1, *, text_layer: bool = True, paragraphs: int = 3
) -> TintReport:
    """Bake a seeded raster report into 400-dpi JPEG pages (varied font, size, matches)."""
    rng = random.Random(seed)
    vector = path.with_suffix(".vector.pdf")
    every = rng.randint(30, 50)
    source = build_raster_report(
        vector,
        manuscript_text(paragraphs, seed=seed),
        lambda flow: spaced_matches(flow, every=every, seed=seed),
        cover=False,
        fontname=rng.choice(["helv", "tiro"]),
        fontsize=rng.uniform(10.5, 12),
    )
    original = pymupdf.open(vector)
    out = new_document()
    for page in original.pages():
        baked = page.get_pixmap(dpi=400).tobytes("jpeg", jpg_quality=75)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=baked)
    if text_layer:
        for number, word, rect, size in source.words:
            page = out[number - 1]
            baseline = rect[3] + pymupdf.Font("helv").descender * size
            page.insert_text((rect[0], baseline), word, fontsize=size, render_mode=3)
    save_pdf(out, path)
    original.close()
    vector.unlink()
    return TintReport(path, source, text_layer)

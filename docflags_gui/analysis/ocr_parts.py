"""A canvas of bands cut into parts at the white between its strips, so that several OCR threads
read one page side by side, and the parts' words put back together as one reading of the whole
canvas.

Why: a page is one Tesseract call, and a call runs on one thread. A document's first page was
read by one thread while the other waited for the next page's canvas, its last page by one
thread while the other had nothing left, and a document with one page to read on one core.
Tesseract reads each line on its own (the LSTM recogniser sees one line at a time), so the parts
give the same words: measured on the 18 canvases of two benchmark reports (tests/bench_ocr.py,
classic and image style; 2,240 words) cut in halves, the same text on every line, a few lines
(on 5 canvases) a pixel taller or shorter, and Tesseract's CPU within 2 % of the whole
canvases'. A one-page image-segment report was then analysed in 0.72-0.86x the time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from docflags_gui.analysis.ocr import BandReading, Canvas
from docflags_gui.analysis.ocr_recognised import Recognised, RecognisedWord

# A part holds at least this many strips (lines): a Tesseract call has a cost of its own
# (thresholding and laying out its canvas), which a line or two of text would not pay for.
MIN_PART_STRIPS = 3


def cut_canvas(reading: BandReading, parts: int) -> list[tuple[int, Canvas]]:
    """`reading`'s canvas in up to `parts` parts of about as much text each (band widths: a
    line's text is about as long as its band), cut at the middle of the white above a strip:
    (top row on the whole canvas, the part). One part, the canvas itself, when it has too few
    strips to cut."""
    canvas = reading.canvas
    tops = [min(canvas.height, max(0, round(strip[0]))) for strip in reading.strips]
    widths = list(reading.strip_widths) or [1] * len(tops)
    parts = min(parts, len(tops) // MIN_PART_STRIPS)
    if parts < 2 or len(widths) != len(tops):
        return [(0, canvas)]
    total = sum(widths)
    cuts = [0]
    part_begins = 0  # the index of the first strip of the part being filled
    done = 0
    for index, width in enumerate(widths):
        # Cut above strip `index` once the strips above it hold their share of the text, and
        # each part keeps its MIN_PART_STRIPS.
        share = total * len(cuts) / parts
        if (
            len(cuts) < parts
            and done >= share - width / 2
            and index - part_begins >= MIN_PART_STRIPS
            and len(tops) - index >= MIN_PART_STRIPS
            and tops[index] > cuts[-1]
        ):
            cuts.append(tops[index])
            part_begins = index
        done += width
    cuts.append(canvas.height)
    row = canvas.width * canvas.components
    return [
        (y0, replace(canvas, samples=canvas.samples[y0 * row : y1 * row], height=y1 - y0))
        for y0, y1 in pairwise(cuts)
    ]


def join_parts(readings: Sequence[tuple[int, Recognised]]) -> Recognised:
    """The parts' readings (top row of the part, what was read there), top down, as one
    reading of the whole canvas."""
    lines = []
    for top, recognised in readings:
        for line in recognised:
            lines.append(
                tuple(RecognisedWord(w.text, w.x0, w.y0 + top, w.x1, w.y1 + top) for w in line)
                if top
                else line
            )
    return tuple(lines)

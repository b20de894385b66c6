"""A page's OCR canvas cut into parts for threads side by side: cut in the white between strips
into parts of about as much text, the parts' words put back where the whole canvas has them,
and read in parts the same words as read whole."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from docflags_gui.analysis import AnalysisOptions, analyze_pdf, ocr
from docflags_gui.analysis.ocr_backend import load_backend
from docflags_gui.analysis.ocr_parts import MIN_PART_STRIPS, cut_canvas, join_parts
from docflags_gui.analysis.ocr_recognised import RecognisedWord
from tests.analysis.ocr_readings import analyse_keeping_readings
from tests.pdfbuilder.raster import (
    build_raster_report,
    manuscript_text,
    require_ocr,
    spaced_matches,
)


@pytest.fixture(scope="module")
def readings(tmp_path_factory: pytest.TempPathFactory) -> list[ocr.BandReading]:
    """The canvases a four-page raster report is read from, as the engine prepares them."""
    require_ocr()
    path = tmp_path_factory.mktemp("parts") / "report.pdf"
    build_raster_report(
        path, manuscript_text(14, seed=29), lambda flow: spaced_matches(flow, every=30)
    )
    _, prepared = analyse_keeping_readings(path)
    assert len(prepared) >= 4
    assert all(len(r.strip_widths) == len(r.strips) for r in prepared)
    return prepared


def rows(canvas: ocr.Canvas, first: int, last: int) -> bytes:
    size = canvas.width * canvas.components
    return canvas.samples[first * size : last * size]


def test_a_canvas_is_cut_in_the_white_between_strips_into_parts_of_about_as_much_text(
    readings: list[ocr.BandReading],
) -> None:
    cut_any = False
    for reading in readings:
        canvas = reading.canvas
        parts = cut_canvas(reading, 2)
        if len(reading.strips) < 2 * MIN_PART_STRIPS:
            assert parts == [(0, canvas)]
            continue
        cut_any = True
        assert len(parts) == 2
        (top_a, a), (top_b, b) = parts
        # The parts are the canvas's rows, in order, none lost or repeated.
        assert top_a == 0 and top_b == a.height and a.height + b.height == canvas.height
        assert a.samples + b.samples == canvas.samples
        assert (a.width, a.dpi, a.language) == (canvas.width, canvas.dpi, canvas.language)
        # The cut lies in white: no ink in the row it is made at.
        assert set(rows(canvas, top_b, top_b + 1)) == {255}
        # Each part holds whole strips, at least MIN_PART_STRIPS, and about half the text.
        above = [i for i, strip in enumerate(reading.strips) if strip[0] < top_b]
        assert MIN_PART_STRIPS <= len(above) <= len(reading.strips) - MIN_PART_STRIPS
        share = sum(reading.strip_widths[i] for i in above) / sum(reading.strip_widths)
        assert 0.25 <= share <= 0.75
    assert cut_any


def test_a_canvas_of_few_strips_is_not_cut(readings: list[ocr.BandReading]) -> None:
    reading = max(readings, key=lambda r: len(r.strips))
    few = 2 * MIN_PART_STRIPS - 1
    short = dataclasses.replace(
        reading, strips=reading.strips[:few], strip_widths=reading.strip_widths[:few]
    )
    assert cut_canvas(short, 4) == [(0, short.canvas)]
    assert cut_canvas(reading, 1) == [(0, reading.canvas)]


def test_parts_read_give_the_words_of_the_whole_canvas(readings: list[ocr.BandReading]) -> None:
    backend = load_backend()
    compared = 0
    for reading in readings:
        parts = cut_canvas(reading, 3)
        if len(parts) < 2:
            continue
        whole = backend.recognise(reading.canvas)
        joined = join_parts([(top, backend.recognise(part)) for top, part in parts])
        assert [[w.text for w in line] for line in joined] == [
            [w.text for w in line] for line in whole
        ]
        for line_a, line_b in zip(whole, joined, strict=True):
            for a, b in zip(line_a, line_b, strict=True):
                assert max(abs(a.x0 - b.x0), abs(a.y0 - b.y0), abs(a.x1 - b.x1)) <= 2
                assert abs(a.y1 - b.y1) <= 2
        compared += 1
    assert compared >= 2


def test_joined_parts_have_their_words_moved_down_by_the_parts_top() -> None:
    first = ((RecognisedWord("one", 1, 2, 3, 4),),)
    second = (
        (RecognisedWord("two", 5, 6, 7, 8), RecognisedWord("three", 9, 6, 12, 8)),
        (RecognisedWord("four", 1, 20, 4, 30),),
    )
    assert join_parts([(0, first), (100, second), (250, ())]) == (
        (RecognisedWord("one", 1, 2, 3, 4),),
        (RecognisedWord("two", 5, 106, 7, 108), RecognisedWord("three", 9, 106, 12, 108)),
        (RecognisedWord("four", 1, 120, 4, 130),),
    )


def test_a_report_read_in_parts_by_threads_has_the_flags_read_whole(tmp_path: Path) -> None:
    # The end-to-end check is in test_ocr_ahead.py; this one only pins that the cut moves
    # nothing the flags are made of on a one-column report of dense marks.
    require_ocr()
    path = tmp_path / "dense.pdf"
    report = build_raster_report(
        path, manuscript_text(6, seed=31), lambda flow: spaced_matches(flow, every=20)
    )
    alone = analyze_pdf(path).to_dict()
    shared = analyze_pdf(path, AnalysisOptions(ocr_processes=2)).to_dict()
    assert shared["flags"] == alone["flags"]
    assert len(alone["flags"]) == len(report.expected)

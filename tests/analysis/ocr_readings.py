"""The OCR canvases the engine prepares while it analyses a PDF: what the OCR tests look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docflags_gui.analysis import analyze_pdf, ocr, ocr_ahead
from docflags_gui.result import ResultDocument


def analyse_keeping_readings(path: Path) -> tuple[ResultDocument, list[ocr.BandReading]]:
    """The result of analysing `path`, and every canvas of bands (`ocr.prepare_reading`) the
    engine read on the way, in the order it prepared them."""
    prepared: list[ocr.BandReading] = []
    real = ocr.prepare_reading

    def keeping(*args: Any) -> ocr.BandReading | None:
        reading = real(*args)
        if reading is not None:
            prepared.append(reading)
        return reading

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ocr_ahead, "prepare_reading", keeping)
        result = analyze_pdf(path).to_dict()
    return result, prepared

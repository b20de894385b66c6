"""Argument types of the CLI's options: sizes, counts, time limits, OCR languages, each with
a message for the user when a value is wrong."""

from __future__ import annotations

import argparse
import math

from docflags_gui.worker.option_values import OCR_LANGUAGES_PATTERN, parse_memory_size


def memory_size(value: str) -> int:
    try:
        return parse_memory_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive_int(value: str) -> int:
    """A whole number of at least 1, for counts like --jobs and --concurrency."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def time_limit(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {value!r}") from None
    if math.isnan(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {value!r}")
    return seconds


def ocr_languages(value: str) -> str:
    if not OCR_LANGUAGES_PATTERN.match(value):
        raise argparse.ArgumentTypeError(f"expected languages like eng+ind, got {value!r}")
    return value

"""Argument types shared by the subcommands' parsers."""

from __future__ import annotations

import argparse


def positive_int(value: str) -> int:
    """A whole number of at least 1, for counts like --jobs and --concurrency."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number

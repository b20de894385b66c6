"""Values of the worker's options as people write them: memory sizes ("2G") and OCR language
lists ("eng+ind"). Checked the same way by the worker and by the commands that start it; light
to import (no ctypes, no engine), as the command line checks them before its worker starts."""

from __future__ import annotations

import re

MIB = 1024 * 1024
GIB = 1024 * MIB
DEFAULT_MAX_MEMORY = 2 * GIB
# Below this the worker cannot even load PyMuPDF and Tesseract's models.
MIN_MAX_MEMORY = 256 * MIB

OCR_LANGUAGES_PATTERN = re.compile(r"^[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*$")

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
_UNITS = {"": MIB, "k": 1024, "m": MIB, "g": GIB, "t": 1024 * GIB}


def parse_memory_size(text: str) -> int:
    """Bytes from "2G", "1536M", "2GiB", "700MB" or a plain number of MiB ("2048").

    Raises ValueError with a message for the user when the text is not a size or is below
    MIN_MAX_MEMORY.
    """
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"expected a size like 2G or 1536M, got {text!r}")
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size < MIN_MAX_MEMORY:
        raise ValueError(f"at least {format_size(MIN_MAX_MEMORY)} (got {text!r})")
    return size


def format_size(size: int) -> str:
    """1610612736 -> "1.5 GB" (powers of 1024, as the option reads them)."""
    if size >= GIB:
        return f"{size / GIB:.1f}".removesuffix(".0") + " GB"
    return f"{size / MIB:.0f} MB"

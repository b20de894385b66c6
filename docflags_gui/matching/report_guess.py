"""Which of two dropped PDFs is the report and which the manuscript, from a quick look.

A report carries its flags: markup annotations, coloured fills or coloured text, or a similarity
report's own words ("similarity index", "primary sources") on its summary pages. A manuscript
usually has none of them; when both files (or neither) look like reports, the window asks.
Only a few pages of each file are read, so the guess costs milliseconds, not an analysis.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_REPORT_WORDS = re.compile(
    r"similarity\s+(index|report)|primary\s+sources|match\s+overview|originality\s+report"
    r"|overall\s+similarity|integrity\s+overview|match\s+groups"
    r"|turnitin|ithenticate|indeks\s+kesamaan|sumber\s+utama",
    re.IGNORECASE,
)
_MARKUP = {"Highlight", "Underline", "StrikeOut", "Squiggly", "Text", "FreeText"}
PAGES_LOOKED_AT = 4  # the first and last few: summary pages sit at either end
# Reports that colour the flagged text colour much of it; a manuscript's links and headings less.
COLOURED_SHARE = 0.05


def looks_like_report(path: Path) -> bool | None:
    """True for a report, False for a plain document, None when the file cannot be read."""
    import pymupdf

    try:
        with pymupdf.open(path) as document:
            if document.needs_pass:
                return None
            count = document.page_count
            numbers = sorted(
                {
                    *range(min(count, PAGES_LOOKED_AT)),
                    *range(max(0, count - PAGES_LOOKED_AT), count),
                }
            )
            for number in numbers:
                page = document[number]
                if any(annot.type[1] in _MARKUP for annot in page.annots() or []):
                    return True
                if _REPORT_WORDS.search(page.get_text()) or _coloured_share(page) > COLOURED_SHARE:
                    return True
                if any(_chromatic(drawing.get("fill")) for drawing in page.get_drawings()):
                    return True  # highlights painted as fills (or a chart: then ask)
            return False
    except (RuntimeError, ValueError, OSError) as exc:
        log.info("cannot look into %s: %s", path, exc)
        return None


def pick_report(first: Path, second: Path) -> tuple[Path, Path] | None:
    """(report, manuscript) when exactly one of the two looks like a report, else None."""
    a, b = looks_like_report(first), looks_like_report(second)
    if a is True and b is False:
        return first, second
    if b is True and a is False:
        return second, first
    return None


def _coloured_share(page: Any) -> float:
    """The share of a page's characters drawn in a clearly chromatic colour."""
    coloured = total = 0
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                n = len(span["text"].strip())
                total += n
                red, green, blue = (
                    (span["color"] >> 16) & 255,
                    (span["color"] >> 8) & 255,
                    span["color"] & 255,
                )
                if _chromatic((red / 255, green / 255, blue / 255)):
                    coloured += n
    return coloured / total if total else 0.0


def _chromatic(color: Any) -> bool:
    """An RGB colour (0-1 floats) that is clearly not white, grey or black."""
    if not isinstance(color, tuple | list) or len(color) != 3:
        return False
    return bool(max(color) - min(color) > 0.25)

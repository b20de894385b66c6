"""The worker's own words (progress, errors, result warnings) in the window's language.

The engine stays Qt-free and writes English; its messages follow a small set of patterns (the
worker protocol's codes with arguments), each listed here once with its translatable template.
A message that matches none is shown as the worker wrote it.
"""

from __future__ import annotations

import re

from docflags_gui.ui.cluster_words import CLUSTER_PATTERNS
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP, translate
from docflags_gui.ui.review_words import REVIEW_PATTERNS

# (pattern the engine's English matches, template with the pattern's named groups). Order
# matters: the first match wins, and "page N: ..." prefixes are taken off before the rest.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE | re.DOTALL), template)
    for pattern, template in (
        (
            r"^Page (?P<page>\d+)/(?P<total>\d+): reading$",
            QT_TRANSLATE_NOOP("EngineWords", "Page {page}/{total}: reading"),
        ),
        (
            r"^Page (?P<page>\d+)/(?P<total>\d+): OCR$",
            QT_TRANSLATE_NOOP("EngineWords", "Page {page}/{total}: OCR"),
        ),
        (r"^Opening (?P<name>.+)$", QT_TRANSLATE_NOOP("EngineWords", "Opening {name}")),
        (r"^Done$", QT_TRANSLATE_NOOP("EngineWords", "Done")),
        (r"^Working$", QT_TRANSLATE_NOOP("EngineWords", "Working")),
        (
            r"^file not found \(moved or deleted\?\)$",
            QT_TRANSLATE_NOOP("EngineWords", "file not found (moved or deleted?)"),
        ),
        (
            r"^is a folder, not a PDF file$",
            QT_TRANSLATE_NOOP("EngineWords", "is a folder, not a PDF file"),
        ),
        (
            r"^no permission to read the file$",
            QT_TRANSLATE_NOOP("EngineWords", "no permission to read the file"),
        ),
        (r"^not a PDF file$", QT_TRANSLATE_NOOP("EngineWords", "not a PDF file")),
        (
            r"^the PDF is damaged beyond repair \((?P<detail>.*)\)$",
            QT_TRANSLATE_NOOP("EngineWords", "the PDF is damaged beyond repair ({detail})"),
        ),
        (
            r"^the PDF is password-protected \(encrypted\); open it and save a copy$",
            QT_TRANSLATE_NOOP(
                "EngineWords",
                "the PDF is password-protected (encrypted); open it and save a copy",
            ),
        ),
        (
            r"^the PDF has no pages \(damaged or empty\)$",
            QT_TRANSLATE_NOOP("EngineWords", "the PDF has no pages (damaged or empty)"),
        ),
        (r"^stopped on request$", QT_TRANSLATE_NOOP("EngineWords", "stopped on request")),
        (
            r"^could not be read \((?P<detail>.*)\)$",
            QT_TRANSLATE_NOOP("EngineWords", "could not be read ({detail})"),
        ),
        (
            r"^the file is damaged \(truncated or altered\) and was repaired to be read: "
            r"some pages or passages may be missing$",
            QT_TRANSLATE_NOOP(
                "EngineWords",
                "the file is damaged (truncated or altered) and was repaired to be read: "
                "some pages or passages may be missing",
            ),
        ),
        (
            r"^empty, its content was lost where the file is damaged$",
            QT_TRANSLATE_NOOP(
                "EngineWords", "empty, its content was lost where the file is damaged"
            ),
        ),
        (
            r"^skipped, too complex to analyse: (?P<detail>.*)$",
            QT_TRANSLATE_NOOP("EngineWords", "skipped, too complex to analyse: {detail}"),
        ),
        (
            r"^skipped, it needs more memory than the analysis may use$",
            QT_TRANSLATE_NOOP(
                "EngineWords", "skipped, it needs more memory than the analysis may use"
            ),
        ),
        (
            r"^could not be read, the file is damaged here \((?P<detail>.*)\)$",
            QT_TRANSLATE_NOOP(
                "EngineWords", "could not be read, the file is damaged here ({detail})"
            ),
        ),
        (
            r"^OCR data for (?P<names>.+) not installed; text taken from '(?P<used>.+)'$",
            QT_TRANSLATE_NOOP(
                "EngineWords", "OCR data for {names} not installed; text taken from '{used}'"
            ),
        ),
        (
            r"^OCR failed \((?P<detail>.*)\); passages listed without text$",
            QT_TRANSLATE_NOOP("EngineWords", "OCR failed ({detail}); passages listed without text"),
        ),
        (
            r"^OCR failed \((?P<detail>.*)\); annotations listed without text$",
            QT_TRANSLATE_NOOP(
                "EngineWords", "OCR failed ({detail}); annotations listed without text"
            ),
        ),
        (
            r"^Stopped: the analysis ran past the time limit of (?P<seconds>[\d.]+) s\.$",
            QT_TRANSLATE_NOOP(
                "EngineWords", "Stopped: the analysis ran past the time limit of {seconds} s."
            ),
        ),
        (
            r"^The analysis could not start: (?P<detail>.*)$",
            QT_TRANSLATE_NOOP("EngineWords", "The analysis could not start: {detail}"),
        ),
        (
            r"^The analysis stopped without a result: it exited with code (?P<code>-?\d+)\.$",
            QT_TRANSLATE_NOOP(
                "EngineWords", "The analysis stopped without a result: it exited with code {code}."
            ),
        ),
        (
            r"^The analysis stopped without a result: it was killed by (?P<signal>\w+)\.$",
            QT_TRANSLATE_NOOP(
                "EngineWords", "The analysis stopped without a result: it was killed by {signal}."
            ),
        ),
        (
            r"^The worker sent a result but then failed \((?P<how>.*)\)\.$",
            QT_TRANSLATE_NOOP("EngineWords", "The worker sent a result but then failed ({how})."),
        ),
        (
            r"^The app was closed while this job was running\.$",
            QT_TRANSLATE_NOOP(
                "EngineWords", "docflags was closed while this job ran. Retry to run it again."
            ),
        ),
        (r"^docflags was closed$", QT_TRANSLATE_NOOP("EngineWords", "docflags was closed")),
        (r"^The analysis failed\.$", QT_TRANSLATE_NOOP("EngineWords", "The analysis failed.")),
        (
            r"^an annotation could not be read \((?P<detail>.*)\)$",
            QT_TRANSLATE_NOOP("EngineWords", "an annotation could not be read ({detail})"),
        ),
        (
            r"^annotations not read as flags: (?P<listed>.+)$",
            QT_TRANSLATE_NOOP("EngineWords", "annotations not read as flags: {listed}"),
        ),
        *CLUSTER_PATTERNS,
        *REVIEW_PATTERNS,
    )
)
_PAGE_PREFIX = re.compile(
    r"^pages? (?P<pages>[\d, \u2013-]+): (?P<rest>.+)$", re.IGNORECASE | re.DOTALL
)


_LOG_TAIL = "\n\nLast lines of the worker log:\n"


def engine_words(message: str) -> str:
    """`message` (progress, error or warning from the worker) in the window's language."""
    if _LOG_TAIL in message:  # the words first, then the log's own lines as they are
        words, tail = message.split(_LOG_TAIL, 1)
        heading = translate("EngineWords", "Last lines of the worker log:")
        return f"{engine_words(words)}\n\n{heading}\n{tail}"
    prefixed = _PAGE_PREFIX.match(message)
    if prefixed:
        rest = engine_words(prefixed["rest"])
        if (
            rest == prefixed["rest"]
            and translate("EngineWords", "page {pages}: {rest}") == "page {pages}: {rest}"
        ):
            return message
        return translate("EngineWords", "page {pages}: {rest}").format(
            pages=prefixed["pages"], rest=rest
        )
    for pattern, template in _PATTERNS:
        found = pattern.match(message)
        if found:
            translated = translate("EngineWords", template)
            if translated == template:  # no catalogue (English): the engine's own words
                return message
            return translated.format(**found.groupdict())
    return message

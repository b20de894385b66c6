"""Where Tesseract's language data is and which OCR languages a document is read with.

Data: TESSDATA_PREFIX when set, else the system folders (Debian/Ubuntu), else what PyMuPDF
finds. Languages: the user's choice ("eng+ind"), by default English + Indonesian; those not
installed are left out with a notice for the result's warnings.
"""

from __future__ import annotations

import glob
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf

log = logging.getLogger(__name__)

# English + Indonesian: the languages of the reports docflags was made for.
DEFAULT_LANGUAGES = ("eng", "ind")
# Debian and Ubuntu put the language data here (the number is Tesseract's major version).
SYSTEM_TESSDATA_GLOB = "/usr/share/tesseract-ocr/*/tessdata"
_LANGUAGE_NAME = re.compile(r"^[A-Za-z0-9_]+$")


def _has_models(folder: Path) -> bool:
    try:
        return any(folder.glob("*.traineddata"))
    except OSError:
        return False


def find_tessdata() -> Path | None:
    """The Tesseract language-data folder, or None when there is none.

    TESSDATA_PREFIX wins when it is set (a folder of models, or its parent, as Tesseract 3 had
    it), even when it holds nothing: a user who sets it means it. Then the system folders, then
    whatever PyMuPDF can find (it asks the `tesseract` program).
    """
    env = os.environ.get("TESSDATA_PREFIX")
    if env:
        for folder in (Path(env), Path(env) / "tessdata"):
            if _has_models(folder):
                return folder
        return None

    def version(path: str) -> tuple[int, ...]:
        digits = re.findall(r"\d+", Path(path).parent.name)
        return tuple(int(d) for d in digits)

    for candidate in sorted(glob.glob(SYSTEM_TESSDATA_GLOB), key=version, reverse=True):
        if _has_models(Path(candidate)):
            return Path(candidate)
    try:
        found = pymupdf.get_tessdata()
    except Exception as exc:  # PyMuPDF raises RuntimeError when no Tesseract is installed
        log.debug("no tessdata from PyMuPDF: %s", exc)
        return None
    if found and _has_models(Path(found)):
        return Path(found)
    return None


def installed_languages(tessdata: Path) -> set[str]:
    return {p.stem for p in tessdata.glob("*.traineddata")} - {"osd", "equ"}


@dataclass(frozen=True)
class OcrSetup:
    """How OCR runs for one document: data folder and language string, or why it cannot run."""

    tessdata: Path | None
    language: str  # Tesseract's form, "eng+ind"; empty when OCR cannot run
    problem: str | None = None  # why OCR cannot run, in words for the user
    notice: str | None = None  # a language asked for is missing; OCR runs with the rest

    @property
    def available(self) -> bool:
        return self.problem is None


def ocr_setup(enabled: bool, languages: str | None) -> OcrSetup:
    """Decide data folder and languages. `languages` None means English + Indonesian where
    installed; asked-for languages that are not installed are left out, with a notice."""
    if not enabled:
        return OcrSetup(
            None, "", "OCR is turned off: passages on scanned (image) pages are listed without text"
        )
    tessdata = find_tessdata()
    if tessdata is None:
        return OcrSetup(
            None,
            "",
            "OCR language data (tessdata) not found: passages on scanned (image) pages are "
            "listed without text; install tesseract-ocr-eng and tesseract-ocr-ind or set "
            "TESSDATA_PREFIX",
        )
    installed = installed_languages(tessdata)
    wanted = (
        [part.strip() for part in languages.split("+") if part.strip()]
        if languages
        else list(DEFAULT_LANGUAGES)
    )
    usable = [lang for lang in wanted if _LANGUAGE_NAME.match(lang) and lang in installed]
    missing = [lang for lang in wanted if lang not in usable]
    if not usable:
        fallback = "eng" if "eng" in installed else min(installed, default="")
        if not fallback:
            return OcrSetup(tessdata, "", f"no OCR languages installed in {tessdata}")
        usable = [fallback]
    notice = None
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        notice = f"OCR data for {names} not installed; text taken from '{'+'.join(usable)}'"
    return OcrSetup(tessdata, "+".join(usable), None, notice)

"""What every OCR backend reads and hands back (`ocr_backend` chooses the backend): the canvas
it reads, the words it recognised with their boxes, and the backend interface itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

TESSEROCR = "tesserocr"
MUPDF = "mupdf"


class CanvasPixels(Protocol):
    """What a backend reads (`ocr.Canvas`): packed rows of `components` bytes a pixel (3: RGB,
    1: gray), no alpha."""

    @property
    def samples(self) -> bytes: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def dpi(self) -> int: ...
    @property
    def language(self) -> str: ...
    @property
    def tessdata(self) -> str: ...
    @property
    def components(self) -> int: ...


@dataclass(frozen=True, slots=True)
class RecognisedWord:
    """One word Tesseract read, with its box in canvas pixels (top and bottom: its line's)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


# A canvas's reading: its lines top down, each its words left to right. Plain values, so that
# it travels from an OCR helper process in a few kilobytes.
RecognisedLine = tuple[RecognisedWord, ...]
Recognised = tuple[RecognisedLine, ...]


class OcrBackend(Protocol):
    """Reads canvases. `recognise` raises RuntimeError when Tesseract fails."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str:
        """Which Tesseract, in words ("tesseract 5.5.4")."""
        ...

    @property
    def threads_read_in_parallel(self) -> bool:
        """True when recognising lets go of the interpreter lock (threads can share the work);
        False when only separate processes can."""
        ...

    def recognise(self, canvas: CanvasPixels) -> Recognised: ...

    def load(self, tessdata: str, language: str) -> None:
        """Be ready to read `language` on this thread: load its models now, where they stay
        loaded (a no-op where every call loads them)."""
        ...

"""The one interface every detector has: made for each document (its attributes are its state
for that document), asked which pages are slow to read, run on each page, and given all its
flags at the end to join what continues across pages."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from docflags_gui.analysis.context import DocContext, PageContext
from docflags_gui.analysis.model import Flag


class Detector(ABC):
    """One kind of flag the engine looks for on every page, in the engine's order.

    A subclass sets `stage` (the word progress shows while it runs on a slow page: "Page 3/9:
    OCR") and implements `find`; `is_slow` and `finish` have defaults that do nothing.
    """

    stage: ClassVar[str]

    def __init__(self, doc: DocContext) -> None:
        """Start on a new document: per-document state lives on the instance."""
        self.doc = doc

    def is_slow(self, page: PageContext) -> bool:
        """Whether `find` will take long on this page (OCR), so progress says so first."""
        return False

    @abstractmethod
    def find(self, page: PageContext) -> list[Flag]:
        """The flags found on `page`, in the order found."""

    def finish(self, flags: list[Flag]) -> list[Flag]:
        """All flags this detector found, in page order, once every page is done: where
        passages continued across a page break are joined."""
        return flags

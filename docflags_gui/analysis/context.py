"""What detectors see: the document-wide context and one page's lazily extracted content."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property, partial, wraps
from typing import Any, TypeVar, cast

import pymupdf

from docflags_gui.analysis.annotation_reading import Annotation, page_annotations
from docflags_gui.analysis.model import Source
from docflags_gui.analysis.ocr_service import OcrService
from docflags_gui.analysis.options import AnalysisOptions
from docflags_gui.analysis.page_guard import page_failure
from docflags_gui.analysis.page_images import PageImage, image_infos, page_images
from docflags_gui.analysis.page_reading import PageData
from docflags_gui.analysis.scan_pixels import ScanPixels
from docflags_gui.analysis.textlayer import PageText, words_of_tuples


@dataclass
class DocContext:
    """Document-wide state shared by all pages of one analysis."""

    doc: pymupdf.Document
    options: AnalysisOptions
    warnings: list[str] = field(default_factory=list)
    similarity: int | None = None
    sources: list[Source] = field(default_factory=list)
    # Values of `per_document` functions (e.g. the margin lines seen so far), keyed by function.
    memo: dict[Callable[[DocContext], Any], Any] = field(default_factory=dict)
    # What detectors start for the whole document (OCR helpers), ended when the analysis ends.
    resources: ExitStack = field(default_factory=ExitStack)
    # The document's OCR, for every detector that reads text from page images.
    ocr: OcrService = field(init=False)

    def __post_init__(self) -> None:
        self.ocr = OcrService(self.doc, self.options, self.warn, self.resources)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


# What `adopt_images` takes: cached properties that depend on the page's images alone.
_IMAGE_FACTS = ("image_list", "has_images", "image_infos", "page_images")


class PageContext:
    """One page and its content, each part extracted once, on first use; or its words, text
    colours, drawings and spans as the read-ahead helper extracted them (`read`,
    `read_ahead.py`)."""

    def __init__(
        self, doc_ctx: DocContext, page: pymupdf.Page, read: PageData | None = None
    ) -> None:
        self.doc_ctx = doc_ctx
        self.page = page
        self.number = page.number + 1 if page.number is not None else 0
        # What the read-ahead helper worked out from a scanned page's pixels (tints, badge
        # tiles), or None: the detectors work it out themselves.
        self.scan_pixels: ScanPixels | None = None
        if read is None:
            self.text = PageText(page)
        else:
            words, colors, drawings, spans, self.scan_pixels = read
            self.text = PageText(
                page, words=partial(words_of_tuples, words), colors=colors, spans=spans
            )
            self.__dict__["drawings"] = drawings  # the cached property's value
        # Set by a detector that recognises a report's summary page: no flags are taken there.
        self.is_summary = False
        # Values of `per_page` functions, keyed by function: they go when the page goes.
        self.memo: dict[Callable[[PageContext], Any], Any] = {}

    @property
    def options(self) -> AnalysisOptions:
        return self.doc_ctx.options

    @cached_property
    def drawings(self) -> list[dict[str, Any]]:
        """The page's paths as MuPDF gives them (`get_cdrawings`): rectangles and points are
        plain tuples, "re" items not normalised (`marks.item_box` reads items). PyMuPDF's
        `get_drawings` turns each into a Rect or Point object first, 8 % more per page."""
        drawings: list[dict[str, Any]] = self.page.get_cdrawings()
        return drawings

    @cached_property
    def annotations(self) -> list[Annotation]:
        """The page's annotations but links, popups and form fields, in the page's order."""
        return page_annotations(self.page)

    @cached_property
    def annotation_rects(self) -> list[pymupdf.Rect]:
        """Boxes of annotation appearances, so drawn-mark detection can skip them."""
        return [a.rect for a in self.annotations]

    @cached_property
    def unrotated_size(self) -> tuple[float, float]:
        """Width and height of the page in the space of its text and drawings (the CropBox;
        `page.rect` is the rotated, displayed page). Read once: 12 us a read."""
        box = self.page.cropbox
        return (float(box.width), float(box.height))

    @cached_property
    def rect(self) -> pymupdf.Rect:
        """The displayed page (`page.rect`, 7 us a read)."""
        rect: pymupdf.Rect = self.page.rect
        return rect

    @cached_property
    def image_infos(self) -> list[dict[str, Any]]:
        """The images painted on the page (`page_images.image_infos`); none, with a warning,
        when MuPDF cannot describe them (an image with a negative or missing width, an SMask
        that is not a stream): the page's other flags still count."""
        try:
            return image_infos(self.page, self.image_list)
        except Exception as exc:
            if page_failure(exc) is None:
                raise
            self.warn(f"its images could not be read ({exc}); passages on them are not listed")
            return []

    @cached_property
    def image_list(self) -> list[tuple[Any, ...]]:
        """The images the page's resources name (`get_images(full=True)`): read once, for
        `has_images` and `image_infos` (it reads the resources only, but costs 0.1 ms on a
        text page and 3-6 ms on a §6.1 page with hundreds of images)."""
        listed: list[tuple[Any, ...]] = self.page.get_images(full=True)
        return listed

    @cached_property
    def has_images(self) -> bool:
        """Whether the page's resources name any image: the cheap test that skips text
        pages."""
        return bool(self.image_list)

    @cached_property
    def page_images(self) -> list[PageImage]:
        """The images that show the page (a scan, a report's page picture), strips joined."""
        if not self.has_images:
            return []
        return page_images(self.page.rect, self.image_infos)

    def adopt_images(self, other: PageContext) -> None:
        """Take the page's images as `other`, a context of the same page, has listed them
        (the OCR's plan, which looks at pages ahead of the engine), where this context has
        not listed them yet: on a §6.1 page, with hundreds of images, listing and placing
        them costs 6-8 ms."""
        for name in _IMAGE_FACTS:
            if name in other.__dict__ and name not in self.__dict__:
                self.__dict__[name] = other.__dict__[name]

    @cached_property
    def rotation(self) -> int:
        return int(self.page.rotation)

    @cached_property
    def transformation_matrix(self) -> tuple[float, ...]:
        """The page's transformation matrix (PyMuPDF computes it anew on each access)."""
        return tuple(self.page.transformation_matrix)

    def warn(self, message: str) -> None:
        self.doc_ctx.warn(f"page {self.number}: {message}")


T = TypeVar("T")


def per_page(compute: Callable[[PageContext], T]) -> Callable[[PageContext], T]:
    """Compute a page-level value once and keep it on the PageContext.

    Several detectors ask for the same page facts (marks, badges, furniture); the value lives
    exactly as long as the page's context. `ctx.memo.pop(f, None)` drops it early.
    """

    @wraps(compute)
    def once(ctx: PageContext) -> T:
        memo = ctx.memo
        if once in memo:
            return cast(T, memo[once])
        value = compute(ctx)
        memo[once] = value
        return value

    return once


def per_document(make: Callable[[], T]) -> Callable[[DocContext], T]:
    """A document-wide value that helpers of several detectors share (furniture's margin lines),
    made by `make` on first use and kept on the DocContext for the rest of the analysis.
    (A detector's own state lives on the detector.)"""

    @wraps(make)
    def of(doc_ctx: DocContext) -> T:
        memo = doc_ctx.memo
        if of in memo:
            return cast(T, memo[of])
        value = make()
        memo[of] = value
        return value

    return of

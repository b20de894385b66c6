"""Small images of flagged passages cut from their PDF pages (PyMuPDF), for the HTML report."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf

from docflags_gui.hashing import file_sha256

log = logging.getLogger(__name__)

ZOOM = 2.0  # 144 dpi: crisp on high-density screens, still small
MAX_WIDTH_PX = 900
MAX_HEIGHT_PX = 480
MARGIN_PT = 6.0
MIN_CLIP_PT = (90.0, 28.0)  # a sticky-note icon or a single word still shows its surroundings
OUTLINE_GAP_PX = 2
OUTLINE_RGB = (40, 90, 200)
CSS_PX_PER_PT = 96 / 72
PNG_BUDGET_BYTES = 120_000  # above this (scanned pages), a JPEG is usually far smaller


@dataclass(frozen=True)
class PassageImage:
    """One encoded image and the size (CSS pixels) that shows it at the page's own scale."""

    mime: str
    data: bytes
    width: int
    height: int


@dataclass
class PassageImages:
    """Images for the flags of one result by flag index; `note` says why some or all are missing."""

    images: dict[int, PassageImage] = field(default_factory=dict)
    note: str | None = None


def cut_passage_images(
    result: Mapping[str, Any], pdf_path: Path | None, *, limit: int
) -> PassageImages:
    """Render each flag's rect (plus a margin) from `pdf_path`, at most `limit` images."""
    if pdf_path is None:
        return PassageImages(note="The PDF was not available, so passages are shown as text only.")
    pdf_path = Path(pdf_path)
    try:
        digest = file_sha256(pdf_path)
    except OSError as exc:
        return PassageImages(note=f"Could not read {pdf_path} ({exc.strerror or exc}); no images.")
    if result.get("sha256") and digest != result.get("sha256"):
        return PassageImages(
            note=f"{pdf_path} has changed since it was analysed; passages are shown as text only."
        )
    try:
        document = pymupdf.open(pdf_path)
    except Exception as exc:  # PyMuPDF raises its own types for damaged files
        log.warning("cannot open %s for passage images: %s", pdf_path, exc)
        return PassageImages(note=f"Could not open {pdf_path}; passages are shown as text only.")
    images = PassageImages()
    with document:
        if document.needs_pass:
            return PassageImages(note=f"{pdf_path} is password-protected; no images.")
        flags = result.get("flags") or []
        page_rotations: dict[int, int] = {}
        for index, flag in enumerate(flags):
            if len(images.images) >= limit:
                images.note = (
                    f"Images are shown for the first {limit} passages only, "
                    "to keep the report a reasonable size."
                )
                break
            try:
                image = _cut(document, flag, page_rotations)
            except Exception:  # one odd page must not cost the other images
                log.warning("no image for flag %s of %s", index + 1, pdf_path, exc_info=True)
                continue
            if image is not None:
                images.images[index] = image
    return images


def _cut(
    document: pymupdf.Document, flag: Mapping[str, Any], page_rotations: dict[int, int]
) -> PassageImage | None:
    page_number = flag.get("page")
    rect_values = flag.get("rect")
    if not isinstance(page_number, int) or not 1 <= page_number <= document.page_count:
        return None
    if not isinstance(rect_values, list | tuple) or len(rect_values) != 4:
        return None
    page = document[page_number - 1]
    # The page's own /Rotate, as a viewer shows it, read before we ever change it.
    shown = page_rotations.setdefault(page.number, page.rotation)
    mark = pymupdf.Rect(rect_values)
    # The passage's words read left to right in its image, even where the page is shown
    # sideways (a landscape /Rotate over upright content): the document is only changed in
    # memory, never saved. Without a text layer (scans), the image is as a viewer shows the page.
    reading = _reading_rotation(page, mark)
    wanted = shown if reading is None else reading
    if page.rotation != wanted:
        page.set_rotation(wanted)
    # docflags/1 rects are in unrotated page space; the rendered page is rotated.
    passage = mark * page.rotation_matrix
    passage.normalize()
    clip = _clip_around(passage, page.rect)
    if clip.is_empty:
        return None
    zoom = min(ZOOM, MAX_WIDTH_PX / clip.width, MAX_HEIGHT_PX / clip.height)
    pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip, alpha=False)
    # A clipped pixmap keeps page coordinates (times the zoom) as its own: pixmap.irect.
    _outline(pixmap, passage * pymupdf.Matrix(zoom, zoom))
    # Shown at the page's own size (1 pt = 96/72 CSS px), sharp on high-density screens.
    width = round(clip.width * CSS_PX_PER_PT)
    height = round(clip.height * CSS_PX_PER_PT)
    png = pixmap.tobytes("png")
    if len(png) > PNG_BUDGET_BYTES:
        jpeg = pixmap.tobytes("jpg", jpg_quality=80)
        if len(jpeg) < len(png):
            return PassageImage("image/jpeg", jpeg, width, height)
    return PassageImage("image/png", png, width, height)


def _reading_rotation(page: pymupdf.Page, mark: pymupdf.Rect) -> int | None:
    """The /Rotate (0, 90, 180, 270) under which most characters under `mark` read left to
    right, or None when there is no text there."""
    weights: dict[int, int] = {}
    for block in page.get_text("dict", clip=mark)["blocks"]:
        for line in block.get("lines", ()):
            cos, sin = line["dir"]
            # Text running at angle a (y down, clockwise) reads horizontally once the page is
            # turned by -a; snap to the quarter turns /Rotate allows.
            angle = round(math.degrees(math.atan2(sin, cos)) / 90) * 90
            chars = sum(len(span["text"].strip()) for span in line["spans"])
            rotation = (-angle) % 360
            weights[rotation] = weights.get(rotation, 0) + chars
    if not weights or max(weights.values()) == 0:
        return None
    return max(weights, key=lambda r: weights[r])


def _clip_around(passage: pymupdf.Rect, page_rect: pymupdf.Rect) -> pymupdf.Rect:
    m = MARGIN_PT
    clip = pymupdf.Rect(passage.x0 - m, passage.y0 - m, passage.x1 + m, passage.y1 + m)
    min_width, min_height = MIN_CLIP_PT
    if clip.width < min_width:
        grow = (min_width - clip.width) / 2
        clip.x0, clip.x1 = clip.x0 - grow, clip.x1 + grow
    if clip.height < min_height:
        grow = (min_height - clip.height) / 2
        clip.y0, clip.y1 = clip.y0 - grow, clip.y1 + grow
    visible: pymupdf.Rect = clip & page_rect
    return visible


def _outline(pixmap: pymupdf.Pixmap, passage: pymupdf.Rect) -> None:
    """A thin frame just outside the passage, so the eye finds it among its neighbours."""
    box = pymupdf.IRect(
        int(passage.x0) - OUTLINE_GAP_PX,
        int(passage.y0) - OUTLINE_GAP_PX,
        int(passage.x1 + 0.999) + OUTLINE_GAP_PX,
        int(passage.y1 + 0.999) + OUTLINE_GAP_PX,
    )
    for edge in (
        pymupdf.IRect(box.x0, box.y0, box.x1, box.y0 + 1),
        pymupdf.IRect(box.x0, box.y1 - 1, box.x1, box.y1),
        pymupdf.IRect(box.x0, box.y0, box.x0 + 1, box.y1),
        pymupdf.IRect(box.x1 - 1, box.y0, box.x1, box.y1),
    ):
        edge = edge & pixmap.irect
        if not edge.is_empty:
            pixmap.set_rect(edge, OUTLINE_RGB)

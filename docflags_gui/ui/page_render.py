"""Rendering PDF pages for the preview: the render call, its QRunnable and an LRU cache.

MuPDF holds Python's GIL while it renders, so a pool thread does not by itself keep the GUI
thread free: a 1500-pixel page of a scanned report stalls the event loop for ~100 ms. Renders are
therefore sized to what the pane shows (the whole page at the pane's size, or, zoomed in, only
the visible part of the page), which keeps each one to a few tens of milliseconds.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, Signal
from PySide6.QtGui import QImage

from docflags_gui.ui.i18n import translate

log = logging.getLogger(__name__)

# (file, mtime_ns, 1-based page): a file that changed on disk is rendered again.
PageKey = tuple[str, int, int]
Matrix6 = tuple[float, float, float, float, float, float]
RectTuple = tuple[float, float, float, float]

# Largest render, in pixels along either side: bounds the cost of one render whatever the zoom.
MAX_RENDER_SIDE_PX = 2400
CACHE_RENDERS = 32


@dataclass(frozen=True)
class RenderRequest:
    key: PageKey
    path: Path
    # Either fit the whole page into (width, height) pixels, or render `clip` (displayed-page
    # points, i.e. after /Rotate) at `scale` pixels per point.
    fit_px: tuple[int, int] | None = None
    scale: float | None = None
    clip: RectTuple | None = None


@dataclass(frozen=True)
class RenderedPage:
    """An image of (part of) a page and what it takes to place it and draw on it."""

    image: QImage
    scale: float  # image pixels per point
    clip: RectTuple  # the displayed-page area the image shows, in points
    page_size: tuple[float, float]  # the displayed page (after /Rotate), in points
    rotation: Matrix6  # unrotated page space -> displayed page space

    def to_page(self, rect: list[float] | tuple[float, ...]) -> QRectF:
        """A docflags/1 rect (unrotated page space) in displayed-page points."""
        a, b, c, d, e, f = self.rotation
        x0, y0, x1, y1 = (float(v) for v in rect[:4])
        corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
        xs = [a * x + c * y + e for x, y in corners]
        ys = [b * x + d * y + f for x, y in corners]
        return QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys)))

    def map_rect(self, rect: list[float] | tuple[float, ...]) -> QRectF:
        """A docflags/1 rect in this image's pixels."""
        on_page = self.to_page(rect)
        return QRectF(
            (on_page.x() - self.clip[0]) * self.scale,
            (on_page.y() - self.clip[1]) * self.scale,
            on_page.width() * self.scale,
            on_page.height() * self.scale,
        )

    def covers(self, area: QRectF) -> bool:
        x0, y0, x1, y1 = self.clip
        return (
            x0 <= area.left() + 0.5
            and y0 <= area.top() + 0.5
            and x1 >= area.right() - 0.5
            and y1 >= area.bottom() - 0.5
        )


def render(request: RenderRequest) -> RenderedPage:
    """Render as requested; runs on a pool thread and touches no widget."""
    with pymupdf.open(request.path) as document:
        page = document[request.key[2] - 1]
        shown = page.rect  # the page as displayed, i.e. after /Rotate
        if request.fit_px is not None:
            width, height = request.fit_px
            scale = min(width / max(shown.width, 1.0), height / max(shown.height, 1.0))
            clip = pymupdf.Rect(shown)
        else:
            scale = float(request.scale or 1.0)
            clip = pymupdf.Rect(request.clip or shown) & shown
        longest = max(clip.width, clip.height, 1.0) * scale
        if longest > MAX_RENDER_SIDE_PX:
            scale *= MAX_RENDER_SIDE_PX / longest
        pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), clip=clip, alpha=False)
        image = QImage(
            pixmap.samples, pixmap.width, pixmap.height, pixmap.stride, QImage.Format.Format_RGB888
        ).copy()  # copy: the pixmap's buffer dies with it
        m = page.rotation_matrix
        return RenderedPage(
            image,
            pixmap.width / max(clip.width, 1e-6),
            (clip.x0, clip.y0, clip.x1, clip.y1),
            (shown.width, shown.height),
            (m.a, m.b, m.c, m.d, m.e, m.f),
        )


def render_page(path: Path, page_number: int, long_side_px: int = 1500) -> RenderedPage:
    """The whole page with its long side `long_side_px` pixels (tests, exports)."""
    request = RenderRequest((str(path), 0, page_number), path, fit_px=(long_side_px,) * 2)
    return render(request)


class RenderSignals(QObject):
    done = Signal(object, object, str)  # RenderRequest, RenderedPage | None, error message


class RenderTask(QRunnable):
    def __init__(self, request: RenderRequest) -> None:
        super().__init__()
        self.request = request
        self.signals = RenderSignals()

    def run(self) -> None:
        try:
            page = render(self.request)
        except Exception as exc:  # a damaged page or a vanished file: a message, not a crash
            log.warning("preview of %s failed: %s", self.request.key, exc)
            why = translate("PagePreview", "This page could not be shown ({why}).").format(why=exc)
            self.signals.done.emit(self.request, None, why)
            return
        self.signals.done.emit(self.request, page, "")


class PageCache:
    """Recent renders, least recently used first out; several per page (fitted, zoomed)."""

    def __init__(self, capacity: int = CACHE_RENDERS) -> None:
        self._capacity = capacity
        self._renders: OrderedDict[tuple[PageKey, int], RenderedPage] = OrderedDict()
        self._serial = 0

    def put(self, key: PageKey, page: RenderedPage) -> None:
        self._serial += 1
        self._renders[(key, self._serial)] = page
        while len(self._renders) > self._capacity:
            self._renders.popitem(last=False)

    def renders_of(self, key: PageKey) -> list[RenderedPage]:
        found = [(k, page) for k, page in self._renders.items() if k[0] == key]
        for k, _page in found:
            self._renders.move_to_end(k)
        return [page for _k, page in found]

    def pages(self) -> set[PageKey]:
        return {k[0] for k in self._renders}

    def __len__(self) -> int:
        return len(self.pages())

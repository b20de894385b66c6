"""Page preview: the selected flag's page, rendered off the GUI thread, with the passage outlined.

Pages render in a one-thread QThreadPool (MuPDF is not to be used from several threads at once)
into QImages kept in a small LRU cache; the widget paints the cached image scaled to fit and maps
the flag's rect (unrotated page space) through the page's rotation matrix.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf
from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

log = logging.getLogger(__name__)

# Pages render so their long side has this many pixels: sharp when fitted into a preview pane
# on a large screen, cheap enough (~50 ms) to do on every new page.
RENDER_LONG_SIDE_PX = 1500
CACHE_PAGES = 24
# Magnifications around the passage; 1.0 fits the whole page into the pane.
ZOOM_STEPS = (1.0, 1.5, 2.0, 3.0, 4.0)

# (file, mtime_ns, 1-based page): a file that changed on disk is rendered again.
PageKey = tuple[str, int, int]
Matrix6 = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class RenderedPage:
    image: QImage
    # Unrotated page space -> image pixels: the page's rotation matrix, then the render zoom.
    rotation: Matrix6
    zoom: float

    def map_rect(self, rect: list[float] | tuple[float, ...]) -> QRectF:
        """A rect in unrotated page space (docflags/1 `rect`) as a rect in image pixels."""
        a, b, c, d, e, f = self.rotation
        x0, y0, x1, y1 = (float(v) for v in rect[:4])
        xs, ys = [], []
        for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            xs.append((a * x + c * y + e) * self.zoom)
            ys.append((b * x + d * y + f) * self.zoom)
        return QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys)))


class PageCache:
    """A least-recently-used cache of rendered pages."""

    def __init__(self, capacity: int = CACHE_PAGES) -> None:
        self._capacity = capacity
        self._pages: OrderedDict[PageKey, RenderedPage] = OrderedDict()

    def get(self, key: PageKey) -> RenderedPage | None:
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def put(self, key: PageKey, page: RenderedPage) -> None:
        self._pages[key] = page
        self._pages.move_to_end(key)
        while len(self._pages) > self._capacity:
            self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def render_page(path: Path, page_number: int) -> RenderedPage:
    """Render one page (1-based) to a QImage; runs on a pool thread, touches no widget."""
    with pymupdf.open(path) as document:
        page = document[page_number - 1]
        rotated = page.rect  # the page as displayed, i.e. after /Rotate
        zoom = RENDER_LONG_SIDE_PX / max(rotated.width, rotated.height, 1.0)
        pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        image = QImage(
            pixmap.samples, pixmap.width, pixmap.height, pixmap.stride, QImage.Format.Format_RGB888
        ).copy()  # copy: the pixmap's buffer dies with it
        m = page.rotation_matrix
        return RenderedPage(image, (m.a, m.b, m.c, m.d, m.e, m.f), zoom)


def _offset(start: float, available: float, size: float, focus: float) -> float:
    """Where an image of `size` starts so `focus` (a point in it) sits mid-pane, clamped."""
    if size <= available:
        return start + (available - size) / 2
    wanted = start + available / 2 - focus
    return min(start, max(start + available - size, wanted))


class _RenderSignals(QObject):
    done = Signal(object, object, str)  # key, RenderedPage | None, error message


class _RenderTask(QRunnable):
    def __init__(self, key: PageKey, path: Path, page_number: int) -> None:
        super().__init__()
        self.key = key
        self.path = path
        self.page_number = page_number
        self.signals = _RenderSignals()

    def run(self) -> None:
        try:
            page = render_page(self.path, self.page_number)
        except Exception as exc:  # a damaged page or a vanished file: a message, not a crash
            log.warning("preview of %s page %s failed: %s", self.path, self.page_number, exc)
            self.signals.done.emit(self.key, None, f"This page could not be shown ({exc}).")
            return
        self.signals.done.emit(self.key, page, "")


class PagePreview(QWidget):
    """Paints one page fitted to the widget with the current flag's rect outlined."""

    page_shown = Signal(object)  # PageKey, once its image is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagePreview")
        self.setAccessibleName("Page preview")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setAutoFillBackground(True)
        self.cache = PageCache()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # Strong references until each task reports: its signals object must outlive the run.
        self._tasks: dict[PageKey, _RenderTask] = {}
        self._wanted: PageKey | None = None
        self._page: RenderedPage | None = None
        self._rect: list[float] | None = None
        self._message = "Select a flagged passage to see it on its page."
        self._zoom = 1.0  # kept from flag to flag: each new passage is centred at this zoom
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("+ and - (or Ctrl+wheel) zoom around the passage, 0 fits the page")

    def sizeHint(self) -> QSize:
        return QSize(360, 480)

    # -- what to show --------------------------------------------------------------------------
    def show_flag(self, pdf_path: Path | None, flag: dict[str, Any] | None) -> None:
        if pdf_path is None or flag is None:
            self.show_message("Select a flagged passage to see it on its page.")
            return
        try:
            mtime = pdf_path.stat().st_mtime_ns
        except OSError:
            self.show_message(f"{pdf_path.name} is no longer there, so its page cannot be shown.")
            return
        page_number = int(flag.get("page") or 1)
        key: PageKey = (str(pdf_path), mtime, page_number)
        self._wanted = key
        self._rect = list(flag.get("rect") or []) or None
        cached = self.cache.get(key)
        if cached is not None:
            self._page, self._message = cached, ""
            self.update()
            self.page_shown.emit(key)
            return
        self._page = None
        self._message = f"Rendering page {page_number}…"
        self.update()
        if key not in self._tasks:
            task = _RenderTask(key, pdf_path, page_number)
            task.signals.done.connect(self._on_rendered)
            self._tasks[key] = task
            self._pool.start(task)

    def clear(self) -> None:
        self.show_message("Select a flagged passage to see it on its page.")

    def has_image(self) -> bool:
        return self._page is not None

    def message(self) -> str:
        return self._message

    def wait_for_renders(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    def show_message(self, text: str) -> None:
        self._wanted, self._page, self._rect, self._message = None, None, None, text
        self.update()

    def _on_rendered(self, key: PageKey, page: RenderedPage | None, error: str) -> None:
        self._tasks.pop(key, None)
        if page is not None:
            self.cache.put(key, page)
        if key != self._wanted:
            return  # the user moved on; the page stays cached for later
        if page is None:
            self.show_message(error)
            return
        self._page, self._message = page, ""
        self.update()
        self.page_shown.emit(key)

    # -- zoom ----------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        self._zoom = min(max(zoom, ZOOM_STEPS[0]), ZOOM_STEPS[-1])
        self.update()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom), ZOOM_STEPS[0]))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.set_zoom(1.0)
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
        else:
            super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.set_zoom(1.0 if self._zoom > 1.0 else 2.0)

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window).darker(108))
        if self._page is None:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._message,
            )
            painter.end()
            return
        image = self._page.image
        margin = 8
        available = self.rect().adjusted(margin, margin, -margin, -margin)
        fit = min(available.width() / image.width(), available.height() / image.height())
        scale = fit * self._zoom
        width, height = image.width() * scale, image.height() * scale
        mark = self._page.map_rect(self._rect) if self._rect and len(self._rect) >= 4 else None
        # Centred on the passage when magnified, without showing more than the page's edge.
        focus = mark.center() if mark is not None else QPointF(image.width(), image.height()) / 2
        x = _offset(available.x(), available.width(), width, focus.x() * scale)
        y = _offset(available.y(), available.height(), height, focus.y() * scale)
        target = QRectF(x, y, width, height)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, image)
        if self._zoom > 1.0:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.rect().adjusted(10, 0, -10, -6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                f"{self._zoom:.0%} (0 fits the page)",
            )
        if mark is not None:
            outline = QRectF(
                target.x() + mark.x() * scale,
                target.y() + mark.y() * scale,
                mark.width() * scale,
                mark.height() * scale,
            ).adjusted(-3, -3, 3, 3)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(255, 255, 255, 220), 5))
            painter.drawRoundedRect(outline, 3, 3)
            painter.setPen(QPen(QColor("#d6336c"), 2.5))
            painter.drawRoundedRect(outline, 3, 3)
        painter.end()

    def shutdown(self) -> None:
        """Let a render in flight finish so no pool thread outlives the window."""
        self._pool.clear()
        self._pool.waitForDone(5000)

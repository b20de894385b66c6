"""Page preview: the selected flag's page with the passage outlined, fitted or zoomed around it.

Pages render on a one-thread QThreadPool (MuPDF is not to be used from several threads at once)
at the size the pane shows them (see page_render.py); renders are cached, and a coarser render
of the page is shown while a sharper one is on its way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from docflags_gui.result import ResultFlag
from docflags_gui.ui.i18n import translate
from docflags_gui.ui.page_render import (
    PageCache,
    PageKey,
    RenderedPage,
    RenderRequest,
    RenderTask,
)

# Magnifications around the passage; 1.0 fits the page's width into the pane (the page then
# scrolls to keep the passage in the middle), FIT_PAGE shows the whole page.
FIT_PAGE = 0.0
ZOOM_STEPS = (FIT_PAGE, 1.0, 1.5, 2.0, 3.0, 4.0)
MARGIN = 8
# A render this much coarser than the screen needs is replaced by a sharper one.
SHARP_ENOUGH = 0.85
# Zoomed renders take this much page around the visible part, so small moves need none.
REGION_SLACK = 0.25


def no_flag_words() -> str:
    return translate("PagePreview", "Select a flagged passage to see it on its page.")


def _offset(start: float, available: float, size: float, focus: float) -> float:
    """Where content of `size` starts so `focus` (a point in it) sits mid-pane, clamped."""
    if size <= available:
        return start + (available - size) / 2
    wanted = start + available / 2 - focus
    return min(start, max(start + available - size, wanted))


class PagePreview(QWidget):
    """Paints one page with the current flag's rect outlined."""

    page_shown = Signal(object)  # PageKey, once a sharp enough image of it is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagePreview")
        self.setAccessibleName(translate("PagePreview", "Page preview"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(
            translate(
                "PagePreview",
                "+ and - (or Ctrl+wheel, or a double-click) zoom around the passage; "
                "0 fits the width, 9 the whole page",
            )
        )
        self.cache = PageCache()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # Strong references until each task reports: its signals object must outlive the run.
        self._pending: dict[RenderRequest, RenderTask] = {}
        self._key: PageKey | None = None
        self._path: Path | None = None
        self._rect: list[float] | None = None
        self._zoom = 1.0  # kept from flag to flag: each new passage is centred at this zoom
        self._message = no_flag_words()
        self._refresh = QTimer(self)  # coalesces resizes and zoom steps into one render
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self._request_render)

    def sizeHint(self) -> QSize:
        return QSize(360, 480)

    # -- what to show --------------------------------------------------------------------------
    def show_flag(self, pdf_path: Path | None, flag: ResultFlag | None) -> None:
        if pdf_path is None or flag is None:
            self.show_message(no_flag_words())
            return
        try:
            mtime = pdf_path.stat().st_mtime_ns
        except OSError:
            self.show_message(
                translate(
                    "PagePreview", "{name} is no longer there, so its page cannot be shown."
                ).format(name=pdf_path.name)
            )
            return
        page_number = int(flag.get("page") or 1)
        self._key = (str(pdf_path), mtime, page_number)
        self._path = pdf_path
        self._rect = list(flag.get("rect") or []) or None
        self._message = translate("PagePreview", "Rendering page {n}…").format(n=page_number)
        self._request_render()
        self.update()

    def show_message(self, text: str) -> None:
        self._key, self._path, self._rect, self._message = None, None, None, text
        self.update()

    def clear(self) -> None:
        self.show_message(no_flag_words())

    def has_image(self) -> bool:
        return self._key is not None and bool(self.cache.renders_of(self._key))

    def message(self) -> str:
        return "" if self.has_image() else self._message

    def wait_for_renders(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    # -- zoom ----------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        self._zoom = min(max(zoom, ZOOM_STEPS[0]), ZOOM_STEPS[-1])
        self._refresh.start()
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
        elif key == Qt.Key.Key_9:
            self.set_zoom(FIT_PAGE)
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh.start()

    # -- layout --------------------------------------------------------------------------------
    def _available(self) -> QRectF:
        return QRectF(self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN))

    def _layout(self, renders: list[RenderedPage]) -> tuple[float, QPointF, QRectF | None]:
        """(widget pixels per point, where the page's origin goes, the passage in points)."""
        reference = renders[0]
        width, height = reference.page_size
        area = self._available()
        if self._zoom == FIT_PAGE:
            scale = min(area.width() / width, area.height() / height)
        else:
            scale = area.width() / width * self._zoom
        mark = reference.to_page(self._rect) if self._rect and len(self._rect) >= 4 else None
        focus = mark.center() if mark is not None else QPointF(width / 2, height / 2)
        origin = QPointF(
            _offset(area.x(), area.width(), width * scale, focus.x() * scale),
            _offset(area.y(), area.height(), height * scale, focus.y() * scale),
        )
        return scale, origin, mark

    def _visible_part(self, renders: list[RenderedPage]) -> tuple[float, QRectF]:
        scale, origin, _mark = self._layout(renders)
        area = self._available()
        width, height = renders[0].page_size
        visible = QRectF(
            (area.left() - origin.x()) / scale,
            (area.top() - origin.y()) / scale,
            area.width() / scale,
            area.height() / scale,
        ).intersected(QRectF(0, 0, width, height))
        return scale, visible

    def _sharp(self, renders: list[RenderedPage]) -> RenderedPage | None:
        """The coarsest render that covers what is visible and is sharp enough for it."""
        scale, visible = self._visible_part(renders)
        needed = scale * self.devicePixelRatioF() * SHARP_ENOUGH
        good = [r for r in renders if r.scale >= needed and r.covers(visible)]
        return min(good, key=lambda r: r.scale) if good else None

    def _request_render(self) -> None:
        if self._key is None or self._path is None:
            return
        if any(request.key == self._key for request in self._pending):
            return  # one at a time per page; its arrival asks again
        renders = self.cache.renders_of(self._key)
        ratio = self.devicePixelRatioF()
        if renders and self._sharp(renders) is not None:
            return
        area = self._available()
        if not renders or self._zoom == FIT_PAGE:
            size = (max(1, round(area.width() * ratio)), max(1, round(area.height() * ratio)))
            request = RenderRequest(self._key, self._path, fit_px=size)
        else:
            scale, visible = self._visible_part(renders)
            slack_x, slack_y = visible.width() * REGION_SLACK, visible.height() * REGION_SLACK
            region = visible.adjusted(-slack_x, -slack_y, slack_x, slack_y)
            clip = (region.left(), region.top(), region.right(), region.bottom())
            request = RenderRequest(self._key, self._path, scale=scale * ratio, clip=clip)
        task = RenderTask(request)
        task.signals.done.connect(self._on_rendered)
        self._pending[request] = task
        self._pool.start(task)

    def _on_rendered(self, request: RenderRequest, page: RenderedPage | None, error: str) -> None:
        self._pending.pop(request, None)
        if page is not None:
            self.cache.put(request.key, page)
        if request.key != self._key:
            return  # the user moved on; the render stays cached for later
        if page is None:
            self.show_message(error)
            return
        self.update()
        renders = self.cache.renders_of(request.key)
        if self._sharp(renders) is None:
            self._request_render()  # zoomed in meanwhile, or the first render gave the size
        else:
            self.page_shown.emit(request.key)

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window).darker(108))
        renders = self.cache.renders_of(self._key) if self._key is not None else []
        if not renders:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._message,
            )
            painter.end()
            return
        scale, origin, mark = self._layout(renders)
        width, height = renders[0].page_size
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setClipRect(self._available())
        painter.fillRect(
            QRectF(origin.x(), origin.y(), width * scale, height * scale), Qt.GlobalColor.white
        )
        sharp = self._sharp(renders)
        # Whole-page renders first (coarse backdrop), then the sharp one on top.
        for render in sorted(renders, key=lambda r: r.scale):
            if render is sharp or render.clip[:2] != (0.0, 0.0):
                continue
            self._draw(painter, render, scale, origin)
        if sharp is not None:
            self._draw(painter, sharp, scale, origin)
        painter.setClipping(False)
        if self._zoom != 1.0:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            words = (
                translate("PagePreview", "Whole page (0 fits the width)")
                if self._zoom == FIT_PAGE
                else translate("PagePreview", "{zoom} of the width (0 fits the width)").format(
                    zoom=f"{self._zoom:.0%}"
                )
            )
            painter.drawText(
                self.rect().adjusted(10, 0, -10, -6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                words,
            )
        if mark is not None:
            outline = QRectF(
                origin.x() + mark.x() * scale,
                origin.y() + mark.y() * scale,
                mark.width() * scale,
                mark.height() * scale,
            ).adjusted(-3, -3, 3, 3)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(255, 255, 255, 220), 5))
            painter.drawRoundedRect(outline, 3, 3)
            painter.setPen(QPen(QColor("#d6336c"), 2.5))
            painter.drawRoundedRect(outline, 3, 3)
        painter.end()

    @staticmethod
    def _draw(painter: QPainter, render: RenderedPage, scale: float, origin: QPointF) -> None:
        x0, y0, x1, y1 = render.clip
        target = QRectF(
            origin.x() + x0 * scale, origin.y() + y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale
        )
        painter.drawImage(target, render.image)

    def shutdown(self) -> None:
        """Let a render in flight finish so no pool thread outlives the window."""
        self._pool.clear()
        self._pool.waitForDone(5000)

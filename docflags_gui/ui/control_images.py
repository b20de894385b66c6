"""ControlImages: style controls (push buttons, progress bars) drawn once into pixmaps and
reused while they look the same.

A row of the job list shows a progress bar and one or two buttons, drawn by the style. That
drawing was most of a row's paint (about 0.1 ms a control with Fusion): a scroll step of the
job list took 5-20 ms against 0.5 ms for a plain list of names (`python -m tests.bench_gui
--queue 2000`). Waiting rows all look alike, so a few images serve thousands of rows.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyleOption, QWidget

# Images kept: every visible row's controls, several times over.
LIMIT = 256


class ControlImages:
    def __init__(self, limit: int = LIMIT) -> None:
        self._limit = limit
        self._images: OrderedDict[Hashable, QPixmap] = OrderedDict()

    def __len__(self) -> int:
        return len(self._images)

    def draw(
        self,
        painter: QPainter,
        element: QStyle.ControlElement,
        option: QStyleOption,
        at: QPoint,
        looks: Hashable,
        widget: QWidget | None,
        style: QStyle,
    ) -> None:
        """Draw `element` as `option` describes it (its rect at the origin) at `at`. `looks`:
        everything else the option says (text, progress, state), for recognising it again."""
        size: QSize = option.rect.size()
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        palette = widget.palette().cacheKey() if widget is not None else 0
        font = painter.font()
        key: Hashable = (
            *(int(element.value), size.width(), size.height(), ratio),
            *(style.name(), palette, font.key(), looks),
        )
        image = self._images.get(key)
        if image is None:
            image = QPixmap(math.ceil(size.width() * ratio), math.ceil(size.height() * ratio))
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.GlobalColor.transparent)
            image_painter = QPainter(image)
            image_painter.setFont(font)
            style.drawControl(element, option, image_painter, widget)
            image_painter.end()
            self._images[key] = image
            if len(self._images) > self._limit:
                self._images.popitem(last=False)
        else:
            self._images.move_to_end(key)
        painter.drawPixmap(at, image)

"""Style controls drawn once into images: the same pixels as the style draws, reused."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyleOptionButton, QStyleOptionProgressBar, QWidget
from pytestqt.qtbot import QtBot

from docflags_gui.ui.control_images import ControlImages

BUTTON = QStyle.ControlElement.CE_PushButton
BAR = QStyle.ControlElement.CE_ProgressBar


def _drawn_by_the_style(
    option: QStyleOptionButton | QStyleOptionProgressBar,
    element: QStyle.ControlElement,
    widget: QWidget,
) -> QPixmap:
    pixmap = QPixmap(option.rect.size())
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    widget.style().drawControl(element, option, painter, widget)
    painter.end()
    return pixmap


def test_an_image_has_the_pixels_the_style_draws_and_serves_every_row(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    button = QStyleOptionButton()
    button.rect = QRect(0, 0, 90, 28)
    button.text = "Cancel"
    button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
    bar = QStyleOptionProgressBar()
    bar.rect = QRect(0, 0, 180, 22)
    bar.minimum, bar.maximum, bar.progress = 0, 100, 40
    bar.text, bar.textVisible = "40 % · page 4 of 10", True
    bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
    target = QPixmap(400, 300)
    target.fill(Qt.GlobalColor.transparent)
    painter = QPainter(target)
    images = ControlImages()
    for row in range(5):  # five rows alike: one image each for the button and the bar
        images.draw(
            painter,
            BUTTON,
            button,
            QPoint(200, row * 50),
            ("Cancel", False),
            widget,
            widget.style(),
        )
        images.draw(painter, BAR, bar, QPoint(10, row * 50), (40, bar.text), widget, widget.style())
    painter.end()

    assert len(images) == 2
    drawn = target.toImage()
    assert drawn.copy(200, 100, 90, 28) == _drawn_by_the_style(button, BUTTON, widget).toImage()
    assert drawn.copy(10, 200, 180, 22) == _drawn_by_the_style(bar, BAR, widget).toImage()

"""JobDelegate: paints a job's row (name, state, elapsed, progress bar or outcome, buttons)
and turns a click on a painted button into `action_clicked(job_id, action)`.

No widget per row: a folder of 2,000 PDFs is 2,000 rows of a model, painted only when seen.
Every row has the same height (the view lays out thousands of rows without asking each one):
room for the name line, a progress bar or two lines of outcome words, and the buttons. Longer
outcome words are cut; the row's tool tip and the preview panel show them whole. Painting is
cheap: the fonts and each kind of row's layout are made once, the style's progress bars and
buttons drawn once into images (ui/control_images.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QWidget,
)

from docflags_gui.jobs import JobInfo, JobState
from docflags_gui.ui.control_images import ControlImages
from docflags_gui.ui.job_list_model import INFO_ROLE
from docflags_gui.ui.job_words import (
    action_label,
    action_tip,
    detail_color,
    elapsed_seconds,
    format_elapsed,
    job_actions,
    job_name,
    outcome_words,
    progress_text,
    shown_state,
)

MARGIN_X, MARGIN_Y, SPACING = 8, 6, 3
DETAIL_LINES = 2
_WRAP = int(Qt.TextFlag.TextWordWrap)

_Index = QModelIndex | QPersistentModelIndex
# Any row will do to measure one: they are all as high.
_PROBE = JobInfo("", Path("x.pdf"), JobState.QUEUED, 0, "", None, None, 1, None, None, None)


@dataclass
class RowLayout:
    """Where each part of a row goes, for painting and for hit-testing clicks."""

    name: QRect
    state: QRect
    elapsed: QRect
    middle: QRect  # the progress bar, or the outcome words
    buttons: dict[str, QRect]

    def moved(self, dx: int, dy: int) -> RowLayout:
        return RowLayout(
            self.name.translated(dx, dy),
            self.state.translated(dx, dy),
            self.elapsed.translated(dx, dy),
            self.middle.translated(dx, dy),
            {action: rect.translated(dx, dy) for action, rect in self.buttons.items()},
        )


class JobDelegate(QStyledItemDelegate):
    action_clicked = QtSignal(str, str)  # job_id, action (a key of job_words.ACTIONS)

    def __init__(self, view: QAbstractItemView, parent: QObject | None = None) -> None:
        super().__init__(parent or view)
        self._view = view
        self._pressed: tuple[str, str] | None = None
        self._size: tuple[tuple[int, str], QSize] | None = None
        self._font_sets: dict[str, tuple[QFont, QFont, QFontMetrics, QFontMetrics]] = {}
        self._layouts: dict[tuple[object, ...], RowLayout] = {}  # each kind of row's, at 0, 0
        self.images = ControlImages()  # the style's bars and buttons, shared by rows

    # -- geometry ------------------------------------------------------------------------------
    def _fonts(self, widget: QWidget | None) -> tuple[QFont, QFont, QFontMetrics, QFontMetrics]:
        """The row's font, its bold and their metrics (made once per font)."""
        font = widget.font() if widget is not None else QApplication.font()
        fonts = self._font_sets.get(font.key())
        if fonts is None:
            base = QFont(font)
            bold = QFont(base)
            bold.setBold(True)
            fonts = (base, bold, QFontMetrics(base), QFontMetrics(bold))
            self._font_sets[font.key()] = fonts
        return fonts

    def _button_size(self, label: str, metrics: QFontMetrics) -> QSize:
        return QSize(metrics.horizontalAdvance(label) + 16, metrics.height() + 6)

    def layout(self, rect: QRect, info: JobInfo, widget: QWidget | None) -> RowLayout:
        base, _bold, metrics, bold_metrics = self._fonts(widget)
        active = info.state in (JobState.QUEUED, JobState.RUNNING)
        labels = tuple((action, action_label(info, action)) for action in job_actions(info))
        kind = (rect.size().toTuple(), base.key(), shown_state(info)[0], active, labels)
        layout = self._layouts.get(kind)
        if layout is None:
            if len(self._layouts) > 64:  # widths come and go as the list is resized
                self._layouts.clear()
            origin = QRect(QPoint(0, 0), rect.size())
            layout = self._layout(origin, kind[2], active, labels, metrics, bold_metrics)
            self._layouts[kind] = layout
        return layout.moved(rect.x(), rect.y())

    def _layout(
        self,
        rect: QRect,
        state_text: str,
        active: bool,
        labels: tuple[tuple[str, str], ...],
        metrics: QFontMetrics,
        bold_metrics: QFontMetrics,
    ) -> RowLayout:
        inner = rect.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
        line = bold_metrics.height()
        elapsed_w = metrics.horizontalAdvance("0:00:00")
        state_w = metrics.horizontalAdvance(state_text) + 8
        top = inner.top()
        elapsed = QRect(inner.right() - elapsed_w + 1, top, elapsed_w, line)
        state = QRect(elapsed.left() - state_w - 4, top, state_w, line)
        name = QRect(inner.left(), top, max(10, state.left() - inner.left() - 6), line)
        top += line + SPACING
        height = max(metrics.height() + 6, metrics.lineSpacing() * DETAIL_LINES)
        middle = QRect(inner.left(), top, inner.width(), height)
        if active:
            middle.setHeight(metrics.height() + 6)  # the bar, at the top of that room
        top += height + SPACING
        buttons: dict[str, QRect] = {}
        right = inner.right() + 1
        for action, label in reversed(labels):
            size = self._button_size(label, metrics)
            right -= size.width()
            buttons[action] = QRect(right, top, size.width(), size.height())
            right -= 2
        return RowLayout(name, state, elapsed, middle, buttons)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """The same for every row (see the module docstring)."""
        width = self._view.viewport().width() or 300
        key = (width, self._view.font().key())
        if self._size is None or self._size[0] != key:
            probe = _PROBE
            parts = self.layout(QRect(0, 0, width, 10_000), probe, self._view)
            bottom = max(r.bottom() for r in parts.buttons.values())
            self._size = (key, QSize(width, bottom + 1 + MARGIN_Y))
        return self._size[1]

    # -- painting ------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        info = index.data(INFO_ROLE)
        if not isinstance(info, JobInfo):
            super().paint(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, background, painter, widget
        )
        rect: QRect = option.rect
        parts = self.layout(rect, info, widget)
        base, bold, _metrics, bold_metrics = self._fonts(widget)
        palette = option.palette
        text_color = palette.color(palette.ColorRole.Text)
        painter.save()
        painter.setFont(bold)
        painter.setPen(text_color)
        name = bold_metrics.elidedText(
            job_name(info), Qt.TextElideMode.ElideMiddle, parts.name.width()
        )
        align_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        align_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(parts.name, align_left, name)
        painter.setFont(base)
        state_text, state_color = shown_state(info)
        painter.setPen(QColor(state_color))
        painter.drawText(parts.state, align_right, state_text)
        painter.setPen(text_color)
        seconds = elapsed_seconds(info, time.time())
        painter.drawText(
            parts.elapsed, align_right, "" if seconds is None else format_elapsed(seconds)
        )
        if info.state in (JobState.QUEUED, JobState.RUNNING):
            self._paint_progress(painter, parts.middle, info, widget, style)
        else:
            color = detail_color(info)
            if color is not None:
                painter.setPen(QColor(color))
            words = " ".join(outcome_words(info).split())
            painter.setClipRect(parts.middle)
            painter.drawText(parts.middle, _WRAP | int(Qt.AlignmentFlag.AlignTop), words)
        painter.restore()
        for action, button_rect in parts.buttons.items():
            self._paint_button(painter, button_rect, action, info, widget, style)

    def _paint_progress(
        self, painter: QPainter, rect: QRect, info: JobInfo, widget: QWidget | None, style: QStyle
    ) -> None:
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(QPoint(0, 0), rect.size())
        bar.minimum, bar.maximum = 0, 100
        bar.progress = 0 if info.state is JobState.QUEUED else max(0, min(100, info.percent))
        bar.text = progress_text(info)
        bar.textVisible = True
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        looks = (bar.progress, bar.text)
        element = QStyle.ControlElement.CE_ProgressBar
        self.images.draw(painter, element, bar, rect.topLeft(), looks, widget, style)

    def _paint_button(
        self,
        painter: QPainter,
        rect: QRect,
        action: str,
        info: JobInfo,
        widget: QWidget | None,
        style: QStyle,
    ) -> None:
        button = QStyleOptionButton()
        button.rect = QRect(QPoint(0, 0), rect.size())
        button.text = action_label(info, action)
        button.state = QStyle.StateFlag.State_Enabled
        pressed = self._pressed == (info.job_id, action)
        if pressed:
            button.state |= QStyle.StateFlag.State_Sunken
        else:
            button.state |= QStyle.StateFlag.State_Raised
        looks = (button.text, pressed)
        element = QStyle.ControlElement.CE_PushButton
        self.images.draw(painter, element, button, rect.topLeft(), looks, widget, style)

    # -- clicks --------------------------------------------------------------------------------
    def action_at(self, rect: QRect, info: JobInfo, x: int, y: int) -> str | None:
        """The button of a row (drawn in `rect`) at view point (x, y), if any."""
        for action, button in self.layout(rect, info, self._view).buttons.items():
            if button.contains(x, y):
                return action
        return None

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: _Index
    ) -> bool:
        info = index.data(INFO_ROLE)
        if not isinstance(info, JobInfo) or not isinstance(event, QMouseEvent):
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        point = event.position().toPoint()
        rect: QRect = option.rect
        action = self.action_at(rect, info, point.x(), point.y())
        if event.type() == QEvent.Type.MouseButtonPress and action is not None:
            self._pressed = (info.job_id, action)
            self._view.viewport().update(rect)
            return True
        if event.type() == QEvent.Type.MouseButtonRelease and self._pressed is not None:
            pressed, self._pressed = self._pressed, None
            self._view.viewport().update(rect)
            if pressed == (info.job_id, action):
                self.action_clicked.emit(info.job_id, action)
            return True
        return False

    def tooltip_for(self, rect: QRect, info: JobInfo, x: int, y: int) -> str | None:
        action = self.action_at(rect, info, x, y)
        return action_tip(action) if action is not None else None

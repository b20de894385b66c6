"""The app icon, read from docflags_gui.resources/icons (works in a checkout and in a bundle)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon, QPixmap


def app_icon() -> QIcon:
    icon = QIcon()
    folder = resources.files("docflags_gui.resources") / "icons"
    for name in ("docflags.png", "docflags-32.png", "docflags.svg"):
        entry = folder / name
        if entry.is_file():
            pixmap = QPixmap()
            if pixmap.loadFromData(entry.read_bytes()):
                icon.addPixmap(pixmap)
    return icon

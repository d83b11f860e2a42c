"""The product's icons (assets/icons/*.svg), drawn in one colour you choose.

Each SVG is drawn with the ink colour ``#1A1A1A``; :func:`icon` swaps it for the colour asked,
so the same file serves dark text on a light button and white on a blue one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from shared.paths import ICONS_DIR

#: The colour every SVG in assets/icons/ is drawn with.
INK = "#1A1A1A"

#: Service icons by the field they stand for, and the navigation icons.
SERVICE_ICONS = ("civil_status", "certification", "land", "social", "business", "other",
                 "priority")
NAVIGATION_ICONS = ("search", "dossier_lookup", "back", "home", "language", "backspace", "shift")
ICON_NAMES = SERVICE_ICONS + NAVIGATION_ICONS


def icon_path(name: str) -> Path:
    """The SVG file of icon ``name``."""
    return ICONS_DIR / f"{name}.svg"


@cache
def _svg(name: str, color: str) -> bytes:
    return icon_path(name).read_text(encoding="utf-8").replace(INK, color).encode("utf-8")


def render_icon(name: str, size: int, color: str = INK) -> QImage:
    """Icon ``name`` drawn into a transparent square image of ``size`` pixels."""
    renderer = QSvgRenderer(QByteArray(_svg(name, QColor(color).name())))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def icon(name: str, color: str = INK, size: int = 128) -> QIcon:
    """A QIcon of ``name`` in ``color``; Qt scales it down to the button's iconSize."""
    return QIcon(QPixmap.fromImage(render_icon(name, size, color)))

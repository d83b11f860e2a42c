"""Colours, fonts and text drawing shared by the board's painted widgets.

The board paints its own widgets (no stylesheet text): sizes follow the window, given as
``unit`` = the window's shorter side / 1080, so 1080p, 4K and portrait look the same.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from shared.ui.fonts import FAMILY
from shared.ui.theme import COLORS

C = COLORS["display"]
BACKGROUND = QColor(C.background)
SURFACE = QColor(C.surface)
SURFACE_DARK = QColor("#0F1829")
TEXT = QColor(C.text)
MUTED = QColor(C.muted)
YELLOW = QColor(C.highlight)
ORANGE = QColor(C.priority)
RED = QColor(C.danger)
BORDER = QColor(C.border)
ON_YELLOW = QColor(C.on_primary)
GREEN = QColor("#7CE0A3")

ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter


#: Back-row readability (a 55" 1080p screen is 0.63 mm per pixel): text people must read from
#: the back of the room has a cap height of at least 20 mm = 32 px at 1080p. Noto Sans's cap
#: height is 0.714 em, so such text is drawn at ``BACK_ROW_PX`` pixels or more (× unit).
BACK_ROW_CAP_PX = 32
BACK_ROW_PX = 46


@dataclass(frozen=True)
class Drawn:
    """One text as painted: what, where, its font's cap height (QFontMetricsF.capHeight of the
    font actually used, after any shrinking) and whether it had to be elided."""

    text: str
    shown: str
    rect: QRectF
    cap_px: float
    elided: bool


_recorders: list[list[Drawn]] = []


@contextmanager
def recording() -> Iterator[list[Drawn]]:
    """Collect every text drawn by :func:`draw_text` meanwhile (tests measure sizes)."""
    drawn: list[Drawn] = []
    _recorders.append(drawn)
    try:
        yield drawn
    finally:
        _recorders.remove(drawn)


def font(px: float, bold: bool = False) -> QFont:
    """The bundled Noto Sans at ``px`` pixels."""
    result = QFont(FAMILY)
    result.setPixelSize(max(1, int(px)))
    result.setBold(bold)
    result.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return result


def fitted_font(text: str, px: float, width: float, bold: bool = False,
                floor: float = 0.4) -> QFont:
    """``font(px)``, made smaller (not below ``floor`` × px) until ``text`` fits ``width``."""
    result = font(px, bold)
    advance = QFontMetricsF(result).horizontalAdvance(text)
    if advance > width > 0:
        result = font(max(px * floor, math.floor(px * width / advance * 0.98)), bold)
    return result


def draw_text(painter: QPainter, rect: QRectF, text: str, px: float, color: QColor, *,
              bold: bool = False, align: Qt.AlignmentFlag = ALIGN_LEFT,
              shrink: bool = True, floor: float = 0.4) -> None:
    """Draw ``text`` in ``rect``: shrunk to fit its width (down to ``floor`` × px), then
    elided if still too long."""
    chosen = fitted_font(text, px, rect.width(), bold, floor) if shrink else font(px, bold)
    painter.setFont(chosen)
    painter.setPen(color)
    metrics = QFontMetricsF(chosen)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, int(align), shown)
    for drawn in _recorders:
        drawn.append(Drawn(text, shown, QRectF(rect), metrics.capHeight(), shown != text))


def rounded(painter: QPainter, rect: QRectF, radius: float, fill: QColor,
            border: QColor | None = None, border_px: float = 0.0) -> None:
    """A rounded panel."""
    painter.setPen(Qt.PenStyle.NoPen if border is None else _pen(border, border_px))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, radius, radius)


def _pen(color: QColor, width: float) -> QPen:
    pen = QPen(color)
    pen.setWidthF(max(1.0, width))
    return pen

"""A small mark in the corner: "mất kết nối" while the database is gone, and a muted
speaker note when calls cannot be heard (with the reason)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import paint
from shared.i18n import tr


class StatusMark(QWidget):
    """Painted right-aligned pills; invisible when all is well."""

    def __init__(self, parent: QWidget | None = None, language: str = "vi") -> None:
        super().__init__(parent)
        self.language = language
        self.disconnected = False
        self.voice_reason = ""
        self.unit = 1.0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_disconnected(self, disconnected: bool) -> None:
        if disconnected != self.disconnected:
            self.disconnected = disconnected
            self.update()

    def set_voice_reason(self, reason: str) -> None:
        if reason != self.voice_reason:
            self.voice_reason = reason
            self.update()

    def texts(self) -> list[str]:
        """What the mark says now (empty when all is well)."""
        shown = []
        if self.disconnected:
            shown.append(tr("display.disconnected", self.language))
        if self.voice_reason:
            shown.append(tr("display.voice_off", self.language, reason=self.voice_reason))
        return shown

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h, u = float(self.width()), float(self.height()), self.unit
        pill_h = min(h / 2 - 2 * u, 40 * u)
        y = (h - pill_h * (2 if self.disconnected and self.voice_reason else 1)) / 2
        pills: list[tuple[str, QColor, QColor]] = []
        if self.disconnected:
            pills.append((tr("display.disconnected", self.language), paint.RED,
                          paint.ON_YELLOW))
        if self.voice_reason:
            pills.append((tr("display.voice_off", self.language, reason=self.voice_reason),
                          paint.SURFACE, paint.ORANGE))
        for text, fill, ink in pills:
            px = pill_h * 0.5
            font = paint.fitted_font(text, px, w - pill_h * 1.5, bold=True)
            painter.setFont(font)
            advance = QFontMetricsF(font).horizontalAdvance(text)
            width = min(w, advance + pill_h * 1.4)
            rect = QRectF(w - width, y, width, pill_h)
            paint.rounded(painter, rect, pill_h / 2, fill)
            painter.setBrush(ink)
            painter.setPen(Qt.PenStyle.NoPen)
            dot = pill_h * 0.3
            painter.drawEllipse(QRectF(rect.left() + pill_h * 0.35, y + (pill_h - dot) / 2,
                                       dot, dot))
            painter.setFont(font)
            painter.setPen(ink)
            painter.drawText(rect.adjusted(pill_h * 0.85, 0, 0, 0), int(paint.ALIGN_LEFT), text)
            y += pill_h + 4 * u
        painter.end()

"""A small mark in the corner: "mất kết nối" while the database is gone, and a muted
speaker note when calls cannot be heard (with the reason)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
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

    def natural_width(self, height: float) -> float:
        """The width the pills take unelided on a row of ``height`` (0 when all is well)."""
        metrics = QFontMetricsF(paint.font(height * 0.62, bold=True))
        texts = self.texts()
        return sum(metrics.horizontalAdvance(text) + height * 1.3 for text in texts) + \
            10 * self.unit * max(0, len(texts) - 1)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h, u = float(self.width()), float(self.height()), self.unit
        pills: list[tuple[str, QColor, QColor]] = []
        if self.disconnected:
            pills.append((tr("display.disconnected", self.language), paint.RED,
                          paint.ON_YELLOW))
        if self.voice_reason:
            pills.append((tr("display.voice_off", self.language, reason=self.voice_reason),
                          paint.SURFACE, paint.ORANGE))
        pill_h = h
        font = paint.font(pill_h * 0.62, bold=True)
        metrics = QFontMetricsF(font)
        spacing = 10 * u
        padding = pill_h * 1.3  # the dot and the rounded ends
        # The connection pill keeps its full width; the voice pill gets what is left and
        # elides its reason. Both sit right-aligned on one row.
        widths: list[float] = []
        room = w
        for text, _fill, _ink in pills:
            width = min(room, metrics.horizontalAdvance(text) + padding)
            widths.append(width)
            room = max(0.0, room - width - spacing)
        x = w - sum(widths) - spacing * (len(widths) - 1)
        for (text, fill, ink), width in zip(pills, widths, strict=True):
            if width >= pill_h * 2:
                self._pill(painter, QRectF(x, 0, width, pill_h), text, fill, ink, font)
            x += width + spacing
        painter.end()

    @staticmethod
    def _pill(painter: QPainter, rect: QRectF, text: str, fill: QColor, ink: QColor,
              font: QFont) -> None:
        pill_h = rect.height()
        paint.rounded(painter, rect, pill_h / 2, fill)
        painter.setBrush(ink)
        painter.setPen(Qt.PenStyle.NoPen)
        dot = pill_h * 0.3
        painter.drawEllipse(QRectF(rect.left() + pill_h * 0.35, rect.top() + (pill_h - dot) / 2,
                                   dot, dot))
        painter.setFont(font)
        painter.setPen(ink)
        shown = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight,
                                               rect.width() - pill_h * 1.15)
        painter.drawText(rect.adjusted(pill_h * 0.85, 0, 0, 0), int(paint.ALIGN_LEFT), shown)

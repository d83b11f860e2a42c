"""The board's top line: the center's name and the board's title, the status mark on the
right."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from display import paint
from display.status_mark import StatusMark
from shared.i18n import tr


class Header(QWidget):
    def __init__(self, parent: QWidget | None = None, language: str = "vi") -> None:
        super().__init__(parent)
        self.language = language
        self.site_name = ""
        self.unit = 1.0
        self.mark = StatusMark(self, language)

    def set_site_name(self, name: str) -> None:
        if name != self.site_name:
            self.site_name = name
            self.update()

    def set_unit(self, unit: float) -> None:
        self.unit = unit
        self.mark.unit = unit
        self._place_mark()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_mark()

    def _place_mark(self) -> None:
        width = int(self.width() * 0.4)
        self.mark.setGeometry(self.width() - width, 0, width, self.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        mark_w = w * 0.4 if self.mark.texts() else 0.0
        text_w = w - mark_w - 10 * self.unit
        accent = h * 0.08
        painter.fillRect(QRectF(0, h - accent, w, accent), paint.YELLOW)
        paint.draw_text(painter, QRectF(0, 0, text_w, h * 0.58), self.site_name.upper(),
                        h * 0.36, paint.TEXT, bold=True)
        paint.draw_text(painter, QRectF(0, h * 0.52, text_w, h * 0.36),
                        tr("display.title", self.language), h * 0.24, paint.MUTED)
        painter.end()

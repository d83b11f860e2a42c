"""The board's top lines: the center's name across the full width, then the board's title
with the status marks on its right (so a mark never squeezes the name)."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
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

    def _rows(self) -> tuple[QRectF, QRectF]:
        """The site name's row (the full width) and the subtitle's row (the mark on its
        right), above the yellow line with a clear gap."""
        w, h = float(self.width()), float(self.height())
        name = QRectF(0, h * 0.02, w, h * 0.5)
        subtitle = QRectF(0, h * 0.52, w, h * 0.35)
        return name, subtitle

    def _subtitle_width(self) -> float:
        _name, row = self._rows()
        font = paint.font(row.height() * 0.8)
        return QFontMetricsF(font).horizontalAdvance(tr("display.title", self.language))

    def subtitle_shown(self) -> bool:
        """The title gives way to the marks when they would not fit beside it."""
        _name, row = self._rows()
        room = self.width() - self._subtitle_width() - 24 * self.unit
        return self.mark.natural_width(row.height()) <= room

    def _place_mark(self) -> None:
        _name, row = self._rows()
        left = int(self._subtitle_width() + 24 * self.unit) if self.subtitle_shown() else 0
        self.mark.setGeometry(left, int(row.top()), max(0, self.width() - left),
                              int(row.height()))

    def update_marks(self) -> None:
        """Call after the mark's texts changed: the mark's room and the title follow."""
        self._place_mark()
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        accent = max(2.0, h * 0.06)
        painter.fillRect(QRectF(0, h - accent, w, accent), paint.YELLOW)
        name, subtitle = self._rows()
        paint.draw_text(painter, name, self.site_name.upper(), name.height() * 0.74,
                        paint.TEXT, bold=True, floor=0.5)
        if self.subtitle_shown():
            paint.draw_text(painter, subtitle, tr("display.title", self.language),
                            subtitle.height() * 0.8, paint.MUTED, shrink=False)
        painter.end()

"""The disconnected board's alarm: a red band along the bottom (over the ticker) saying the
board may be out of date, in letters as big as the figures (``paint.BACK_ROW_PX``), with the
time the board was last read. The small mark in the header stays too."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import paint
from shared.clock import local
from shared.i18n import tr


class AlertBand(QWidget):
    """Hidden until :meth:`set_alert`; painted, transparent to the mouse."""

    def __init__(self, parent: QWidget | None = None, language: str = "vi") -> None:
        super().__init__(parent)
        self.language = language
        self.unit = 1.0
        self.since: datetime | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def lines(self, width: float) -> list[str]:
        """The text on one line, or split after its dash when too wide for ``width``."""
        text = self.text()
        metrics = QFontMetricsF(paint.font(paint.BACK_ROW_PX * self.unit, bold=True))
        if metrics.horizontalAdvance(text) <= width - 2 * self._pad() or " – " not in text:
            return [text]
        head, tail = text.split(" – ", 1)
        return [head, tail]

    def _pad(self) -> float:
        return 24 * self.unit

    def preferred_height(self, width: float) -> int:
        return round(paint.BACK_ROW_PX * self.unit * 1.4 * len(self.lines(width)) + 8)

    def text(self) -> str:
        text = tr("display.board_stale", self.language)
        if self.since is not None:
            text += " · " + tr("display.board_stale_since", self.language,
                               time=f"{local(self.since):%H:%M}")
        return text

    def set_alert(self, on: bool, since: datetime | None = None) -> None:
        self.since = since
        self.setVisible(on)
        if on:
            self.raise_()
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        painter.fillRect(QRectF(0, 0, w, h), paint.RED)
        pad = self._pad()
        lines = self.lines(w)
        line_h = h / len(lines)
        for index, line in enumerate(lines):
            paint.draw_text(painter, QRectF(pad, index * line_h, w - 2 * pad, line_h), line,
                            paint.BACK_ROW_PX * self.unit, paint.ON_YELLOW, bold=True,
                            align=paint.ALIGN_CENTER, floor=1.0)
        painter.end()

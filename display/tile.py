"""One counter's tile: "QUẦY 3", the ticket number it serves (big, yellow), the service.

A newly called number is highlighted (yellow tile, dark number) for ``highlight_seconds``,
blinking its border for the first seconds. A closed counter shows "ĐÓNG QUẦY", one on break
"TẠM NGHỈ". ``painted`` records the last number actually painted (the latency benchmark
listens to it through ``on_painted``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import paint
from display.grid import number_font_px
from shared.board import CounterTile
from shared.i18n import tr
from shared.models import CounterStatus

BLINK_MS = 500
BLINK_TIMES = 6


class CounterTileWidget(QWidget):
    """A painted tile for one counter."""

    def __init__(self, tile: CounterTile, service_name: str, parent: QWidget | None = None,
                 language: str = "vi") -> None:
        super().__init__(parent)
        self.tile = tile
        self.service_name = service_name
        self.language = language
        self.highlighted = False
        self.number_px = 40
        self.painted: str | None = None
        self.on_painted: Callable[[str], None] | None = None
        self._blink_on = False
        self._blinks_left = 0
        self._highlight_timer = QTimer(self)
        self._highlight_timer.setSingleShot(True)
        self._highlight_timer.timeout.connect(self._on_highlight_timeout)
        self._blink_timer = QTimer(self)
        self._blink_timer.setInterval(BLINK_MS)
        self._blink_timer.timeout.connect(self._on_blink_timeout)

    # -- state ----------------------------------------------------------------------------
    def set_tile(self, tile: CounterTile, service_name: str) -> None:
        if tile != self.tile or service_name != self.service_name:
            self.tile = tile
            self.service_name = service_name
            if tile.ticket_number is None and self.highlighted:
                self._end_highlight()
            self.update()

    def highlight(self, seconds: float) -> None:
        """Make the tile stand out for ``seconds`` (a call or a recall)."""
        self.highlighted = True
        self._blinks_left = BLINK_TIMES
        self._blink_on = True
        self._blink_timer.start()
        self._highlight_timer.start(max(1, int(seconds * 1000)))
        self.update()

    def _end_highlight(self) -> None:
        self.highlighted = False
        self._blink_timer.stop()
        self._highlight_timer.stop()
        self.update()

    def _on_highlight_timeout(self) -> None:
        self._end_highlight()

    def _on_blink_timeout(self) -> None:
        self._blinks_left -= 1
        self._blink_on = not self._blink_on if self._blinks_left > 0 else True
        if self._blinks_left <= 0:
            self._blink_timer.stop()
        self.update()

    # -- painting -------------------------------------------------------------------------
    def state_text(self) -> str:
        """What the number area says: the number, or the counter's state."""
        if self.tile.status == CounterStatus.CLOSED:
            return tr("display.closed", self.language)
        if self.tile.status == CounterStatus.PAUSED and self.tile.ticket_number is None:
            return tr("display.on_break", self.language)
        return self.tile.ticket_number or tr("display.idle", self.language)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        radius = min(w, h) * 0.06
        gap = max(2.0, min(w, h) * 0.015)
        rect = QRectF(gap, gap, w - 2 * gap, h - 2 * gap)
        closed = self.tile.status == CounterStatus.CLOSED
        lit = self.highlighted and self._blink_on
        fill = paint.YELLOW if lit else (paint.SURFACE_DARK if closed else paint.SURFACE)
        border = paint.YELLOW if self.highlighted else paint.BORDER
        paint.rounded(painter, rect, radius, fill, border, max(2.0, h * 0.02))
        ink = paint.ON_YELLOW if lit else paint.TEXT
        inner = rect.adjusted(rect.width() * 0.05, 0, -rect.width() * 0.05, 0)
        label_h = rect.height() * 0.22
        label = tr("display.counter", self.language, counter=self.tile.number).upper()
        paint.draw_text(painter, QRectF(inner.left(), rect.top(), inner.width(), label_h),
                        label, label_h * 0.62, ink, bold=True, align=paint.ALIGN_CENTER)
        number_rect = QRectF(inner.left(), rect.top() + label_h, inner.width(),
                             rect.height() * 0.56)
        text = self.state_text()
        serving = self.tile.ticket_number is not None and not closed
        if serving:
            self.number_px = number_font_px(inner.width() / 0.86, rect.height())
            color = paint.ON_YELLOW if lit else paint.YELLOW
            paint.draw_text(painter, number_rect, text, self.number_px, color, bold=True,
                            align=paint.ALIGN_CENTER)
        else:
            color = paint.ORANGE if self.tile.status == CounterStatus.PAUSED else paint.MUTED
            paint.draw_text(painter, number_rect, text, number_rect.height() * 0.36, color,
                            bold=True, align=paint.ALIGN_CENTER, floor=0.1)
        if serving and self.service_name:
            service_rect = QRectF(inner.left(), number_rect.bottom(), inner.width(),
                                  rect.bottom() - number_rect.bottom() - gap)
            paint.draw_text(painter, service_rect, self.service_name, label_h * 0.5,
                            paint.ON_YELLOW if lit else paint.MUTED, align=paint.ALIGN_CENTER,
                            floor=0.8)
        painter.end()
        if self.painted != text:
            self.painted = text
            if self.on_painted is not None and serving:
                self.on_painted(text)

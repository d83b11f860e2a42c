"""One counter's tile: "QUẦY 3" (with the counter's name on a small line under it when the
name is not just "Quầy 3"), the ticket number it serves (big, yellow), the service.

A newly called number is highlighted (yellow tile, dark number) for ``highlight_seconds``,
blinking its border for the first seconds. A closed counter shows "ĐÓNG QUẦY", one on break
"TẠM NGHỈ". ``painted`` records the last number actually painted (the latency benchmark
listens to it through ``on_painted``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QFontInfo, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import paint
from display.grid import NUMBER_EM, NUMBER_HEIGHT_SHARE, number_font_px, tile_gap
from shared.board import CounterTile
from shared.i18n import tr
from shared.models import CounterStatus

BLINK_MS = 500
BLINK_TIMES = 6
#: Share of the panel's height for the counter's label "QUẦY 3", and the label's font size
#: as a share of it: with up to 12 counters on a 1080p wall its cap height is >= 32 px (20 mm
#: on a 55" screen).
LABEL_SHARE = 0.23
LABEL_FONT_SHARE = 0.74
#: A counter's own name: its line's share of the panel's height, and how far the number's
#: area moves down to make room (the number keeps its size).
NAME_SHARE = 0.12
NAME_SHIFT = 0.03


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

    def shown_name(self) -> str:
        """The counter's name when it says more than the default "Quầy 3" ("" otherwise)."""
        name = " ".join(self.tile.name.split())
        defaults = {tr("display.counter", language, counter=self.tile.number).casefold()
                    for language in ("vi", "en")}
        if not name or name.casefold() in defaults or name == str(self.tile.number):
            return ""
        return name

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        gap = tile_gap(w, h)
        rect = QRectF(gap, gap, w - 2 * gap, h - 2 * gap)
        radius = min(w, h) * 0.05
        closed = self.tile.status == CounterStatus.CLOSED
        lit = self.highlighted and self._blink_on
        fill = paint.YELLOW if lit else (paint.SURFACE_DARK if closed else paint.SURFACE)
        border = paint.YELLOW if self.highlighted else paint.BORDER
        paint.rounded(painter, rect, radius, fill, border, max(2.0, h * 0.015))
        ink = paint.ON_YELLOW if lit else paint.TEXT
        inner = rect.adjusted(rect.width() * 0.025, 0, -rect.width() * 0.025, 0)
        label_h = rect.height() * LABEL_SHARE
        label = tr("display.counter", self.language, counter=self.tile.number).upper()
        name = self.shown_name()
        top = rect.top() + rect.height() * 0.01
        paint.draw_text(painter, QRectF(inner.left(), top, inner.width(), label_h),
                        label, label_h * LABEL_FONT_SHARE, ink, bold=True,
                        align=paint.ALIGN_CENTER, floor=0.8)
        # The number's caps fill the middle of its area; with a name, the area moves down by
        # NAME_SHIFT (into its own top slack) and the name takes a line under "QUẦY n".
        shift = rect.height() * NAME_SHIFT if name else 0.0
        if name:
            name_h = rect.height() * NAME_SHARE
            paint.draw_text(painter, QRectF(inner.left(), top + label_h * 0.92, inner.width(),
                                            name_h),
                            name, name_h * 0.8, paint.ON_YELLOW if lit else paint.MUTED,
                            bold=True, align=paint.ALIGN_CENTER, floor=0.7)
        number_rect = QRectF(inner.left(), rect.top() + label_h + shift, inner.width(),
                             rect.height() * NUMBER_HEIGHT_SHARE)
        text = self.state_text()
        serving = self.tile.ticket_number is not None and not closed
        if serving:
            self.number_px = number_font_px(w, h, text_em=max(NUMBER_EM, _em_width(text)))
            color = paint.ON_YELLOW if lit else paint.YELLOW
            paint.draw_text(painter, number_rect, text, self.number_px, color, bold=True,
                            align=paint.ALIGN_CENTER)
        else:
            color = paint.ORANGE if self.tile.status == CounterStatus.PAUSED else paint.MUTED
            paint.draw_text(painter, number_rect, text, number_rect.height() * 0.34, color,
                            bold=True, align=paint.ALIGN_CENTER, floor=0.1)
        if serving and self.service_name:
            service_rect = QRectF(inner.left(), number_rect.bottom(), inner.width(),
                                  rect.bottom() - number_rect.bottom() - rect.height() * 0.02)
            paint.draw_text(painter, service_rect, self.service_name,
                            min(service_rect.height() * 0.72, label_h * 0.5),
                            paint.ON_YELLOW if lit else paint.MUTED, align=paint.ALIGN_CENTER,
                            floor=0.8)
        painter.end()
        if self.painted != text:
            self.painted = text
            if self.on_painted is not None and serving:
                self.on_painted(text)


_EM_WIDTHS: dict[tuple[str, str], float] = {}


def _em_width(text: str) -> float:
    """The width of ``text`` in the bold number font, in em (measured once per text and
    font family actually used)."""
    font = paint.font(100, bold=True)
    key = (QFontInfo(font).family(), text)
    if key not in _EM_WIDTHS:
        if len(_EM_WIDTHS) > 4096:
            _EM_WIDTHS.clear()
        _EM_WIDTHS[key] = QFontMetricsF(font).horizontalAdvance(text) / 100
    return _EM_WIDTHS[key]

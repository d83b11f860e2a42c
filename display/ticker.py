"""The bottom line: the center's announcements (one at a time, changing every few seconds),
then the date and a clock. The clock ticks once a second; nothing here reads the database.

An announcement longer than its room is not shrunk: it scrolls from right to left (a marquee
repainted ~30 times a second, only while one overflows), and the next one comes after it has
been read to its end once."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import (
    QFontMetricsF,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from display import paint
from shared.clock import LOCAL_TZ
from shared.i18n import tr

ROTATE_MS = 12_000
#: The announcement's font size, as a share of the ticker's height (never shrunk to fit).
ANNOUNCEMENT_SHARE = 0.42
#: A long announcement scrolls at this many pixels a second (× unit), ~30 frames a second.
SCROLL_SPEED = 90.0
SCROLL_MS = 33
#: The gap between the end of a scrolling announcement and its next start, in em.
LOOP_GAP_EM = 3.0


def date_text(moment: datetime, language: str) -> str:
    """"Thứ Hai, ngày 23/11/2026" (or "Monday, 23/11/2026")."""
    weekday = tr(f"display.weekday_{moment.weekday()}", language)
    return tr("display.date", language, weekday=weekday, day=moment.day, month=moment.month,
              year=moment.year)


def local_now() -> datetime:
    return datetime.now(LOCAL_TZ)


class Ticker(QWidget):
    def __init__(self, announcements: Sequence[str], parent: QWidget | None = None,
                 language: str = "vi", now: Callable[[], datetime] = local_now) -> None:
        super().__init__(parent)
        self.language = language
        self.announcements = [" ".join(text.split()) for text in announcements if text.strip()]
        self.index = 0
        self.unit = 1.0
        #: How far the announcement has scrolled (pixels), while it is longer than its room.
        self.offset = 0.0
        self.passes = 0
        self._now = now
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self.update)
        self._clock.start()
        self._rotate = QTimer(self)
        self._rotate.setInterval(ROTATE_MS)
        self._rotate.timeout.connect(self._on_rotate_timeout)
        if len(self.announcements) > 1:
            self._rotate.start()
        self._scroll = QTimer(self)
        self._scroll.setInterval(SCROLL_MS)
        self._scroll.timeout.connect(self._on_scroll_timeout)
        self._scroll_started = 0.0

    # -- announcements ----------------------------------------------------------------------
    def set_announcements(self, announcements: Sequence[str]) -> None:
        """New lines (the center changed them in the console): shown from the first."""
        lines = [" ".join(text.split()) for text in announcements if text.strip()]
        if lines == self.announcements:
            return
        self.announcements = lines
        self.index = 0
        if len(lines) > 1:
            self._rotate.start()
        else:
            self._rotate.stop()
        self._restart_scroll()
        self.update()

    def _on_rotate_timeout(self) -> None:
        if self.scrolling and self.passes == 0:
            return  # a long one is read to its end first
        self.index = (self.index + 1) % len(self.announcements)
        self._restart_scroll()
        self.update()

    def current_announcement(self) -> str:
        return self.announcements[self.index] if self.announcements else ""

    @property
    def scrolling(self) -> bool:
        return self._scroll.isActive()

    def _layout(self) -> tuple[QRectF, QRectF, QRectF, float]:
        """The announcement's room, the date's and the clock's, and the announcement's size."""
        w, h = float(self.width()), float(self.height())
        pad = h * 0.35
        clock_w = h * 2.6
        date_w = min(w * 0.3, h * 7.5)
        clock = QRectF(w - clock_w, 0, clock_w, h)
        day = QRectF(w - clock_w - date_w, 0, date_w - pad, h)
        room = QRectF(pad, 0, max(0.0, w - clock_w - date_w - 2 * pad), h)
        return room, day, clock, h * ANNOUNCEMENT_SHARE

    def _text_width(self) -> float:
        _room, _day, _clock, px = self._layout()
        return QFontMetricsF(paint.font(px)).horizontalAdvance(self.current_announcement())

    def _restart_scroll(self) -> None:
        """Scroll (at ~30 frames a second) only an announcement longer than its room."""
        self.offset = 0.0
        self.passes = 0
        room, _day, _clock, _px = self._layout()
        if self.isVisible() and self._text_width() > room.width() > 0:
            self._scroll_started = time.monotonic()
            self._scroll.start()
        else:
            self._scroll.stop()

    def _on_scroll_timeout(self) -> None:
        room, _day, _clock, px = self._layout()
        cycle = self._text_width() + px * LOOP_GAP_EM
        elapsed = time.monotonic() - self._scroll_started
        travelled = elapsed * SCROLL_SPEED * self.unit
        self.passes = int(travelled // cycle) if cycle > 0 else 0
        self.offset = travelled % cycle if cycle > 0 else 0.0
        self.update(room.toAlignedRect())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restart_scroll()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._restart_scroll()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._scroll.stop()

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        painter.fillRect(QRectF(0, 0, w, h), paint.SURFACE)
        now = self._now().astimezone(LOCAL_TZ)
        room, day, clock, px = self._layout()
        painter.fillRect(clock, paint.YELLOW)
        paint.draw_text(painter, clock, f"{now:%H:%M}", h * 0.6, paint.ON_YELLOW, bold=True,
                        align=paint.ALIGN_CENTER)
        paint.draw_text(painter, day, date_text(now, self.language), h * 0.38, paint.TEXT,
                        bold=True, align=paint.ALIGN_RIGHT)
        text = self.current_announcement()
        if self.scrolling:
            painter.save()
            painter.setClipRect(room)
            painter.setFont(paint.font(px))
            painter.setPen(paint.TEXT)
            cycle = self._text_width() + px * LOOP_GAP_EM
            x = room.left() - self.offset
            while x < room.right():
                painter.drawText(QRectF(x, 0, cycle, h), int(paint.ALIGN_LEFT), text)
                x += cycle
            painter.restore()
        else:
            paint.draw_text(painter, room, text, px, paint.TEXT, shrink=False)
        painter.end()

"""The bottom line: the center's announcements (one at a time, changing every few seconds),
then the date and a clock. The clock ticks once a second; nothing here reads the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import paint
from shared.clock import LOCAL_TZ
from shared.i18n import tr

ROTATE_MS = 12_000


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
        self.announcements = [text for text in announcements if text.strip()]
        self.index = 0
        self.unit = 1.0
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

    def _on_rotate_timeout(self) -> None:
        self.index = (self.index + 1) % len(self.announcements)
        self.update()

    def current_announcement(self) -> str:
        return self.announcements[self.index] if self.announcements else ""

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        painter.fillRect(QRectF(0, 0, w, h), paint.SURFACE)
        now = self._now().astimezone(LOCAL_TZ)
        pad = h * 0.35
        clock_w = h * 2.6
        date_w = min(w * 0.3, h * 7.5)
        painter.fillRect(QRectF(w - clock_w, 0, clock_w, h), paint.YELLOW)
        paint.draw_text(painter, QRectF(w - clock_w, 0, clock_w, h), f"{now:%H:%M}",
                        h * 0.6, paint.ON_YELLOW, bold=True, align=paint.ALIGN_CENTER)
        paint.draw_text(painter, QRectF(w - clock_w - date_w, 0, date_w - pad, h),
                        date_text(now, self.language), h * 0.38, paint.TEXT, bold=True,
                        align=paint.ALIGN_RIGHT)
        paint.draw_text(painter, QRectF(pad, 0, w - clock_w - date_w - 2 * pad, h),
                        self.current_announcement(), h * 0.4, paint.TEXT)
        painter.end()

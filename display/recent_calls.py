"""The list of the last calls: number, counter and time, newest first; a recall is marked
"gọi lại" instead of its time."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import paint
from shared.board import RecentCall
from shared.clock import local
from shared.i18n import tr


class RecentCallsPanel(QWidget):
    """Painted; shows at most ``limit`` rows (the snapshot already keeps no more)."""

    def __init__(self, parent: QWidget | None = None, language: str = "vi",
                 limit: int = 6) -> None:
        super().__init__(parent)
        self.language = language
        self.limit = max(1, limit)
        self.calls: tuple[RecentCall, ...] = ()
        self.unit = 1.0
        #: A narrow strip beside a full-width grid: number and counter only.
        self.compact = False

    def set_calls(self, calls: Sequence[RecentCall]) -> None:
        calls = tuple(calls[: self.limit])
        if calls != self.calls:
            self.calls = calls
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h, u = float(self.width()), float(self.height()), self.unit
        paint.rounded(painter, QRectF(0, 0, w, h), 12 * u, paint.SURFACE)
        pad = 16 * u
        title_h = 44 * u
        paint.draw_text(painter, QRectF(pad, pad * 0.5, w - 2 * pad, title_h),
                        tr("display.recent", self.language), 26 * u, paint.MUTED, bold=True)
        top = pad * 0.5 + title_h
        if not self.calls:
            paint.draw_text(painter, QRectF(pad, top, w - 2 * pad, title_h),
                            tr("display.no_calls", self.language), 24 * u, paint.MUTED)
            painter.end()
            return
        row_h = min((h - top - pad * 0.5) / self.limit, 90 * u)
        if self.compact:
            self._paint_compact(painter, top, row_h)
            painter.end()
            return
        for index, call in enumerate(self.calls):
            y = top + index * row_h
            color = self._paint_row_back(painter, index, y, row_h, pad)
            paint.draw_text(painter, QRectF(pad, y, w * 0.4, row_h), call.ticket_number,
                            row_h * 0.7, color, bold=True)
            counter = tr("display.counter", self.language, counter=call.counter_number)
            paint.draw_text(painter, QRectF(w * 0.40, y, w * 0.36, row_h), counter,
                            row_h * 0.5, paint.TEXT, bold=index == 0)
            when = tr("display.recall_mark", self.language) if call.recall else \
                f"{local(call.at):%H:%M}"
            paint.draw_text(painter, QRectF(w * 0.74, y, w * 0.26 - pad, row_h), when,
                            row_h * 0.4, paint.ORANGE if call.recall else paint.MUTED,
                            align=paint.ALIGN_RIGHT)
        painter.end()

    def _paint_row_back(self, painter: QPainter, index: int, y: float, row_h: float,
                        pad: float) -> QColor:
        """Every other row on a darker band; returns the number's colour (the newest call
        in yellow)."""
        if index % 2 == 0:
            paint.rounded(painter, QRectF(pad * 0.5, y, self.width() - pad, row_h),
                          8 * self.unit, paint.SURFACE_DARK)
        return paint.YELLOW if index == 0 else paint.TEXT

    def _paint_compact(self, painter: QPainter, top: float, row_h: float) -> None:
        """Rows of "A053  → 12" (a recall marked by an orange arrow)."""
        w, u = float(self.width()), self.unit
        pad = 12 * u
        for index, call in enumerate(self.calls):
            y = top + index * row_h
            color = self._paint_row_back(painter, index, y, row_h, pad)
            paint.draw_text(painter, QRectF(pad, y, w * 0.58 - pad, row_h), call.ticket_number,
                            row_h * 0.62, color, bold=True)
            paint.draw_text(painter, QRectF(w * 0.58, y, w * 0.42 - pad, row_h),
                            f"→ {call.counter_number}", row_h * 0.5,
                            paint.ORANGE if call.recall else paint.TEXT, bold=index == 0,
                            align=paint.ALIGN_RIGHT)

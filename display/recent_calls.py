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

    def row_height(self) -> float:
        """A row: the number and the counter at back-row size (``paint.BACK_ROW_PX``)."""
        return paint.BACK_ROW_PX * self.unit * 1.32

    def title_height(self) -> float:
        return 44 * self.unit

    def preferred_height(self) -> float:
        """The height that shows ``limit`` rows at back-row size."""
        return 8 * self.unit + self.title_height() + self.limit * self.row_height() + 10 * self.unit

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h, u = float(self.width()), float(self.height()), self.unit
        paint.rounded(painter, QRectF(0, 0, w, h), 12 * u, paint.SURFACE)
        pad = 16 * u
        title_h = self.title_height()
        paint.draw_text(painter, QRectF(pad, 8 * u, w - 2 * pad, title_h),
                        tr("display.recent", self.language), 28 * u, paint.MUTED, bold=True)
        top = 8 * u + title_h
        if not self.calls:
            paint.draw_text(painter, QRectF(pad, top, w - 2 * pad, title_h),
                            tr("display.no_calls", self.language), 26 * u, paint.MUTED)
            painter.end()
            return
        row_h = self.row_height()
        rows = max(1, min(len(self.calls), int((h - top) // row_h)))
        px = paint.BACK_ROW_PX * u
        if self.compact:
            self._paint_compact(painter, top, row_h, rows)
            painter.end()
            return
        for index, call in enumerate(self.calls[:rows]):
            y = top + index * row_h
            color = self._paint_row_back(painter, index, y, row_h, pad)
            paint.draw_text(painter, QRectF(pad, y, w * 0.36, row_h), call.ticket_number,
                            px, color, bold=True, floor=1.0)
            counter = tr("display.counter", self.language, counter=call.counter_number)
            paint.draw_text(painter, QRectF(w * 0.36 + pad * 0.5, y, w * 0.42, row_h), counter,
                            px, paint.TEXT, bold=index == 0, floor=0.85)
            when = tr("display.recall_mark", self.language) if call.recall else \
                f"{local(call.at):%H:%M}"
            paint.draw_text(painter, QRectF(w * 0.78, y, w * 0.22 - pad, row_h), when,
                            px * 0.6, paint.ORANGE if call.recall else paint.MUTED,
                            align=paint.ALIGN_RIGHT, floor=0.7)
        painter.end()

    def _paint_row_back(self, painter: QPainter, index: int, y: float, row_h: float,
                        pad: float) -> QColor:
        """Every other row on a darker band; returns the number's colour (the newest call
        in yellow)."""
        if index % 2 == 0:
            paint.rounded(painter, QRectF(pad * 0.5, y, self.width() - pad, row_h),
                          8 * self.unit, paint.SURFACE_DARK)
        return paint.YELLOW if index == 0 else paint.TEXT

    def _paint_compact(self, painter: QPainter, top: float, row_h: float, rows: int) -> None:
        """Rows of "A053  → 12" (a recall marked by an orange arrow)."""
        w, u = float(self.width()), self.unit
        pad = 10 * u
        px = paint.BACK_ROW_PX * u
        for index, call in enumerate(self.calls[:rows]):
            y = top + index * row_h
            color = self._paint_row_back(painter, index, y, row_h, pad)
            paint.draw_text(painter, QRectF(pad, y, w * 0.56 - pad, row_h), call.ticket_number,
                            px, color, bold=True, floor=1.0)
            paint.draw_text(painter, QRectF(w * 0.56, y, w * 0.44 - pad, row_h),
                            f"→{call.counter_number}", px,
                            paint.ORANGE if call.recall else paint.TEXT, bold=index == 0,
                            align=paint.ALIGN_RIGHT, floor=1.0)

"""The figures: waiting per service with the wait a ticket taken now would get
(``shared.wait_board``: "~15 phút", "Sắp đến lượt") and served today (from the queue
summary), and the dossier figures of ``shared.dossier_figures`` (open within time / overdue /
with no due date, this month's finished early / on time / late and the on-time rate), with
their source and "cập nhật lúc hh:mm" under them, marked "SỐ LIỆU CŨ" in red when the source
is stale."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import paint
from shared.board import Figures
from shared.i18n import tr
from shared.wait_board import wait_text

#: Where a service's current wait ("~15 phút") starts, as a share of the panel's width: the
#: name before it, the waiting count after it.
WAIT_LEFT = 0.52
WAIT_RIGHT = 0.84


def percent(rate: float | None, language: str) -> str:
    """98.5 % as Vietnamese writes it ("98,5 %"), or "—" without finished dossiers."""
    if rate is None:
        return tr("display.no_rate", language)
    text = f"{rate * 100:.1f}"
    return (text.replace(".", ",") if language == "vi" else text) + " %"


class FiguresPanel(QWidget):
    """Painted; two blocks: the queue, then the dossiers."""

    def __init__(self, parent: QWidget | None = None, language: str = "vi") -> None:
        super().__init__(parent)
        self.language = language
        self.figures = Figures()
        self.month = 1
        self.unit = 1.0
        #: A narrow strip beside a full-width grid: the totals only, label over value.
        self.compact = False
        #: The moment a stale source is judged at (the wall's clock).
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)

    def set_figures(self, figures: Figures, month: int) -> None:
        if (figures, month) != (self.figures, self.month):
            self.figures, self.month = figures, month
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h, u = float(self.width()), float(self.height()), self.unit
        lang = self.language
        paint.rounded(painter, QRectF(0, 0, w, h), 12 * u, paint.SURFACE)
        if self.compact:
            self._paint_compact(painter)
            painter.end()
            return
        pad = 16 * u
        services = [s for s in self.figures.services]
        rows = len(services) + 14
        row_h = min(60 * u, (h - pad) / max(rows, 1))
        text_px = row_h * 0.56
        y = pad * 0.5
        left, width = pad, w - 2 * pad

        def line(label: str, value: str, color: QColor = paint.TEXT, bold: bool = False,
                 label_color: QColor = paint.TEXT, wait: str | None = None) -> None:
            nonlocal y
            label_w = width * (0.74 if wait is None else WAIT_LEFT)
            paint.draw_text(painter, QRectF(left, y, label_w, row_h), label, text_px,
                            label_color, bold=bold)
            if wait:  # the current wait per service, between the name and the count
                paint.draw_text(painter, QRectF(left + label_w, y, width * WAIT_RIGHT - label_w,
                                                row_h), wait, text_px, paint.TEXT,
                                bold=True, align=paint.ALIGN_RIGHT, floor=0.7)
            value_left = 0.74 if wait is None else WAIT_RIGHT
            paint.draw_text(painter, QRectF(left + width * value_left, y,
                                            width * (1 - value_left), row_h),
                            value, text_px * 1.1, color, bold=True, align=paint.ALIGN_RIGHT)
            y += row_h

        def title(text: str) -> None:
            nonlocal y
            paint.draw_text(painter, QRectF(left, y, width, row_h), text, row_h * 0.56,
                            paint.MUTED, bold=True)
            y += row_h

        title(tr("display.waiting", lang))
        paint.draw_text(painter, QRectF(left + width * WAIT_LEFT, y - row_h,
                                        width * (WAIT_RIGHT - WAIT_LEFT), row_h),
                        tr("display.wait_heading", lang), row_h * 0.5, paint.MUTED,
                        align=paint.ALIGN_RIGHT, floor=0.7)
        for figure in services:
            name = figure.name_en if lang == "en" and figure.name_en else figure.name
            line(name, str(figure.waiting), paint.YELLOW, wait=wait_text(figure.wait, lang))
        line(tr("display.served_today", lang), str(self.figures.served), paint.GREEN)
        y += row_h * 0.3
        painter.setPen(paint.BORDER)
        painter.drawLine(int(left), int(y - row_h * 0.15), int(left + width), int(y - row_h * 0.15))
        dossiers = self.figures.dossiers
        title(tr("display.dossiers", lang))
        line(tr("display.open_within", lang), str(dossiers.open_within_time), paint.GREEN)
        line(tr("display.open_overdue", lang), str(dossiers.open_overdue),
             paint.RED if dossiers.open_overdue else paint.TEXT)
        line(tr("display.open_no_deadline", lang),
             "—" if dossiers.open_no_deadline is None else str(dossiers.open_no_deadline),
             paint.TEXT, label_color=paint.MUTED)
        paint.draw_text(painter, QRectF(left, y, width, row_h),
                        tr("display.month_finished", lang, month=self.month), text_px,
                        paint.MUTED)
        y += row_h
        line("   " + tr("display.early", lang), str(dossiers.finished_early), paint.GREEN)
        line("   " + tr("display.on_time", lang), str(dossiers.finished_on_time), paint.TEXT)
        line("   " + tr("display.late", lang), str(dossiers.finished_late),
             paint.RED if dossiers.finished_late else paint.TEXT)
        line(tr("display.on_time_rate", lang), percent(dossiers.on_time_rate, lang),
             paint.YELLOW, bold=True)
        self._paint_source(painter, QRectF(left, y, width, row_h * 1.5), text_px * 0.7)
        painter.end()

    def _paint_source(self, painter: QPainter, rect: QRectF, px: float) -> None:
        """Two lines under the figures: their source, and "cập nhật lúc hh:mm", which starts
        with "⚠ SỐ LIỆU CŨ" in red when the source is stale."""
        source = self.figures.dossiers.source
        lang = self.language
        stale = source.is_stale(self.now())
        name = f"{'Source' if lang == 'en' else 'Nguồn'}: {source.name(lang)}"
        updated = source.updated_text(lang)
        if stale:
            updated = f"⚠ {tr('display.source_stale', lang)}" + (f" · {updated}"
                                                                 if updated else "")
        half = QRectF(rect.x(), rect.y(), rect.width(), rect.height() / 2)
        paint.draw_text(painter, half, name, px, paint.MUTED, floor=0.6)
        paint.draw_text(painter, half.translated(0, rect.height() / 2), updated, px,
                        paint.RED if stale else paint.MUTED, bold=stale, floor=0.6)

    def _paint_compact(self, painter: QPainter) -> None:
        """Waiting, served today, dossiers overdue and the on-time rate: label over value."""
        w, h, u = float(self.width()), float(self.height()), self.unit
        lang = self.language
        figures, dossiers = self.figures, self.figures.dossiers
        blocks = [
            (tr("display.waiting_total", lang), str(figures.waiting), paint.YELLOW),
            (tr("display.served_today", lang), str(figures.served), paint.GREEN),
            (tr("display.open_overdue", lang), str(dossiers.open_overdue),
             paint.RED if dossiers.open_overdue else paint.TEXT),
            (tr("display.on_time_rate", lang)
             + (f" ⚠ {tr('display.source_stale', lang)}"
                if dossiers.source.is_stale(self.now()) else ""),
             percent(dossiers.on_time_rate, lang), paint.YELLOW),
        ]
        pad = 12 * u
        block_h = min((h - pad) / len(blocks), 130 * u)
        y = pad * 0.5
        for label, value, color in blocks:
            paint.draw_text(painter, QRectF(pad, y, w - 2 * pad, block_h * 0.4), label,
                            block_h * 0.2, paint.MUTED, bold=True, floor=0.7)
            paint.draw_text(painter, QRectF(pad, y + block_h * 0.36, w - 2 * pad,
                                            block_h * 0.56), value, block_h * 0.44, color,
                            bold=True)
            y += block_h

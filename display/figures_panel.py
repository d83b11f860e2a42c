"""The figures: waiting per service with the wait a ticket taken now would get
(``shared.wait_board``: "~15 phút", "Sắp đến lượt") and served today (from the queue
summary), and the dossier figures of ``shared.dossier_figures`` (open within time / overdue /
with no due date, this month's finished early / on time / late and the on-time rate), with
their source and "cập nhật lúc hh:mm" under them, marked "SỐ LIỆU CŨ" in red when the source
is stale."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import paint
from shared.board import Figures
from shared.i18n import tr
from shared.wait_board import wait_text

#: How long each page of figures stays before the next.
PAGE_MS = 7000


def percent(rate: float | None, language: str) -> str:
    """98.5 % as Vietnamese writes it ("98,5 %"), or "—" without finished dossiers."""
    if rate is None:
        return tr("display.no_rate", language)
    text = f"{rate * 100:.1f}"
    return (text.replace(".", ",") if language == "vi" else text) + " %"


@dataclass(frozen=True)
class Line:
    """One row of figures: a label, its value, and for a service its current wait."""

    label: str
    value: str
    color: QColor = field(default_factory=lambda: paint.TEXT)
    wait: str | None = None
    label_color: QColor = field(default_factory=lambda: paint.TEXT)


@dataclass(frozen=True)
class Page:
    """What the panel shows at once: a title and rows (the dossier pages with the source)."""

    title: str
    lines: tuple[Line, ...]
    heading: str = ""
    source: bool = False


class FiguresPanel(QWidget):
    """Painted. The figures are drawn at back-row size (``paint.BACK_ROW_PX``: a cap height of
    20 mm on a 55" 1080p screen), so they do not all fit at once: they come in pages (the
    queue, the open dossiers, the month's finished ones) that turn every ``PAGE_MS``."""

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
        self.page = 0
        self._page_timer = QTimer(self)
        self._page_timer.setInterval(PAGE_MS)
        self._page_timer.timeout.connect(self._on_page_timeout)
        self._page_timer.start()

    def set_figures(self, figures: Figures, month: int) -> None:
        if (figures, month) != (self.figures, self.month):
            self.figures, self.month = figures, month
            self.update()

    def _on_page_timeout(self) -> None:
        if self.page_count() > 1:
            self.page = (self.page + 1) % self.page_count()
            self.update()

    # -- what is shown ----------------------------------------------------------------------
    def _stale(self) -> bool:
        return self.figures.dossiers.source.is_stale(self.now())

    def pages(self) -> list[Page]:
        """Every page at the panel's current size (long lists split over several)."""
        if self.compact:
            return self._compact_pages()
        lang = self.language
        dossiers = self.figures.dossiers
        queue = [Line(figure.name_en if lang == "en" and figure.name_en else figure.name,
                      str(figure.waiting), paint.YELLOW, wait=wait_text(figure.wait, lang))
                 for figure in self.figures.services]
        queue.append(Line(tr("display.served_today", lang), str(self.figures.served),
                          paint.GREEN))
        rate = Line(tr("display.on_time_rate", lang), percent(dossiers.on_time_rate, lang),
                    paint.YELLOW)
        open_lines = [
            Line(tr("display.open_within", lang), str(dossiers.open_within_time), paint.GREEN),
            Line(tr("display.open_overdue", lang), str(dossiers.open_overdue),
                 paint.RED if dossiers.open_overdue else paint.TEXT),
            # None: the source does not say (OpenCPS's statistics) — "—", as the board shows
            Line(tr("display.open_no_deadline", lang),
                 "—" if dossiers.open_no_deadline is None else str(dossiers.open_no_deadline),
                 paint.TEXT, label_color=paint.MUTED),
        ]
        finished = [
            Line(tr("display.early", lang), str(dossiers.finished_early), paint.GREEN),
            Line(tr("display.on_time", lang), str(dossiers.finished_on_time), paint.TEXT),
            Line(tr("display.late", lang), str(dossiers.finished_late),
                 paint.RED if dossiers.finished_late else paint.TEXT),
            rate,
        ]
        capacity = self._capacity(with_source=False)
        pages = [Page(tr("display.waiting", lang), tuple(chunk),
                      heading=tr("display.wait_heading", lang))
                 for chunk in _chunks(queue, capacity)]
        dossier_capacity = self._capacity(with_source=True)
        pages += [Page(tr("display.dossiers", lang), tuple(chunk), source=True)
                  for chunk in _chunks(open_lines, dossier_capacity)]
        pages += [Page(tr("display.month_finished", lang, month=self.month), tuple(chunk),
                       source=True) for chunk in _chunks(finished, dossier_capacity)]
        return pages

    def page_count(self) -> int:
        return len(self.pages())

    def _metrics(self) -> tuple[float, float, float, float]:
        """(padding, the title's height, a row's height, the figures' font size)."""
        u = self.unit
        px = paint.BACK_ROW_PX * u
        return 14 * u, 40 * u, px * 1.3, px

    def _footer_h(self, with_source: bool) -> float:
        u = self.unit
        if not with_source:  # the queue's pages: no dossier source, no stale mark
            return 0.0
        stale = paint.BACK_ROW_PX * u * 1.3 if self._stale() else 0.0
        return stale + 52 * u

    def _capacity(self, *, with_source: bool) -> int:
        pad, title_h, row_h, _px = self._metrics()
        room = self.height() - pad - title_h - self._footer_h(with_source)
        return max(1, int(room // row_h))

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h, u = float(self.width()), float(self.height()), self.unit
        paint.rounded(painter, QRectF(0, 0, w, h), 12 * u, paint.SURFACE)
        pages = self.pages()
        page = pages[self.page % len(pages)]
        if self.compact:
            self._paint_compact(painter, page)
        else:
            self._paint_page(painter, page)
        painter.end()

    def _paint_page(self, painter: QPainter, page: Page) -> None:
        w, u = float(self.width()), self.unit
        pad, title_h, row_h, px = self._metrics()
        left, width = pad, w - 2 * pad
        y = pad * 0.5
        paint.draw_text(painter, QRectF(left, y, width, title_h), page.title.upper(), 30 * u,
                        paint.MUTED, bold=True, floor=0.6)
        if page.heading:
            paint.draw_text(painter, QRectF(left + width * 0.45, y, width * 0.55, title_h),
                            page.heading, 26 * u, paint.MUTED, align=paint.ALIGN_RIGHT,
                            floor=0.6)
        y += title_h
        value_w = max((QFontMetricsF(paint.font(px, bold=True)).horizontalAdvance(line.value)
                       for line in page.lines), default=0.0) + 8 * u
        wait_w = max((QFontMetricsF(paint.font(px, bold=True)).horizontalAdvance(line.wait)
                      for line in page.lines if line.wait), default=0.0)
        for line in page.lines:
            right = left + width - value_w
            paint.draw_text(painter, QRectF(right, y, value_w, row_h), line.value, px,
                            line.color, bold=True, align=paint.ALIGN_RIGHT, floor=1.0)
            if line.wait:  # the current wait per service, between the name and the count
                right -= wait_w + 16 * u
                paint.draw_text(painter, QRectF(right, y, wait_w, row_h), line.wait, px,
                                paint.TEXT, bold=True, align=paint.ALIGN_RIGHT, floor=1.0)
            paint.draw_text(painter, QRectF(left, y, right - left - 12 * u, row_h), line.label,
                            px, line.label_color, floor=0.55)
            y += row_h
        self._paint_footer(painter, page.source)

    def _paint_footer(self, painter: QPainter, with_source: bool) -> None:
        """At the bottom: the dossiers' source and "cập nhật lúc hh:mm" (small), and, when
        the source is stale, "⚠ SỐ LIỆU CŨ" in red as big as the figures."""
        w, h, u = float(self.width()), float(self.height()), self.unit
        pad = 14 * u
        y = h - pad * 0.5 - self._footer_h(with_source)
        source = self.figures.dossiers.source
        lang = self.language
        if not with_source:  # the queue's pages: the stale mark is the dossiers' only
            return
        name = f"{'Source' if lang == 'en' else 'Nguồn'}: {source.name(lang)}"
        paint.draw_text(painter, QRectF(pad, y, w - 2 * pad, 26 * u), name, 21 * u,
                        paint.MUTED, floor=0.6)
        paint.draw_text(painter, QRectF(pad, y + 26 * u, w - 2 * pad, 26 * u),
                        source.updated_text(lang), 21 * u, paint.MUTED, floor=0.6)
        y += 52 * u
        if self._stale():
            paint.draw_text(painter, QRectF(pad, y, w - 2 * pad, paint.BACK_ROW_PX * u * 1.3),
                            f"⚠ {tr('display.source_stale', lang)}", paint.BACK_ROW_PX * u,
                            paint.RED, bold=True, floor=1.0)

    def _compact_pages(self) -> list[Page]:
        """Waiting, served today, dossiers overdue and the on-time rate: label over value."""
        lang = self.language
        figures, dossiers = self.figures, self.figures.dossiers
        blocks = [
            Line(tr("display.waiting_total", lang), str(figures.waiting), paint.YELLOW),
            Line(tr("display.served_today", lang), str(figures.served), paint.GREEN),
            Line(tr("display.open_overdue", lang), str(dossiers.open_overdue),
                 paint.RED if dossiers.open_overdue else paint.TEXT),
            Line(tr("display.on_time_rate", lang)
                 + (f" ⚠ {tr('display.source_stale', lang)}" if self._stale() else ""),
                 percent(dossiers.on_time_rate, lang), paint.YELLOW),
        ]
        capacity = max(1, int((self.height() - 12 * self.unit) // self._block_h()))
        return [Page("", tuple(chunk)) for chunk in _chunks(blocks, capacity)]

    def _block_h(self) -> float:
        u = self.unit
        return 34 * u + paint.BACK_ROW_PX * u * 1.3

    def _paint_compact(self, painter: QPainter, page: Page) -> None:
        w, u = float(self.width()), self.unit
        pad = 12 * u
        block_h = self._block_h()
        y = pad * 0.5
        for line in page.lines:
            paint.draw_text(painter, QRectF(pad, y, w - 2 * pad, 34 * u), line.label, 24 * u,
                            paint.RED if "⚠" in line.label else paint.MUTED, bold=True,
                            floor=0.6)
            paint.draw_text(painter, QRectF(pad, y + 34 * u, w - 2 * pad,
                                            paint.BACK_ROW_PX * u * 1.3),
                            line.value, paint.BACK_ROW_PX * u, line.color, bold=True,
                            floor=0.9)
            y += block_h


def _chunks(lines: list[Line], size: int) -> list[list[Line]]:
    return [lines[index:index + size] for index in range(0, len(lines), size)] or [[]]

"""The "now calling" banner: a yellow panel with the number and the counter, shown for
``highlight_seconds`` after a call or a recall (the latest call wins). The window places it
where it hides no called tile: over the side panel (painted as a column), or as a band over
the half of the grid away from the called counter (painted as a row)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QWidget

from display import paint
from shared.board import RecentCall
from shared.i18n import tr


class NowCallingBanner(QWidget):
    """Hidden until :meth:`show_call`; hides itself after ``seconds``."""

    def __init__(self, parent: QWidget | None = None, language: str = "vi") -> None:
        super().__init__(parent)
        self.language = language
        self.call: RecentCall | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.hide()

    def show_call(self, call: RecentCall, seconds: float) -> None:
        self.call = call
        self._timer.start(max(1, int(seconds * 1000)))
        self.show()
        self.raise_()
        self.update()

    def _on_timer_timeout(self) -> None:
        self.hide()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.call is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        s = min(w, h)
        shadow = QRectF(s * 0.02, s * 0.03, w - s * 0.02, h - s * 0.03)
        paint.rounded(painter, shadow, s * 0.06, QColor(0, 0, 0, 150))
        panel = QRectF(0, 0, w - s * 0.02, h - s * 0.03)
        paint.rounded(painter, panel, s * 0.06, paint.YELLOW, paint.ON_YELLOW, s * 0.01)
        title = tr("display.now_calling", self.language).upper()
        if self.call.recall:
            title += f" ({tr('display.recall_mark', self.language)})"
        if panel.height() > panel.width() * 0.8:
            self._paint_tall(painter, panel, title)
        else:
            self._paint_wide(painter, panel, title)
        painter.end()

    @staticmethod
    def title_lines(title: str, width: float, px: float) -> tuple[list[str], float]:
        """The title on one line at ``px`` (or down to 0.8 × px), else on two lines (the
        recall mark, or the second half of the words, on the second), never cut."""
        for size in (px, px * 0.9, px * 0.8):
            if QFontMetricsF(paint.font(size, bold=True)).horizontalAdvance(title) <= width:
                return [title], size
        if " (" in title:
            head, tail = title.split(" (", 1)
            lines = [head, "(" + tail]
        else:
            words = title.split()
            half = (len(words) + 1) // 2
            lines = [" ".join(words[:half]), " ".join(words[half:])]
        size = px * 0.8
        widest = max(QFontMetricsF(paint.font(size, bold=True)).horizontalAdvance(line)
                     for line in lines)
        if widest > width:
            size = size * width / widest * 0.98
        return lines, size

    def _paint_title(self, painter: QPainter, rect: QRectF, title: str, px: float,
                     align: Qt.AlignmentFlag) -> None:
        lines, size = self.title_lines(title, rect.width(), px)
        line_h = rect.height() / len(lines) if len(lines) > 1 else rect.height()
        if len(lines) > 1:
            size = min(size, line_h * 0.85)
        for index, line in enumerate(lines):
            paint.draw_text(painter, QRectF(rect.left(), rect.top() + index * line_h,
                                            rect.width(), line_h),
                            line, size, paint.ON_YELLOW, bold=True, align=align, shrink=False)

    def _paint_wide(self, painter: QPainter, panel: QRectF, title: str) -> None:
        """A band: the title on top, then the number → QUẦY n, all inside the panel."""
        assert self.call is not None
        pad = panel.height() * 0.07
        inner = panel.adjusted(pad * 1.5, pad, -pad * 1.5, -pad)
        header_h = inner.height() * 0.24
        self._paint_title(painter, QRectF(inner.left(), inner.top(), inner.width(), header_h),
                          title, header_h * 0.72, paint.ALIGN_LEFT)
        body = QRectF(inner.left(), inner.top() + header_h, inner.width(),
                      inner.height() - header_h)
        # One centred group: the number, an arrow, then "QUẦY" over the counter's number,
        # scaled down together until the group fits the width.
        counter_text = str(self.call.counter_number)
        word = tr("display.counter_word", self.language)
        big = body.height() * 0.8
        label_h = body.height() * 0.3
        label_px = label_h * 0.8
        for _attempt in range(3):
            metrics = QFontMetricsF(paint.font(big, bold=True))
            number_w = metrics.horizontalAdvance(self.call.ticket_number)
            counter_w = max(metrics.horizontalAdvance(counter_text),
                            QFontMetricsF(paint.font(label_px, bold=True)).horizontalAdvance(
                                word))
            arrow_w = big * 0.9
            space = big * 0.25
            total = number_w + space + arrow_w + space + counter_w
            if total <= body.width():
                break
            scale = body.width() / total * 0.98
            big *= scale
            label_px *= scale
        x = body.left() + max(0.0, (body.width() - total) / 2)
        paint.draw_text(painter, QRectF(x, body.top(), number_w, body.height()),
                        self.call.ticket_number, big, paint.ON_YELLOW, bold=True, floor=1.0)
        x += number_w + space
        self._arrow(painter, QRectF(x, body.top(), arrow_w, body.height()))
        x += arrow_w + space
        right = QRectF(x, body.top(), counter_w, body.height())
        paint.draw_text(painter, QRectF(right.left(), right.top(), right.width(), label_h),
                        word, label_px, paint.ON_YELLOW, bold=True, align=paint.ALIGN_CENTER,
                        floor=1.0)
        paint.draw_text(painter, QRectF(right.left(), right.top() + label_h, right.width(),
                                        right.height() - label_h),
                        counter_text, min(big, (right.height() - label_h)),
                        paint.ON_YELLOW, bold=True, align=paint.ALIGN_CENTER)

    def _paint_tall(self, painter: QPainter, panel: QRectF, title: str) -> None:
        """A column (over the side panel): title, the number, "QUẦY", the counter number."""
        assert self.call is not None
        pad = panel.width() * 0.06
        inner = panel.adjusted(pad, pad, -pad, -pad)
        x, width = inner.left(), inner.width()
        title_h = min(inner.height() * 0.14, width * 0.2)
        y = inner.top()
        self._paint_title(painter, QRectF(x, y, width, title_h), title, title_h * 0.5,
                          paint.ALIGN_CENTER)
        y += title_h
        number_h = inner.height() * 0.38
        big = min(number_h * 0.9, width * 0.95 / 2.5)
        paint.draw_text(painter, QRectF(x, y, width, number_h), self.call.ticket_number, big,
                        paint.ON_YELLOW, bold=True, align=paint.ALIGN_CENTER)
        y += number_h
        arrow_h = inner.height() * 0.1
        self._arrow_down(painter, QRectF(x, y, width, arrow_h))
        y += arrow_h
        label_h = inner.height() * 0.1
        paint.draw_text(painter, QRectF(x, y, width, label_h),
                        tr("display.counter_word", self.language), label_h * 0.75,
                        paint.ON_YELLOW, bold=True, align=paint.ALIGN_CENTER)
        y += label_h
        paint.draw_text(painter, QRectF(x, y, width, inner.bottom() - y),
                        str(self.call.counter_number), min(big, (inner.bottom() - y) * 0.9),
                        paint.ON_YELLOW, bold=True, align=paint.ALIGN_CENTER)

    @staticmethod
    def _arrow_down(painter: QPainter, rect: QRectF) -> None:
        cx, cy = rect.center().x(), rect.center().y()
        size = min(rect.width(), rect.height()) * 0.42
        shaft = size * 0.28
        points = [QPointF(cx - shaft, cy - size), QPointF(cx + shaft, cy - size),
                  QPointF(cx + shaft, cy), QPointF(cx + size, cy), QPointF(cx, cy + size),
                  QPointF(cx - size, cy), QPointF(cx - shaft, cy)]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(paint.ON_YELLOW)
        painter.drawPolygon(QPolygonF(points))

    @staticmethod
    def _arrow(painter: QPainter, rect: QRectF) -> None:
        cx, cy = rect.center().x(), rect.center().y()
        size = min(rect.width(), rect.height()) * 0.42
        shaft = size * 0.28
        points = [QPointF(cx - size, cy - shaft), QPointF(cx, cy - shaft),
                  QPointF(cx, cy - size), QPointF(cx + size, cy), QPointF(cx, cy + size),
                  QPointF(cx, cy + shaft), QPointF(cx - size, cy + shaft)]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(paint.ON_YELLOW)
        painter.drawPolygon(QPolygonF(points))

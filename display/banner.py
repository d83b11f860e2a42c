"""The "now calling" banner: a yellow band over the board with the number and the counter,
shown for ``highlight_seconds`` after a call or a recall (the latest call wins)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPolygonF
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
        shadow = QRectF(h * 0.03, h * 0.05, w - h * 0.03, h - h * 0.05)
        paint.rounded(painter, shadow, h * 0.08, QColor(0, 0, 0, 150))
        panel = QRectF(0, 0, w - h * 0.03, h - h * 0.05)
        paint.rounded(painter, panel, h * 0.08, paint.YELLOW, paint.ON_YELLOW, h * 0.012)
        pad = h * 0.07
        inner = panel.adjusted(pad * 1.5, pad, -pad * 1.5, -pad)
        header_h = inner.height() * 0.2
        title = tr("display.now_calling", self.language).upper()
        if self.call.recall:
            title += f" ({tr('display.recall_mark', self.language)})"
        paint.draw_text(painter, QRectF(inner.left(), inner.top(), inner.width(), header_h),
                        title, header_h * 0.8, paint.ON_YELLOW, bold=True)
        body = QRectF(inner.left(), inner.top() + header_h, inner.width(),
                      inner.height() - header_h)
        number_w = body.width() * 0.56
        big = body.height() * 0.66
        label_h = body.height() * 0.26
        lower = QRectF(body.left(), body.top() + label_h, body.width(), body.height() - label_h)
        paint.draw_text(painter, QRectF(lower.left(), lower.top(), number_w, lower.height()),
                        self.call.ticket_number, big, paint.ON_YELLOW, bold=True)
        arrow_w = body.width() * 0.1
        self._arrow(painter, QRectF(body.left() + number_w, lower.top(), arrow_w,
                                    lower.height()))
        right = QRectF(body.left() + number_w + arrow_w, body.top(),
                       body.width() - number_w - arrow_w, body.height())
        paint.draw_text(painter, QRectF(right.left(), right.top(), right.width(), label_h),
                        tr("display.counter_word", self.language), label_h * 0.8,
                        paint.ON_YELLOW, bold=True, align=paint.ALIGN_CENTER)
        paint.draw_text(painter, QRectF(right.left(), right.top() + label_h, right.width(),
                                        right.height() - label_h),
                        str(self.call.counter_number), big, paint.ON_YELLOW, bold=True,
                        align=paint.ALIGN_CENTER)
        painter.end()

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

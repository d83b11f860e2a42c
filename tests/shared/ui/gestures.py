"""A finger on a touchscreen, as the tests play it: press, move in small steps, lift."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScroller, QWidget
from pytestqt.qtbot import QtBot


def drag(qtbot: QtBot, widget: QWidget, start: QPoint, end: QPoint, steps: int = 12) -> None:
    """A finger put down at ``start`` on ``widget``, moved to ``end``, then lifted; returns
    once the scroll it started has come to rest."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, steps + 1):
        qtbot.wait(15)
        qtbot.mouseMove(widget, start + (end - start) * step / steps)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)
    # Let the fling run out: a scroller still moving when its widget goes away confuses the
    # next drag (Qt keeps the gesture's state).
    if QScroller.hasScroller(widget):
        scroller = QScroller.scroller(widget)
        qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=5000)

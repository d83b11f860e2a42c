"""What the clerk sees: a selected row of any list stands out (dark blue, white text)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from counter.app import CounterWindow
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, log_in, press

SELECTED_BG = QColor("#0B4A8F")


def _share(image: QImage, colour: QColor, *, near: int = 40) -> float:
    """The share of the pixels of ``image`` within ``near`` of ``colour`` per channel."""
    hits = total = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            total += 1
            if (abs(pixel.red() - colour.red()) <= near
                    and abs(pixel.green() - colour.green()) <= near
                    and abs(pixel.blue() - colour.blue()) <= near):
                hits += 1
    return hits / max(1, total)


def _selected_row_image(view: QAbstractItemView) -> QImage:
    index = view.currentIndex()
    assert index.isValid()
    rect = view.visualRect(index)
    if hasattr(view, "setCurrentCell"):  # a table: the whole row
        rect.setLeft(0)
        rect.setRight(view.viewport().width() - 1)
    return view.viewport().grab(rect).toImage()


def assert_selected_row_is_readable(view: QAbstractItemView) -> None:
    """The selected row is mostly the dark selection blue, with white text on it."""
    image = _selected_row_image(view)
    assert _share(image, SELECTED_BG) > 0.5, "the selected row is not dark blue"
    assert _share(image, QColor("#FFFFFF"), near=60) > 0.01, "no white text on the row"


def _serving(qtbot: QtBot, make_window: MakeWindow) -> CounterWindow:
    window = make_window(1)
    for _ in range(3):
        window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F1)
    return window


def test_the_selected_outcome_and_transfer_rows_are_dark_with_white_text(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """F5 then Down: the chosen outcome row is dark blue with white text (it was white text
    on a pale row); the same in the F4 transfer list."""
    window = _serving(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.desk.outcome.list.currentRow() == 1
    assert_selected_row_is_readable(window.desk.outcome.list)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_F4)
    assert window.current_widget() is window.desk.transfer
    assert_selected_row_is_readable(window.desk.transfer.list)


def test_the_selected_waiting_and_dossier_rows_are_dark_with_white_text(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """The waiting list and the procedure picker mark their selected row the same way."""
    window = _serving(qtbot, make_window)
    assert_selected_row_is_readable(window.desk.waiting.table)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.keyClicks(window.desk.picker.search, "khai sinh")
    press(qtbot, window, Qt.Key.Key_Down)
    assert_selected_row_is_readable(window.desk.picker.results)

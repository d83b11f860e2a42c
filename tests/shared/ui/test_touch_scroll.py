"""Tests for shared/ui/touch_scroll.py: a finger drags the list; big page buttons move it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScroller, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from shared.ui.theme import MIN_TOUCH_MM, mm_to_px
from shared.ui.touch_scroll import TouchScrollArea
from tests.shared.ui.gestures import drag

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def area(qtbot: QtBot, font_family: str) -> TouchScrollArea:
    """A 400x300 area over 40 buttons, each 60 px tall (a list much longer than the area)."""
    content = QWidget()
    rows = QVBoxLayout(content)
    for index in range(40):
        button = QPushButton(f"Thủ tục {index}")
        button.setMinimumHeight(60)
        rows.addWidget(button)
    scroll = TouchScrollArea()
    scroll.setWidget(content)
    scroll.resize(400, 300)
    qtbot.addWidget(scroll)
    scroll.show()
    qtbot.waitExposed(scroll)
    return scroll


def test_the_viewport_follows_a_finger_drag(area: TouchScrollArea, qtbot: QtBot) -> None:
    """Dragging the content upwards scrolls the list down (the gesture is grabbed on the
    viewport), and the area says the user scrolled."""
    assert QScroller.hasScroller(area.viewport())
    bar = area.verticalScrollBar()
    assert bar.value() == 0
    with qtbot.waitSignal(area.user_scrolled, timeout=3000):
        drag(qtbot, area.viewport(), QPoint(150, 250), QPoint(150, 40))
    qtbot.waitUntil(lambda: bar.value() > 100, timeout=3000)


def test_page_buttons_and_a_wide_bar(area: TouchScrollArea, qtbot: QtBot) -> None:
    """The scroll bar and its page buttons are at least 15 mm wide; "page down" moves the
    list by about a page, "page up" back; page up is disabled at the top."""
    bar = area.verticalScrollBar()
    wide = mm_to_px(area, MIN_TOUCH_MM)
    assert bar.width() >= wide and area.page_down.width() >= wide
    assert area.page_down.height() >= wide
    assert not area.page_up.isEnabled() and area.page_down.isEnabled()
    with qtbot.waitSignal(area.user_scrolled):
        qtbot.mouseClick(area.page_down, LEFT)
    assert bar.value() == bar.pageStep()
    assert area.page_up.isEnabled()
    qtbot.mouseClick(area.page_up, LEFT)
    assert bar.value() == 0


def test_a_tap_on_a_button_in_the_list_still_clicks_it(area: TouchScrollArea,
                                                       qtbot: QtBot) -> None:
    """Grabbing the drag gesture does not swallow taps: a button inside reacts at once."""
    content = area.widget()
    assert content is not None
    first = content.findChildren(QPushButton)[0]
    with qtbot.waitSignal(first.clicked, timeout=1000):
        qtbot.mouseClick(first, LEFT)


def test_programmatic_scrolling_is_not_a_user_scroll(area: TouchScrollArea,
                                                     qtbot: QtBot) -> None:
    """New results scrolled back to the top by the program do not count as the user's."""
    with qtbot.assertNotEmitted(area.user_scrolled):
        area.verticalScrollBar().setValue(200)
        area.scroll_to_top()
    assert area.verticalScrollBar().value() == 0


def test_label_only_content_scrolls_too(qtbot: QtBot, font_family: str) -> None:
    """A long text page (a procedure's steps) is dragged the same way."""
    text = QLabel("\n".join(f"Bước {n}" for n in range(80)))
    scroll = TouchScrollArea()
    scroll.setWidget(text)
    scroll.resize(400, 300)
    qtbot.addWidget(scroll)
    scroll.show()
    qtbot.waitExposed(scroll)
    drag(qtbot, scroll.viewport(), QPoint(100, 260), QPoint(100, 20))
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().value() > 100, timeout=3000)

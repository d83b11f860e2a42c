"""A scroll area for fingers: drag the content itself, or use big page buttons.

People new to touchscreens try to push the list with a finger, so the content follows a drag
(``QScroller`` with the left-mouse-button gesture: a touchscreen's single touch arrives as a
mouse press); the scroll bar is ``bar_mm`` wide (15 mm, a touch target) with a "page up" button
above it and "page down" below, for those who would rather tap.

    area = TouchScrollArea()
    area.setWidget(content)
    area.user_scrolled.connect(keyboard.hide)   # the user moved the list (not the program)
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QWidget,
)

from shared.ui.theme import COLORS, MIN_TOUCH_MM, mm_to_px

_PAGE_STEP = QAbstractSlider.SliderAction.SliderPageStepAdd
_PAGE_BACK = QAbstractSlider.SliderAction.SliderPageStepSub


def arrow_icon(up: bool, color: str = "#0B4A8F", size: int = 96) -> QIcon:
    """A plain filled triangle pointing up or down."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    top, bottom, left, right = size * 0.25, size * 0.75, size * 0.12, size * 0.88
    tip, base = (top, bottom) if up else (bottom, top)
    painter.drawPolygon(QPolygonF([QPointF(size / 2, tip), QPointF(right, base),
                                   QPointF(left, base)]))
    painter.end()
    return QIcon(pixmap)


def bar_stylesheet(width_px: int, track: str = COLORS["kiosk"].surface,
                   handle: str = COLORS["kiosk"].primary) -> str:
    """A flat scroll bar ``width_px`` wide with a handle a finger can hold (no arrow buttons:
    the page buttons above and below it do that job, larger)."""
    inset = max(3, width_px // 6)
    return f"""
QScrollBar:vertical {{ width: {width_px}px; background: {track}; margin: 0; border: none; }}
QScrollBar::handle:vertical {{ background: {handle}; min-height: {width_px}px;
    border-radius: {(width_px - 2 * inset) // 2}px; margin: 2px {inset}px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; border: none; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""


def page_button_stylesheet(color: str = COLORS["kiosk"].primary,
                           background: str = COLORS["kiosk"].surface) -> str:
    return f"""
QPushButton {{ background: {background}; border: 3px solid {color}; border-radius: 8px;
    padding: 0; }}
QPushButton:pressed {{ background: #D5E2F1; }}
QPushButton:disabled {{ border-color: #C9D6E6; background: #F6F8FB; }}
"""


def grab_touch_scrolling(area: QScrollArea) -> QScroller:
    """Let a finger drag ``area``'s content (no bounce past the ends); the area's scroller."""
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    # A tap on a button in the list must react at once; a drag still cancels it.
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(properties)
    return scroller


class TouchScrollArea(QScrollArea):
    """A vertical scroll area with finger dragging, a wide scroll bar and page buttons."""

    #: The user moved the content: a drag, a page button, or the scroll bar.
    user_scrolled = Signal()

    def __init__(self, parent: QWidget | None = None, *, bar_mm: float = MIN_TOUCH_MM) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller = grab_touch_scrolling(self)
        self.scroller.stateChanged.connect(self._on_scroller_state_changed)
        self._bar_px = mm_to_px(self, bar_mm)
        bar = self.verticalScrollBar()
        bar.setObjectName("touchScrollBar")
        bar.setStyleSheet(bar_stylesheet(self._bar_px))
        bar.actionTriggered.connect(self._on_bar_action_triggered)
        self.page_up = self._page_button("pageUp", up=True)
        self.page_down = self._page_button("pageDown", up=False)
        self.page_up.clicked.connect(self.page_back)
        self.page_down.clicked.connect(self.page_forward)
        self.addScrollBarWidget(self.page_up, Qt.AlignmentFlag.AlignTop)
        self.addScrollBarWidget(self.page_down, Qt.AlignmentFlag.AlignBottom)
        bar.rangeChanged.connect(self._on_bar_changed)
        bar.valueChanged.connect(self._on_bar_changed)

    def bar_width(self) -> int:
        return self._bar_px

    def minimumSizeHint(self) -> QSize:
        """Small enough to share a short screen with a keyboard (the page buttons then hide)."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), min(hint.height(), self._bar_px))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Too short for two page buttons and a bar between them: the bar alone (and the drag).
        roomy = event.size().height() >= self._bar_px * 3
        self.page_up.setVisible(roomy)
        self.page_down.setVisible(roomy)

    def page_forward(self) -> None:
        """One page down (what is at the bottom comes to the top)."""
        self.verticalScrollBar().triggerAction(_PAGE_STEP)

    def page_back(self) -> None:
        self.verticalScrollBar().triggerAction(_PAGE_BACK)

    def scroll_to_top(self) -> None:
        self.scroller.stop()
        self.verticalScrollBar().setValue(0)

    # -- internals ------------------------------------------------------------------------------
    def _page_button(self, name: str, *, up: bool) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setProperty("touchScroll", "page")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        icon = arrow_icon(up)
        icon.addPixmap(arrow_icon(up, "#B8C4D2").pixmap(96, 96), QIcon.Mode.Disabled)
        button.setIcon(icon)
        button.setStyleSheet(page_button_stylesheet())
        button.setIconSize(QSize(self._bar_px * 2 // 3, self._bar_px * 2 // 3))
        button.setFixedSize(self._bar_px, self._bar_px)
        button.setAutoRepeat(True)
        button.setAutoRepeatDelay(600)
        button.setAutoRepeatInterval(400)
        return button

    def _on_bar_changed(self, *_: int) -> None:
        bar = self.verticalScrollBar()
        self.page_up.setEnabled(bar.value() > bar.minimum())
        self.page_down.setEnabled(bar.value() < bar.maximum())

    def _on_bar_action_triggered(self, action: int) -> None:
        if action != QAbstractSlider.SliderAction.SliderNoAction.value:
            self.user_scrolled.emit()

    def _on_scroller_state_changed(self, state: QScroller.State) -> None:
        if state == QScroller.State.Dragging:
            self.user_scrolled.emit()

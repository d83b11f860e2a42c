"""The desk's cases around the straight path, by keyboard on a real SQLite file (issue 13):
a no-show undone and served, a no-show put back in its place, the clerk's time limit, a
ticket on hold taken back, a ticket left serving at 17:00 met the next morning, the log-out
that leaves nothing of the clerk, F9 that asks first, messages that never cover the tabs."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from counter.app import CounterWindow
from shared.clock import LOCAL_TZ, FixedClock
from shared.models import TicketStatus
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, log_in, press

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _desk(qtbot: QtBot, make_window: MakeWindow, tickets: int = 3) -> CounterWindow:
    window = make_window(1)
    for _ in range(tickets):
        window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    return window


def _set_aside_labels(window: CounterWindow) -> list[str]:
    return window.desk.set_aside.labels()


def test_a_no_show_marked_by_mistake_is_called_again_and_served(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """F3 on A001 by mistake; two minutes later Shift+F3 lists it, 1 calls it again at once,
    F5 2 finishes it: the day counts one served, no no-show."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_F3)
    assert "1 số vắng còn gọi lại được" in window.desk.waiting.set_aside.text()
    clock.advance(minutes=2)
    press(qtbot, window, Qt.Key.Key_F3, SHIFT)
    assert window.current_widget() is window.desk.set_aside
    labels = _set_aside_labels(window)
    assert len(labels) == 1 and "A001" in labels[0] and "vắng mặt lúc 09:00" in labels[0]
    assert "2 phút trước" in labels[0]
    press(qtbot, window, Qt.Key.Key_1)
    assert window.current_widget() is window.desk.waiting
    assert window.desk.serving.current_number() == "A001"
    assert "Đã hủy báo vắng" in window.desk.serving.last_label.text()
    assert window.actions_by_name["finish"].isEnabled()
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_2)
    summary = window.ctx.queue.summary(SITE)
    assert (summary.served["HT"], summary.no_show["HT"]) == (1, 0)
    assert window.ctx.queue.find_ticket(SITE, "A001").status == TicketStatus.FINISHED


def test_q_puts_a_no_show_back_in_the_queue_in_its_place(qtbot: QtBot,
                                                         make_window: MakeWindow) -> None:
    """The citizen of A001 is back but the clerk is busy: Q puts A001 back at the head of
    the waiting list (its issue time), for any counter of its service."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_F3)
    assert window.desk.waiting.numbers() == ["A002", "A003"]
    press(qtbot, window, Qt.Key.Key_F3, SHIFT)
    press(qtbot, window, Qt.Key.Key_Q)
    assert window.current_widget() is window.desk.waiting
    qtbot.waitUntil(lambda: window.desk.waiting.numbers() == ["A001", "A002", "A003"],
                    timeout=2000)
    assert "trở lại hàng đợi" in window.desk.serving.last_label.text()
    assert window.ctx.queue.find_ticket(SITE, "A001").status == TicketStatus.WAITING


def test_past_the_time_allowed_the_clerk_is_sent_to_a_supervisor(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """16 minutes after the no-show (15 allowed) the row is greyed with the reason; 1 and Q
    do nothing; Esc goes back."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_F3)
    clock.advance(minutes=16)
    press(qtbot, window, Qt.Key.Key_F3, SHIFT)
    assert "quá 15 phút: nhờ giám sát viên" in _set_aside_labels(window)[0]
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_Q)
    assert window.ctx.queue.find_ticket(SITE, "A001").status == TicketStatus.NO_SHOW
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.current_widget() is window.desk.waiting


def test_a_ticket_on_hold_lets_the_desk_serve_another_and_is_taken_back(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """A001 served 4 minutes, Ctrl+H (a copy to make): the desk is free and says it holds
    one; F1 serves A002; then Shift+F3 1 takes A001 back, its clock at 4 minutes again."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    clock.advance(minutes=4)
    press(qtbot, window, Qt.Key.Key_H, CTRL)
    assert window.desk.serving.current_number() == "—"
    assert "Đang giữ 1 số" in window.desk.waiting.set_aside.text()
    assert window.ctx.queue.find_ticket(SITE, "A001").status == TicketStatus.ON_HOLD
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.desk.serving.current_number() == "A002"
    clock.advance(minutes=6)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_2)
    press(qtbot, window, Qt.Key.Key_F3, SHIFT)
    labels = _set_aside_labels(window)
    assert "A001" in labels[0] and "đang giữ 6 phút" in labels[0]
    press(qtbot, window, Qt.Key.Key_1)
    assert window.desk.serving.current_number() == "A001"
    assert "04:00" in window.desk.serving.elapsed_label.text()
    qtbot.waitUntil(lambda: not window.desk.waiting.set_aside.isVisible(), timeout=2000)
    assert window.ctx.queue.find_ticket(SITE, "A001").status == TicketStatus.SERVING


def test_a_ticket_left_serving_at_17_is_never_resumed_the_next_morning(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """A001 called at 17:00 and left open; the window stays on overnight. At 07:30 it reads
    as yesterday's (no "called 14 hours ago"), only F1 is offered, and F1 ends it and calls
    today's first number."""
    clock.moment = datetime(2026, 11, 23, 17, 0, tzinfo=LOCAL_TZ)
    window = _desk(qtbot, make_window, tickets=1)
    press(qtbot, window, Qt.Key.Key_F1)
    clock.moment = datetime(2026, 11, 24, 7, 30, tzinfo=LOCAL_TZ)
    # No event overnight: the ticking timer notices the new day by itself.
    qtbot.waitUntil(lambda: not window.actions_by_name["finish"].isEnabled(), timeout=2500)
    assert "Số của ngày 23/11/2026" in window.desk.serving.detail_label.text()
    assert "Đã gọi cách đây" not in window.desk.serving.elapsed_label.text()
    assert not window.actions_by_name["finish"].isEnabled()
    assert not window.actions_by_name["recall"].isEnabled()
    assert window.actions_by_name["call_next"].isEnabled()
    yesterday = window.state.current.id if window.state and window.state.current else 0
    window.ctx.queue.issue_ticket(SITE, "HT")
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.desk.serving.current_number() == "A001"
    assert window.state is not None and window.state.current is not None
    assert window.state.current.business_day == clock.moment.date()
    assert "00:00" in window.desk.serving.elapsed_label.text()
    assert window.ctx.queue.ticket(yesterday).status == TicketStatus.CANCELLED


def test_logging_in_the_next_morning_ends_the_ticket_left_serving(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """The PC was switched off with A001 open at 17:00; the next morning's log-in ends it and
    says so (not "Tiếp tục phục vụ"): the desk is free."""
    clock.moment = datetime(2026, 11, 23, 17, 0, tzinfo=LOCAL_TZ)
    first = _desk(qtbot, make_window, tickets=1)
    press(qtbot, first, Qt.Key.Key_F1)
    first.shutdown()
    first.hide()
    clock.moment += timedelta(hours=14, minutes=30)
    second = make_window(1)
    log_in(qtbot, second)
    assert second.desk.serving.current_number() == "—"
    assert "A001 của ngày 23/11/2026" in second.banner.message()
    assert "Tiếp tục" not in second.banner.message()
    assert second.actions_by_name["call_next"].isEnabled()


def test_logging_out_leaves_nothing_of_the_clerk_on_screen(qtbot: QtBot,
                                                          make_window: MakeWindow) -> None:
    """After Ctrl+Q: an empty login form, an empty status bar, no name, number, waiting list
    or last message left behind for the next person at the desk."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_2)
    assert window.clerk_label.text() and window.desk.serving.last_label.text()
    press(qtbot, window, Qt.Key.Key_Q, CTRL)
    assert window.pages.currentWidget() is window.login
    assert window.login.username.text() == "" and window.login.secret.text() == ""
    assert window.clerk_label.text() == ""
    assert not window.banner.isVisible()
    serving = window.desk.serving
    assert (serving.clerk_label.text(), serving.last_label.text(),
            serving.current_number()) == ("", "", "—")
    assert window.desk.waiting.numbers() == []
    texts = [label.text() for label in window.findChildren(QLabel)]
    texts += [window.login.counter.itemText(i) for i in range(window.login.counter.count())]
    assert not [text for text in texts if "Nguyễn Thị Lan" in text]
    log_in(qtbot, window)  # the form is ready for the next clerk at once
    assert window.pages.currentWidget() is window.tabs


def test_messages_never_cover_the_tabs(qtbot: QtBot, make_window: MakeWindow) -> None:
    """A success message shows over the tab's content, below the tab bar."""
    window = _desk(qtbot, make_window)
    window.banner.show_message("Hồ sơ 000.00.53.H48-261123-0001: đã trả kết quả.",
                               "success", 4000)
    bar = window.tabs.tabBar()
    bar_rect = QRect(bar.mapTo(window, QPoint(0, 0)), bar.size())
    banner_rect = QRect(window.banner.mapTo(window, QPoint(0, 0)), window.banner.size())
    assert window.banner.isVisible()
    assert not bar_rect.intersects(banner_rect)
    assert banner_rect.top() >= bar_rect.bottom()

"""Logging in and out of a counter by keyboard; failures and lock-out are shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from shared.models import CounterStatus
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, log_in, press


def test_login_with_password_opens_the_desk_of_the_preset_counter(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """User name, Enter, password, Enter: the desk of counter 1 (from --counter) opens."""
    window = make_window(1)
    assert not window.login.counter.isEnabled()  # fixed by --counter
    log_in(qtbot, window)
    assert window.pages.currentWidget() is window.tabs
    assert window.state is not None and window.state.number == 1
    assert "Nguyễn Thị Lan" in window.desk.serving.clerk_label.text()


def test_login_with_pin_works_too(qtbot: QtBot, make_window: MakeWindow) -> None:
    """The PIN is accepted in place of the password."""
    window = make_window(1)
    log_in(qtbot, window, "lan", "1234")
    assert window.state is not None


def test_wrong_password_is_shown_and_the_login_stays(qtbot: QtBot,
                                                     make_window: MakeWindow) -> None:
    """A wrong password shows a Vietnamese message and keeps the login screen."""
    window = make_window(1)
    log_in(qtbot, window, "lan", "sai-mat-khau")
    assert window.pages.currentWidget() is window.login
    assert window.login.error.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert window.login.secret.text() == ""


def test_repeated_failures_lock_the_account(qtbot: QtBot, make_window: MakeWindow) -> None:
    """After five wrong passwords even the right one is refused, with the lock message."""
    window = make_window(1)
    for _ in range(5):
        window.login.username.clear()
        log_in(qtbot, window, "lan", "sai")
    window.login.username.clear()
    log_in(qtbot, window, "lan")
    assert window.pages.currentWidget() is window.login
    assert "tạm khóa" in window.login.error.text()


def test_a_counter_held_by_another_clerk_is_refused(qtbot: QtBot,
                                                    make_window: MakeWindow) -> None:
    """One clerk per counter: minh cannot take counter 1 while lan holds it."""
    window = make_window(1)
    log_in(qtbot, window, "minh")
    assert "đang do Nguyễn Thị Lan sử dụng" in window.login.error.text()


def test_counter_is_chosen_at_login_when_not_configured(qtbot: QtBot,
                                                        make_window: MakeWindow) -> None:
    """Without --counter the clerk picks the counter in the form."""
    window = make_window(None)
    combo = window.login.counter
    assert combo.isEnabled() and combo.count() == 3
    combo.setCurrentIndex(combo.findData(2))
    log_in(qtbot, window, "minh")
    assert window.state is not None and window.state.number == 2


def test_logout_with_ctrl_q_closes_the_counter(qtbot: QtBot, make_window: MakeWindow) -> None:
    """Ctrl+Q logs out: back to the login screen, the counter closed on the wall."""
    window = make_window(1)
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.login
    state = window.ctx.queue.find_counter(SITE, 1)
    assert state.status == CounterStatus.CLOSED and state.clerk_username is None


def test_logging_in_at_another_counter_sends_the_old_window_back_to_log_in(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """hoa's window at counter 3 follows the change feed: when hoa logs in at counter 2 on
    another PC, that window drops back to the log-in screen and says why."""
    from shared.clerks import ClerkService
    from shared.db.database import Database
    from tests.center_data import PASSWORD

    old = make_window(3, live=True)
    log_in(qtbot, old, "hoa")
    assert old.pages.currentWidget() is old.tabs
    other_pc = Database(old.ctx.db.url, clock=old.ctx.db.clock)
    try:
        ClerkService(other_pc).logout(SITE, 2)
        ClerkService(other_pc).login("hoa", PASSWORD, SITE, 2)
    finally:
        other_pc.dispose()
    qtbot.waitUntil(lambda: old.pages.currentWidget() is old.login, timeout=5000)
    assert old.state is None and old.clerk is None
    assert "đăng xuất khỏi quầy 3" in old.login.error.text()
    assert not old.actions_by_name["call_next"].isEnabled()


def test_log_in_elsewhere_while_serving_is_refused_on_the_form(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """lan serves A001 at counter 1; at counter 2 (freed) lan's log-in is refused with the
    ticket and counter named, and counter 1 keeps lan and A001."""
    serving = make_window(1)
    serving.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, serving)
    press(qtbot, serving, Qt.Key.Key_F1)
    serving.ctx.clerks.logout(SITE, 2)
    other = make_window(2)
    log_in(qtbot, other, "lan")
    assert other.pages.currentWidget() is other.login
    assert "đang phục vụ số A001 ở quầy 1" in other.login.error.text()
    state = serving.ctx.queue.find_counter(SITE, 1)
    assert state.clerk_username == "lan" and state.current is not None

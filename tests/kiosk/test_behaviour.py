"""Kiosk behaviour: idle return, closed hours and holidays, the database gone and back, and
no way out but the admin PIN."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.admin_exit import PinDialog, PinGuard
from shared.clock import LOCAL_TZ, FixedClock
from shared.db.database import Database
from tests.kiosk.conftest import MakeKiosk

LEFT = Qt.MouseButton.LeftButton


def test_idle_kiosk_returns_home_and_forgets_the_search(make_kiosk: MakeKiosk,
                                                        qtbot: QtBot) -> None:
    """After idle_seconds without a touch, and the "Ông/bà còn ở đây không?" countdown, the
    kiosk goes home and clears what was typed."""
    window = make_kiosk(idle_seconds=1)
    window.still_here_seconds = 1
    qtbot.mouseClick(window.home.lookup, LEFT)
    qtbot.mouseClick(window.lookup.keyboard.key("h"), LEFT)
    assert window.lookup.query() == "h"
    assert window.idle.is_armed()
    qtbot.waitUntil(window.still_here.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=4000)
    assert window.lookup.query() == ""
    assert not window.idle.is_armed()  # home needs no timer


def test_touches_keep_the_kiosk_from_going_home(make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """Each touch restarts the idle countdown."""
    window = make_kiosk(idle_seconds=1)
    window.open_lookup()
    for key in "abcd":
        qtbot.wait(400)
        qtbot.mouseClick(window.lookup.keyboard.key(key), LEFT)
    assert window.current() is window.lookup


def test_closed_after_hours_says_when_to_come_back(make_kiosk: MakeKiosk, qtbot: QtBot,
                                                   clock: FixedClock) -> None:
    """At 17:30 on a Monday the kiosk shows the closed screen with the hours numbers are
    issued (sessions 07:00–11:30 and 13:30–17:00 opened 15 minutes early) and "come back at
    06:45", the same time, on the next working day (Tuesday 24/11/2026 is Vietnamese Culture
    Day, a day off, so Wednesday); procedure lookup still works."""
    clock.moment = datetime(2026, 11, 23, 17, 30, tzinfo=LOCAL_TZ)
    window = make_kiosk()
    assert window.current() is window.closed
    assert window.closed.title.text() == "Ngoài giờ cấp số"
    assert "06:45" in window.closed.reopen.text()
    assert "Thứ Tư 25/11/2026" in window.closed.reopen.text()
    assert window.closed.hours.text() == "Giờ cấp số: 06:45–11:30, 13:15–17:00"
    qtbot.mouseClick(window.closed.lookup, LEFT)
    assert window.current() is window.lookup


def test_lunch_break_reopens_the_same_day(make_kiosk: MakeKiosk, clock: FixedClock) -> None:
    """At 12:00 the kiosk is closed until 13:15 today (15 minutes before the session)."""
    clock.moment = datetime(2026, 11, 23, 12, 0, tzinfo=LOCAL_TZ)
    window = make_kiosk()
    assert window.current() is window.closed
    assert window.closed.reopen.text() == "Mời ông/bà quay lại lúc 13:15 hôm nay."


def test_closed_on_a_public_holiday_names_it(make_kiosk: MakeKiosk, clock: FixedClock) -> None:
    """On National Day (2 September) the closed screen names the holiday."""
    clock.moment = datetime(2026, 9, 2, 9, 0, tzinfo=LOCAL_TZ)
    window = make_kiosk()
    assert window.current() is window.closed
    assert window.closed.title.text().startswith("Hôm nay nghỉ:")
    assert "Quốc khánh" in window.closed.title.text()


def test_opening_time_reached_switches_to_home(make_kiosk: MakeKiosk, qtbot: QtBot,
                                               clock: FixedClock) -> None:
    """The clock tick notices the opening time and shows home without a touch."""
    clock.moment = datetime(2026, 11, 23, 13, 10, tzinfo=LOCAL_TZ)
    window = make_kiosk()
    assert window.current() is window.closed
    clock.moment = datetime(2026, 11, 23, 13, 16, tzinfo=LOCAL_TZ)
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=3000)


def test_database_gone_shows_unavailable_and_recovers_by_itself(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database, tmp_path: Path) -> None:
    """With its SQLite folder gone the tap on a service shows "Hệ thống tạm thời gián đoạn"
    (no crash); once the folder is back the kiosk returns to home and issues numbers."""
    window = make_kiosk(retry_ms=100)
    hidden = tmp_path.with_name(tmp_path.name + "-gone")
    tmp_path.rename(hidden)
    kiosk_db.dispose()  # drop pooled connections, as after a network drop
    try:
        qtbot.mouseClick(window.home.tiles["HT"], LEFT)
        assert window.current() is window.unavailable
        assert "gián đoạn" in window.unavailable.title.text()
        qtbot.wait(300)
        assert window.current() is window.unavailable  # still retrying
    finally:
        hidden.rename(tmp_path)
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=5000)
    qtbot.mouseClick(window.home.tiles["HT"], LEFT)
    assert window.current() is window.ticket
    assert window.ticket.number.text() == "A001"


def test_database_unreachable_at_start_waits_on_the_unavailable_screen(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database, tmp_path: Path) -> None:
    """A kiosk started while the database is away shows unavailable, then home once back."""
    hidden = tmp_path.with_name(tmp_path.name + "-gone")
    tmp_path.rename(hidden)
    kiosk_db.dispose()
    try:
        window = make_kiosk(retry_ms=100)
        assert window.current() is window.unavailable
    finally:
        hidden.rename(tmp_path)
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=5000)
    assert set(window.home.tiles) == {"HT", "CT", "DD"}


def test_full_screen_kiosk_closes_only_with_the_admin_pin(make_kiosk: MakeKiosk,
                                                          qtbot: QtBot) -> None:
    """close() is refused; a wrong PIN is refused; the right PIN unlocks."""
    window = make_kiosk(fullscreen=True)
    window.close()
    assert window.isVisible()
    dialog = PinDialog("2468", "vi", window)
    for key in "1111":
        qtbot.mouseClick(dialog.keys[key], LEFT)
    qtbot.mouseClick(dialog.keys["✔"], LEFT)
    assert dialog.error.text() == "Mã không đúng."
    assert dialog.result() == 0
    for key in "2468":
        qtbot.mouseClick(dialog.keys[key], LEFT)
    qtbot.mouseClick(dialog.keys["✔"], LEFT)
    assert dialog.result() == PinDialog.DialogCode.Accepted
    window.unlocked = True  # what unlock_and_close() sets before closing
    window.close()
    assert not window.isVisible()


def test_idle_on_home_in_english_returns_to_vietnamese(make_kiosk: MakeKiosk,
                                                       qtbot: QtBot) -> None:
    """A foreigner switches to English and walks away from home: the idle timer runs on home
    while English is on, and its timeout brings back Vietnamese for the next citizen."""
    window = make_kiosk(idle_seconds=1)
    window.still_here_seconds = 1
    assert not window.idle.is_armed()
    qtbot.mouseClick(window.top.language, LEFT)
    assert window.language == "en" and window.idle.is_armed()
    qtbot.waitUntil(lambda: window.language == "vi", timeout=5000)
    assert window.current() is window.home
    assert window.home.heading.text() == "Xin mời chọn dịch vụ để lấy số thứ tự"
    assert window.top.language.text() == "English"
    assert not window.idle.is_armed()


def test_idle_return_from_a_screen_and_a_finished_ticket_restore_vietnamese(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """English survives moving between screens, but "Done" on a ticket and the idle return
    from any screen go back to Vietnamese."""
    window = make_kiosk(idle_seconds=1)
    window.still_here_seconds = 1
    qtbot.mouseClick(window.top.language, LEFT)
    qtbot.mouseClick(window.home.tiles["HT"], LEFT)
    assert window.ticket.caption.text() == "Your number"
    qtbot.mouseClick(window.ticket.done, LEFT)
    assert window.language == "vi" and window.current() is window.home
    qtbot.mouseClick(window.top.language, LEFT)
    qtbot.mouseClick(window.home.lookup, LEFT)
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=5000)
    assert window.language == "vi"
    assert window.lookup.search.placeholderText().startswith("Gõ")


def test_pin_pad_locks_for_a_while_after_five_wrong_pins(
        make_kiosk: MakeKiosk, qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    """Five wrong PINs lock the pad (keys disabled, even the right PIN refused, the lock
    logged); a new dialog is locked too; after the lock the right PIN works."""
    window = make_kiosk(fullscreen=True)
    window.pin_guard = PinGuard(lock_seconds=0.8)
    dialog = PinDialog("2468", "vi", window, guard=window.pin_guard)
    with caplog.at_level(logging.WARNING, logger="kiosk.admin_exit"):
        for _ in range(5):
            assert not dialog.try_pin("1111")
    assert "locked" in caplog.text
    assert dialog.is_locked() and not dialog.keys["2"].isEnabled()
    assert "thử lại sau" in dialog.error.text()
    assert not dialog.try_pin("2468")
    again = PinDialog("2468", "vi", window, guard=window.pin_guard)
    assert again.is_locked() and not again.keys["✔"].isEnabled()
    qtbot.waitUntil(lambda: dialog.keys["2"].isEnabled(), timeout=3000)
    for key in "2468":
        qtbot.mouseClick(dialog.keys[key], LEFT)
    qtbot.mouseClick(dialog.keys["✔"], LEFT)
    assert dialog.result() == PinDialog.DialogCode.Accepted


def test_default_admin_pin_is_warned_about_at_start(
        make_kiosk: MakeKiosk, caplog: pytest.LogCaptureFixture) -> None:
    """A kiosk started with the factory PIN 0000 (and no PIN of its own) logs a warning; a
    set PIN does not."""
    with caplog.at_level(logging.WARNING, logger="kiosk.app"):
        make_kiosk(admin_pin="0000")
    assert "admin PIN is the default 0000 (refused)" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kiosk.app"):
        make_kiosk(admin_pin="2468")
    assert "admin PIN" not in caplog.text


def test_center_logo_in_the_top_bar_keeps_its_shape(make_kiosk: MakeKiosk,
                                                    tmp_path: Path) -> None:
    """[kiosk] logo is shown left of the center's name, scaled to the bar with its aspect."""
    path = tmp_path / "logo.png"
    Image.new("RGB", (400, 200), "darkred").save(path)
    window = make_kiosk(logo=str(path))
    logo = window.top.logo
    assert logo.isVisible()
    pixmap = logo.pixmap()
    assert abs(pixmap.width() / pixmap.height() - 2.0) < 0.05
    assert pixmap.height() <= window.top.height()
    assert logo.mapTo(window, logo.rect().topLeft()).x() < window.top.center.mapTo(
        window, window.top.center.rect().topLeft()).x()


def test_missing_or_broken_logo_is_logged_not_fatal(
        make_kiosk: MakeKiosk, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A logo file that is missing or is not an image: a clear warning, no logo, no crash."""
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    for path in (tmp_path / "missing.png", broken):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="kiosk.widgets"):
            window = make_kiosk(logo=str(path))
        assert f"kiosk logo {path} not shown" in caplog.text
        assert not window.top.logo.isVisible()
        assert window.current() is window.home

"""Kiosk behaviour: idle return, closed hours and holidays, the database gone and back, and
no way out but the admin PIN."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.admin_exit import PinDialog
from shared.clock import LOCAL_TZ, FixedClock
from shared.db.database import Database
from tests.kiosk.conftest import MakeKiosk

LEFT = Qt.MouseButton.LeftButton


def test_idle_kiosk_returns_home_and_forgets_the_search(make_kiosk: MakeKiosk,
                                                        qtbot: QtBot) -> None:
    """After idle_seconds without a touch the kiosk goes home and clears what was typed."""
    window = make_kiosk(idle_seconds=1)
    qtbot.mouseClick(window.home.lookup, LEFT)
    qtbot.mouseClick(window.lookup.keyboard.key("h"), LEFT)
    assert window.lookup.query() == "h"
    assert window.idle.is_armed()
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
    """At 17:30 on a Monday the kiosk shows the closed screen with the hours and "come back
    at 06:45" on the next working day (Tuesday 24/11/2026 is Vietnamese Culture Day, a day
    off, so Wednesday); procedure lookup still works."""
    clock.moment = datetime(2026, 11, 23, 17, 30, tzinfo=LOCAL_TZ)
    window = make_kiosk()
    assert window.current() is window.closed
    assert window.closed.title.text() == "Ngoài giờ cấp số"
    assert "06:45" in window.closed.reopen.text()
    assert "Thứ Tư 25/11/2026" in window.closed.reopen.text()
    assert "07:00–11:30, 13:30–17:00" in window.closed.hours.text()
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

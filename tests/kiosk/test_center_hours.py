"""The center's opening hours set in the console reach a running kiosk at once: the console
(FastAPI's test client) and the kiosk window (pytest-qt) on the same SQLite file, the kiosk
woken by the change feed, no restart."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskWindow
from shared.clock import LOCAL_TZ, FixedClock
from shared.db.database import Database
from tests.center_data import SITE
from tests.kiosk.conftest import MakeKiosk
from tests.server.admin_helpers import log_in
from tests.server.conftest import server_settings

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

HOURS = {"site": SITE, "hours_source": "center", "weekdays": "07:30-11:30, 13:30-17:00",
         "saturday": "", "open_early_minutes": "15", "last_ticket_minutes": "0"}


@pytest.fixture
def console(kiosk_db: Database) -> Iterator[tuple[Any, str]]:
    """The console on the kiosk's database, logged in as the admin: (client, CSRF token)."""
    from fastapi.testclient import TestClient

    from server.app import create_app

    with TestClient(create_app(server_settings(kiosk_db), kiosk_db)) as client:
        yield client, log_in(client)


def _save(console: tuple[Any, str], **hours: str) -> None:
    client, csrf = console
    response = client.post("/admin/settings/hours", data={"csrf": csrf, **HOURS, **hours},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def _showing_closed(window: KioskWindow) -> bool:
    return window.current() is window.closed


def test_a_morning_taken_off_in_the_console_closes_the_kiosk_and_back_opens_it(
        qtbot: QtBot, make_kiosk: MakeKiosk, console: tuple[Any, str]) -> None:
    """Monday 09:00, the file's hours: numbers are issued. The console makes the day start at
    13:30: the kiosk shows it is closed and to come back at 13:15; the morning put back, the
    kiosk issues numbers again."""
    window = make_kiosk()
    assert window.current() is window.home
    _save(console, weekdays="13:30-17:00")
    qtbot.waitUntil(lambda: _showing_closed(window), timeout=5000)
    assert window.closed.reopen.text() == "Mời ông/bà quay lại lúc 13:15 hôm nay."
    assert window.closed.hours.text() == "Giờ cấp số: 13:15–17:00"
    window.grab().save("/tmp/kiosk_closed_by_console.png")
    _save(console)
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=5000)
    assert window.take_number("HT", window.priority.priority) is not None


def test_a_saturday_morning_opens_the_kiosk_and_the_last_number_closes_it_early(
        qtbot: QtBot, make_kiosk: MakeKiosk, console: tuple[Any, str],
        clock: FixedClock) -> None:
    """Saturday 09:00 is closed by the file's hours; the console adds Saturday mornings and
    the kiosk opens; with the last number 30 minutes before the end, 11:10 is closed, and the
    closed screen says when numbers are issued on Saturdays."""
    clock.moment = datetime(2026, 11, 28, 9, 0, tzinfo=LOCAL_TZ)
    window = make_kiosk()
    assert _showing_closed(window) and window.closed.state.reason == "day_off"
    _save(console, saturday="07:30-11:30")
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=5000)
    _save(console, saturday="07:30-11:30", last_ticket_minutes="30")
    qtbot.waitUntil(lambda: window.flow.hours is not None
                    and window.flow.hours.describe_saturday() == "07:15–11:00", timeout=5000)
    clock.moment = datetime(2026, 11, 28, 11, 10, tzinfo=LOCAL_TZ)
    window.go_home()
    assert _showing_closed(window) and window.closed.state.reason == "after_hours"
    assert "Thứ Bảy: 07:15–11:00" in window.closed.weekdays.text()
    assert window.closed.reopen.text() == (
        "Mời ông/bà quay lại lúc 07:15, Thứ Hai 30/11/2026.")
    window.grab().save("/tmp/kiosk_closed_saturday.png")


def test_back_to_the_file_the_kiosk_follows_its_own_hours(
        qtbot: QtBot, make_kiosk: MakeKiosk, console: tuple[Any, str]) -> None:
    _save(console, weekdays="13:30-17:00")
    window = make_kiosk()
    assert _showing_closed(window)                       # read at start, not only on a change
    _save(console, hours_source="file")
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=5000)

"""Due dates at the counter count the center's working sessions set in the console, from the
next change-feed wake-up, without restarting the counter."""

from __future__ import annotations

from datetime import date, time

from pytestqt.qtbot import QtBot

from shared.center_hours import CenterHours
from shared.center_settings import CenterSettingsService
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, log_in


def test_the_centers_hours_become_the_counters_working_time(qtbot: QtBot,
                                                            make_window: MakeWindow) -> None:
    window = make_window(1, live=True)
    log_in(qtbot, window)
    monday = date(2026, 11, 23)
    assert f"{window.ctx.dossiers.calendar_for().closing_time(monday):%H:%M}" == "17:00"
    CenterSettingsService(window.ctx.db, actor="admin").set(SITE, hours=CenterHours(
        ((time(7, 30), time(11, 30)), (time(13, 30), time(16, 30)))))
    qtbot.waitUntil(lambda: f"{window.ctx.dossiers.calendar_for().closing_time(monday):%H:%M}"
                    == "16:30", timeout=5000)

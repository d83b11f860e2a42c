"""The counter warns at its log-in page when this PC's clock disagrees with the database's
(issue 15, item 7): here the database holds events a month ahead of this PC (another PC's
clock, or this one set back), so this PC is behind."""

from __future__ import annotations

import os

from pytestqt.qtbot import QtBot

from shared.clock import FixedClock
from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow


def _events_a_month_ahead(db: Database, clock: FixedClock) -> None:
    clock.advance(days=30)
    for service in ("HT", "CT", "DD"):
        QueueService(db).issue_ticket(SITE, service)


def test_the_log_in_page_says_the_clock_is_behind(qtbot: QtBot, make_window: MakeWindow,
                                                  catalog_center: Database,
                                                  clock: FixedClock) -> None:
    _events_a_month_ahead(catalog_center, clock)
    window = make_window()
    qtbot.waitUntil(lambda: window.login_banner.isVisible(), timeout=3000)
    text = window.login_banner._label.text()
    assert "Đồng hồ máy này chậm" in text and "chỉnh lại ngày giờ" in text
    if os.environ.get("LAYSO_SHOTS"):
        window.grab().save(os.path.join(os.environ["LAYSO_SHOTS"], "counter_clock.png"))


def test_no_warning_when_the_clock_agrees(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    qtbot.wait(200)
    assert not window.login_banner.isVisible()

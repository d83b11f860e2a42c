"""The kiosk warns when this PC's clock disagrees with the database's (issue 15, item 7)."""

from __future__ import annotations

import os

from pytestqt.qtbot import QtBot

from shared.clock import FixedClock
from shared.db.database import Database
from shared.queue import QueueService
from shared.ui.messages import Banner
from tests.center_data import SITE


def test_the_kiosk_says_the_clock_is_behind(qtbot: QtBot, make_kiosk: object,
                                            kiosk_db: Database, clock: FixedClock) -> None:
    clock.advance(days=30)
    for service in ("HT", "CT", "DD"):
        QueueService(kiosk_db).issue_ticket(SITE, service)
    window = make_kiosk()  # type: ignore[operator]
    banner = Banner.for_window(window)
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=3000)
    assert "Đồng hồ máy này chậm" in banner._label.text()
    if os.environ.get("LAYSO_SHOTS"):
        window.grab().save(os.path.join(os.environ["LAYSO_SHOTS"], "kiosk_clock.png"))

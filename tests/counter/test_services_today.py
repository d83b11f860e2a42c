"""The counter's window shows a supervisor's change of its services for today, as soon as the
change feed brings it, and the waiting list follows it; the next day neither shows."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from shared.clock import FixedClock
from shared.counter_day import CounterDayServices
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, log_in


def test_todays_services_show_at_once_and_the_waiting_list_follows(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    window = make_window(2, live=True)
    window.ctx.queue.issue_ticket(SITE, "CT")
    window.ctx.queue.issue_ticket(SITE, "DD")
    log_in(qtbot, window, "minh")
    qtbot.waitUntil(lambda: window.desk.waiting.numbers() == ["B001"], timeout=3000)
    assert "Hôm nay" not in window.desk.serving.clerk_label.text()

    CounterDayServices(window.ctx.db, actor="boss").set_today(SITE, 2, ["DD", "CT"])
    qtbot.waitUntil(lambda: "Hôm nay phục vụ: DD, CT" in
                    window.desk.serving.clerk_label.text(), timeout=5000)
    qtbot.waitUntil(lambda: window.desk.waiting.numbers() == ["C001", "B001"], timeout=3000)
    window.desk.serving.grab().save("/tmp/counter_services_today.png")

    clock.advance(days=1)
    window.reload()
    assert "Hôm nay" not in window.desk.serving.clerk_label.text()
    assert window.desk.serving.clerk_label.text() == "Trần Văn Minh"

"""The citizen rating panel: asks after a finished ticket, reason for not satisfied, gives up."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

import shared.db.database as database_module
from counter.rating.window import RatingWindow
from shared.config import RatingSettings
from shared.db.database import Database
from shared.models import Event, Outcome
from shared.queue import QueueService
from shared.ratings import RatingService
from shared.ui.app import create_application
from tests.center_data import SITE
from tests.counter.conftest import type_text
from tests.tools.gui_sql import GuiThreadSql
from tests.tools.sqlite_lock import WriteLock
from tests.tools.stall_probe import StallProbe

MakePanel = Callable[..., RatingWindow]


@pytest.fixture
def make_panel(qtbot: QtBot, sqlite_center: Database) -> Iterator[MakePanel]:
    create_application("rating", language="vi", kind="kiosk")
    made: list[RatingWindow] = []

    def make(live: bool = False, **settings: object) -> RatingWindow:
        panel = RatingWindow(sqlite_center, SITE, 1, RatingSettings(**settings),  # type: ignore[arg-type]
                             live=live)
        qtbot.addWidget(panel)
        panel.resize(1024, 600)
        panel.show()
        made.append(panel)
        return panel

    yield make
    for panel in made:
        panel.shutdown()


def _finish(db: Database, counter_number: int = 1) -> int:
    queue = QueueService(db)
    ticket = queue.issue_ticket(SITE, "HT")
    counter = queue.find_counter(SITE, counter_number)
    queue.call_ticket(counter.id, ticket.id)
    queue.finish(counter.id, Outcome.GUIDED)
    return ticket.id


def test_panel_learns_of_a_finished_ticket_through_the_change_feed(
        qtbot: QtBot, make_panel: MakePanel, sqlite_center: Database) -> None:
    """Live: counter 1 finishes a ticket in another connection; the panel asks about it."""
    panel = make_panel(live=True)
    assert panel.pages.currentWidget() is panel.idle_page
    qtbot.waitUntil(lambda: panel.bridge is not None and panel.bridge.running, timeout=2000)
    ticket_id = _finish(sqlite_center)
    qtbot.waitUntil(lambda: panel.ticket is not None, timeout=5000)
    assert panel.ticket is not None and panel.ticket.id == ticket_id
    assert "A001" in panel.question.text() and "quầy 1" in panel.question.text()


def test_one_key_rates_very_satisfied(qtbot: QtBot, make_panel: MakePanel,
                                      sqlite_center: Database) -> None:
    """Key 1 stores "Rất hài lòng" for the ticket, anonymously, then thanks."""
    ticket_id = _finish(sqlite_center)
    panel = make_panel()
    assert panel.ticket is not None  # asked at start-up: a recent unrated ticket
    qtbot.keyClick(panel, Qt.Key.Key_1)
    rating = RatingService(sqlite_center).for_ticket(ticket_id)
    assert rating is not None and (rating.level, rating.counter) == (3, 1)
    assert panel.pages.currentWidget() is panel.thanks_page


def test_not_satisfied_asks_for_a_reason_before_storing(qtbot: QtBot, make_panel: MakePanel,
                                                        sqlite_center: Database) -> None:
    """"Không hài lòng" stores nothing until a reason is given (a common one, one touch)."""
    ticket_id = _finish(sqlite_center)
    panel = make_panel()
    qtbot.keyClick(panel, Qt.Key.Key_3)
    assert panel.pages.currentWidget() is panel.reason_page
    assert RatingService(sqlite_center).for_ticket(ticket_id) is None
    panel.send_button.click()  # empty typed reason: nothing happens
    assert RatingService(sqlite_center).for_ticket(ticket_id) is None
    panel.reason_buttons[0].click()
    rating = RatingService(sqlite_center).for_ticket(ticket_id)
    assert rating is not None and (rating.level, rating.reason) == (1, "Thời gian chờ lâu")


def test_a_typed_reason_works_too(qtbot: QtBot, make_panel: MakePanel,
                                  sqlite_center: Database) -> None:
    """The citizen may type their own reason and press Enter."""
    ticket_id = _finish(sqlite_center)
    panel = make_panel()
    panel.level_buttons[2].click()
    type_text(qtbot, panel.reason_text, "Phòng chờ nóng")
    qtbot.keyClick(panel.reason_text, Qt.Key.Key_Return)
    rating = RatingService(sqlite_center).for_ticket(ticket_id)
    assert rating is not None and rating.reason == "Phòng chờ nóng"


def test_panel_gives_up_after_the_timeout(qtbot: QtBot, make_panel: MakePanel,
                                          sqlite_center: Database) -> None:
    """With no answer the panel goes back to waiting after timeout_seconds (1 s here)."""
    ticket_id = _finish(sqlite_center)
    panel = make_panel(timeout_seconds=1)
    assert panel.pages.currentWidget() is panel.ask_page
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.idle_page, timeout=3000)
    assert RatingService(sqlite_center).for_ticket(ticket_id) is None


def test_five_level_scale_shows_five_buttons(make_panel: MakePanel,
                                             sqlite_center: Database) -> None:
    """scale = 5: five buttons, from "Rất hài lòng" to "Rất không hài lòng"."""
    _finish(sqlite_center)
    panel = make_panel(scale=5)
    texts = [button.text() for button in panel.level_buttons]
    assert len(texts) == 5 and "Bình thường" in texts[2] and "Rất không hài lòng" in texts[4]


def test_the_centers_scale_set_in_the_console_is_the_one_asked(
        qtbot: QtBot, make_panel: MakePanel, sqlite_center: Database) -> None:
    """This PC's file says 3 levels; the center sets 5 in the console: the next citizen sees
    five buttons, and the rating is stored on the 5-level scale they were shown."""
    from shared.center_settings import CenterSettingsService

    panel = make_panel()
    assert len(panel.level_buttons) == 3
    CenterSettingsService(sqlite_center, actor="admin").set(SITE, rating_scale=5)
    ticket_id = _finish(sqlite_center)
    panel.check_pending()
    assert panel.pages.currentWidget() is panel.ask_page
    assert len(panel.level_buttons) == 5
    qtbot.keyClick(panel, Qt.Key.Key_2)  # "Hài lòng" on five levels
    rating = RatingService(sqlite_center).for_ticket(ticket_id)
    assert rating is not None and (rating.label, rating.scale) == ("Hài lòng", 5)


def test_the_panel_shows_its_countdown_and_typing_restarts_it(
        qtbot: QtBot, make_panel: MakePanel, sqlite_center: Database) -> None:
    """The citizen sees how long the panel waits ("Tự động đóng sau 30 giây"), counting down
    each second; typing a reason gives the whole time again."""
    _finish(sqlite_center)
    panel = make_panel(timeout_seconds=30)
    assert panel.countdown.text() == "Tự động đóng sau 30 giây"
    assert panel.countdown.isVisible()
    qtbot.waitUntil(lambda: panel.countdown.text() == "Tự động đóng sau 29 giây", timeout=2500)
    qtbot.keyClick(panel, Qt.Key.Key_3)  # not satisfied: the reason page counts down too
    assert panel.reason_countdown.isVisible()
    type_text(qtbot, panel.reason_text, "Ch")
    assert panel.reason_countdown.text() == "Tự động đóng sau 30 giây"


def test_the_countdown_says_29_when_its_tick_comes_a_little_early(
        make_panel: MakePanel, sqlite_center: Database) -> None:
    """A timer may tick a few milliseconds early (the event loop's slack): 950 ms in, the
    panel says 29 seconds, not 30 for another second; at the start it says 30."""
    _finish(sqlite_center)
    panel = make_panel(timeout_seconds=30)
    for remaining, shown in ((30_000, 30), (29_950, 30), (29_050, 29), (28_020, 28),
                             (400, 1), (50, 0)):
        panel.give_up.remainingTime = lambda left=remaining: left  # type: ignore[method-assign]
        assert panel.seconds_left() == shown, remaining


def test_a_citizen_rating_is_never_replaced_by_the_next_tickets_prompt(
        qtbot: QtBot, make_panel: MakePanel, sqlite_center: Database) -> None:
    """A001's citizen is choosing a reason when the clerk already finishes A002: the panel
    stays on A001 until its rating is stored and thanked, then asks about A002."""
    first = _finish(sqlite_center)
    panel = make_panel()
    qtbot.keyClick(panel, Qt.Key.Key_3)
    assert panel.pages.currentWidget() is panel.reason_page
    second = _finish(sqlite_center)
    panel.check_pending()  # what the change feed's ticket.finished does
    assert panel.pages.currentWidget() is panel.reason_page
    assert panel.ticket is not None and panel.ticket.id == first
    panel.thanks_timer.setInterval(200)
    panel.reason_buttons[1].click()
    assert RatingService(sqlite_center).for_ticket(first) is not None
    assert panel.pages.currentWidget() is panel.thanks_page
    panel.check_pending()  # still thanking A001's citizen: not yet
    assert panel.pages.currentWidget() is panel.thanks_page
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.ask_page, timeout=3000)
    assert panel.ticket is not None and panel.ticket.id == second
    assert "A002" in panel.question.text()


def test_the_panel_sends_no_sql_from_the_gui_thread(
        qtbot: QtBot, make_panel: MakePanel, sqlite_center: Database) -> None:
    """Built live, asking, storing a rating, learning of the next ticket: every statement
    runs in a worker thread (issue 15 item 1)."""
    first = _finish(sqlite_center)
    with GuiThreadSql(sqlite_center) as on_gui:
        panel = make_panel(live=True)
        assert panel.ticket is not None and panel.ticket.id == first
        qtbot.keyClick(panel, Qt.Key.Key_1)
        panel.thanks_timer.setInterval(100)
        with on_gui.paused():
            second = _finish(sqlite_center)  # another PC: the counter
        qtbot.waitUntil(lambda: panel.ticket is not None and panel.ticket.id == second,
                        timeout=5000)
    assert on_gui.places() == []


def test_a_rating_the_busy_database_refuses_is_said_not_recorded_and_stored_once(
        qtbot: QtBot, make_panel: MakePanel, sqlite_center: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another PC holds the write lock past the busy timeout: the touch is not lost in
    silence (NOT recorded, the question stays, the event loop keeps turning); touched again
    once the lock is gone, the rating is stored, once."""
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 500)
    sqlite_center.dispose()
    ticket_id = _finish(sqlite_center)
    panel = make_panel()
    lock = WriteLock(sqlite_center)
    try:
        probe = StallProbe()
        qtbot.keyClick(panel, Qt.Key.Key_1)
        qtbot.wait(20)
        assert probe.stop() < 100
        assert "CHƯA được ghi nhận" in panel.banner.message() and panel.banner.isVisible()
        assert panel.pages.currentWidget() is panel.ask_page
        assert RatingService(sqlite_center).for_ticket(ticket_id) is None
    finally:
        lock.release()
    qtbot.keyClick(panel, Qt.Key.Key_1)
    assert panel.pages.currentWidget() is panel.thanks_page
    rating = RatingService(sqlite_center).for_ticket(ticket_id)
    assert rating is not None and rating.level == 3
    with sqlite_center.reading() as session:
        assert session.scalar(select(func.count()).select_from(Event).where(
            Event.kind == "rating.created")) == 1


def test_the_panel_addresses_the_citizen_as_ong_ba(qtbot: QtBot, make_panel: MakePanel,
                                                   sqlite_center: Database,
                                                   tmp_path: Path) -> None:
    """The question, the reason and the thanks say "ông/bà" as the kiosk and the ticket do,
    not a shop's "quý khách"; each page is saved as PNG (LAYSO_SHOTS=DIR keeps them)."""
    _finish(sqlite_center)
    panel = make_panel()
    out = Path(os.environ.get("LAYSO_SHOTS") or tmp_path)
    assert panel.question.text() == "Ông/bà đánh giá thế nào về việc phục vụ số A001 tại quầy 1?"
    panel.grab().save(str(out / "rating-question.png"))
    qtbot.keyClick(panel, Qt.Key.Key_3)
    assert panel.reason_title.text() == "Xin cho biết lý do ông/bà chưa hài lòng"
    panel.grab().save(str(out / "rating-reason.png"))
    panel.reason_buttons[0].click()
    assert panel.thanks.text() == "Xin cảm ơn ông/bà!"
    panel.grab().save(str(out / "rating-thanks.png"))
    assert "quý khách" not in " ".join(
        (panel.idle_text.text(), panel.question.text(), panel.reason_title.text())).lower()

"""The counter window reads and writes nothing on the GUI thread (issue 15 item 1): built, logged
in, serving and acting on dossiers, every statement it sends runs in a worker thread (noted
with a SQLAlchemy event on its engine); built while another PC holds the whole SQLite file
locked, it shows at once, says it waits for the database, keeps its event loop turning and
fills the log-in page once the file is free."""

from __future__ import annotations

import dataclasses
import gc

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

import shared.db.database as database_module
from counter.app import CounterWindow
from counter.context import CounterContext
from shared.clock import FixedClock
from shared.config import Settings
from shared.db.database import Database
from shared.models import DossierStatus, TicketStatus
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, activate, log_in, press, type_text
from tests.tools.gui_sql import GuiThreadSql
from tests.tools.sqlite_lock import ExclusiveLock
from tests.tools.stall_probe import StallProbe

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _context(db: Database, settings: Settings) -> CounterContext:
    """Made as the app makes it: in its start-up probe, off the GUI thread."""
    return CounterContext.create(db, dataclasses.replace(settings))


def test_serving_at_the_desk_sends_no_sql_from_the_gui_thread(
        qtbot: QtBot, make_window: MakeWindow, catalog_center: Database,
        counter_settings: Settings) -> None:
    """Built with its change feed, log-in, call, recall, hold, take back, no-show, call
    again, transfer, receive a dossier (finishing the ticket), pause, resume, log out."""
    ctx = _context(catalog_center, counter_settings)
    for _ in range(3):
        ctx.queue.issue_ticket(SITE, "HT")
    with GuiThreadSql(catalog_center) as on_gui:
        window = make_window(1, ctx=ctx, live=True)
        assert window.bridge is not None
        qtbot.waitUntil(lambda: window.bridge is not None and window.bridge.positioned,
                        timeout=5000)
        qtbot.waitUntil(lambda: window.login.counter.count() == 3, timeout=5000)
        log_in(qtbot, window)
        for key, modifier in ((Qt.Key.Key_F1, None), (Qt.Key.Key_F2, None),
                              (Qt.Key.Key_H, CTRL), (Qt.Key.Key_F3, SHIFT),
                              (Qt.Key.Key_1, None), (Qt.Key.Key_F3, None),
                              (Qt.Key.Key_F3, SHIFT), (Qt.Key.Key_1, None),
                              (Qt.Key.Key_F4, None), (Qt.Key.Key_1, None),
                              (Qt.Key.Key_F1, None)):
            press(qtbot, window, key, modifier or Qt.KeyboardModifier.NoModifier)
        assert window.desk.serving.current_number() == "A002"
        press(qtbot, window, Qt.Key.Key_F5)
        press(qtbot, window, Qt.Key.Key_1)
        qtbot.keyClicks(window.desk.picker.search, "xac nhan tinh trang hon")
        press(qtbot, window, Qt.Key.Key_Return)
        type_text(qtbot, window.desk.receive.name, "Phạm Thị Dung")
        press(qtbot, window, Qt.Key.Key_Return, CTRL)
        for key in (Qt.Key.Key_F8, Qt.Key.Key_F8):
            press(qtbot, window, key)
        press(qtbot, window, Qt.Key.Key_Q, CTRL)
        assert window.state is None, "logged out"
    assert on_gui.places() == []
    queue = ctx.queue
    transferred = queue.find_ticket(SITE, "A001")
    assert (transferred.status, transferred.service) == (TicketStatus.WAITING, "CT")
    assert queue.find_ticket(SITE, "A002").status == TicketStatus.FINISHED
    assert len(ctx.dossiers.list_open(SITE, 1)) == 1


def test_acting_on_dossiers_sends_no_sql_from_the_gui_thread(
        qtbot: QtBot, make_window: MakeWindow, catalog_center: Database,
        counter_settings: Settings) -> None:
    """The dossiers tab: search, resolve, return, supplement asked and received, refuse."""
    from shared.dossier_views import Applicant

    ctx = _context(catalog_center, counter_settings)
    codes = [ctx.dossiers.receive(SITE, "1.004873", Applicant(name), counter=1).code
             for name in ("Trần Thị Bích", "Lê Hoàng Cường", "Võ Văn Em")]
    with GuiThreadSql(catalog_center) as on_gui:
        window = make_window(1, ctx=ctx)
        log_in(qtbot, window)
        press(qtbot, window, Qt.Key.Key_2, CTRL)
        tab = window.dossiers
        qtbot.keyClicks(tab.search, "cuong")
        assert tab.codes() == [codes[1]]
        tab.search.clear()
        tab.select_code(codes[0])
        press(qtbot, window, Qt.Key.Key_F6)
        tab.select_code(codes[0])
        press(qtbot, window, Qt.Key.Key_F12)
        tab.select_code(codes[1])
        press(qtbot, window, Qt.Key.Key_F7)
        type_text(qtbot, tab.reason_form.reason, "Thiếu giấy tờ")
        qtbot.keyClick(tab.reason_form.reason, Qt.Key.Key_Return)
        tab.select_code(codes[1])
        press(qtbot, window, Qt.Key.Key_F7, SHIFT)
        tab.select_code(codes[2])
        press(qtbot, window, Qt.Key.Key_F11)
        type_text(qtbot, tab.reason_form.reason, "Không thuộc thẩm quyền")
        qtbot.keyClick(tab.reason_form.reason, Qt.Key.Key_Return)
    assert on_gui.places() == []
    statuses = [ctx.dossiers.details(code).status for code in codes]
    assert statuses == [DossierStatus.RETURNED, DossierStatus.RECEIVED, DossierStatus.REFUSED]


def test_built_while_the_file_is_locked_the_window_shows_waits_and_fills_in(
        qtbot: QtBot, make_window: MakeWindow, catalog_center: Database,
        counter_settings: Settings, monkeypatch: pytest.MonkeyPatch,
        clock: FixedClock) -> None:
    """Another PC holds the whole file for 1.5 s as the counter starts, then again for 1.5 s
    as the clerk logs in: the window is on screen at once, its status bar says it waits for
    the database, the event loop never stalls 100 ms, and the log-in goes through once."""
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 5000)
    ctx = _context(catalog_center, counter_settings)
    catalog_center.dispose()  # no connection left open: the lock takes the whole file
    lock = ExclusiveLock(catalog_center)
    seen: list[tuple[bool, int, str]] = []  # (on screen, counters listed, status bar)
    made: list[CounterWindow] = []

    def look() -> None:
        if made:
            window = made[0]
            seen.append((window.isVisible(), window.login.counter.count(),
                         window.connection_label.text()))

    watch = QTimer()
    watch.setInterval(50)
    watch.timeout.connect(look)
    watch.start()
    gc.collect()
    probe = StallProbe()
    lock.release_after(1.5)  # 1.5 s from now, however loaded the PC
    window = CounterWindow(ctx, 1, now=lambda: clock.moment, live=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()  # nothing read yet: the log-in page's counters come off the GUI thread
    made.append(window)
    try:
        qtbot.waitUntil(lambda: window.login.counter.count() == 3, timeout=8000)
    finally:
        watch.stop()
    waiting = [text for visible, count, text in seen if visible and count == 0]
    assert any("Đang chờ cơ sở dữ liệu" in text for text in waiting), seen
    assert window.calls.longest >= 1.0, "the read really waited for the lock"
    assert "Đã kết nối" in window.connection_label.text()
    window.calls.longest = 0
    catalog_center.dispose()
    lock = ExclusiveLock(catalog_center)
    activate(qtbot, window)
    lock.release_after(1.5)
    log_in(qtbot, window)
    qtbot.waitUntil(lambda: window.state is not None, timeout=8000)
    longest = probe.stop()
    assert longest < 100, f"the event loop stalled {longest} ms"
    assert window.calls.longest >= 1.0, "the log-in really waited for the lock"
    assert window.clerk is not None and window.clerk.username == "lan"
    assert window.tabs.isVisible()
    window.shutdown()

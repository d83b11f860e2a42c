"""The kiosk reads and writes nothing on the GUI thread (issue 15 item 1): started (the schema
check included), issuing, looking up procedures and dossiers, losing and finding the database,
every statement runs in a worker thread (noted with a SQLAlchemy event on its engine). Started
while another PC holds the whole SQLite file, it says it is connecting, its event loop keeps
turning, and it shows home once the file is free; a dossier looked up meanwhile waits the same
way. A database of another version is named on the unavailable screen in one line."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import text

import shared.db.database as database_module
from shared.db.database import Database
from shared.dossiers import Applicant, DossierService
from shared.models import Priority
from tests.kiosk.conftest import MakeKiosk
from tests.tools.gui_sql import GuiThreadSql
from tests.tools.sqlite_lock import ExclusiveLock
from tests.tools.stall_probe import StallProbe

LEFT = Qt.MouseButton.LeftButton


def test_the_kiosk_sends_no_sql_from_the_gui_thread(
        make_kiosk: MakeKiosk, kiosk_db: Database, qtbot: QtBot) -> None:
    dossier = DossierService(kiosk_db).receive("HQ", "1.004873", Applicant("Phạm Thị Dung"))
    with GuiThreadSql(kiosk_db) as on_gui:
        window = make_kiosk(retry_ms=100)
        assert window.current() is window.home
        assert window._bridge is not None
        qtbot.waitUntil(lambda: window._bridge is not None and window._bridge.running,
                        timeout=3000)
        ticket = window.take_number("HT", Priority.NONE)
        assert ticket is not None and ticket.number == "A001"
        window.go_home()
        window.open_lookup()
        window._on_search_changed("khai sinh")
        window._on_field_chosen("Hộ tịch")
        window.open_procedure("1.004873")
        window.open_dossier()
        qtbot.keyClicks(window.dossier.code, dossier.code)
        qtbot.keyClick(window.dossier.code, Qt.Key.Key_Return)
        assert dossier.code in window.dossier.fields["code"][1].text()
        window.show_unavailable()
        qtbot.waitUntil(lambda: window.current() is window.home, timeout=3000)
    assert on_gui.places() == []


@pytest.fixture
def slow_to_give_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """Connections wait up to 5 s for a lock (15 s in production), longer than the tests'."""
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 5000)


def test_started_while_the_file_is_locked_the_kiosk_says_it_is_connecting(
        make_kiosk: MakeKiosk, kiosk_db: Database, qtbot: QtBot, slow_to_give_up: None,
        tmp_path: Path) -> None:
    kiosk_db.dispose()
    lock = ExclusiveLock(kiosk_db)
    window = make_kiosk(start=False)
    seen: list[str] = []
    watch = QTimer(window)
    watch.setInterval(50)
    watch.timeout.connect(lambda: seen.append(window.current().objectName() + ":"
                                              + window.unavailable.title.text()))
    watch.start()
    gc.collect()
    probe = StallProbe()
    lock.release_after(1.5)  # 1.5 s from the start, however loaded the PC
    window.start()
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=8000)
    longest = probe.stop()
    watch.stop()
    assert window.calls.longest >= 1.0, "the start really waited for the lock"
    assert longest < 100, f"the event loop stalled {longest} ms"
    assert any("Đang kết nối hệ thống" in text for text in seen), seen
    assert set(window.home.tiles) == {"HT", "CT", "DD"}


def test_a_dossier_looked_up_while_the_file_is_locked_waits_without_freezing(
        make_kiosk: MakeKiosk, kiosk_db: Database, qtbot: QtBot,
        slow_to_give_up: None) -> None:
    dossier = DossierService(kiosk_db).receive("HQ", "1.004873", Applicant("Phạm Thị Dung"))
    window = make_kiosk(live=False)
    window.open_dossier()
    window.dossier.code.setText(dossier.code)
    kiosk_db.dispose()
    lock = ExclusiveLock(kiosk_db)
    gc.collect()
    probe = StallProbe()
    lock.release_after(1.5)
    qtbot.mouseClick(window.dossier.search, LEFT)
    qtbot.wait(20)
    longest = probe.stop()
    assert window.calls.longest >= 1.0, "the lookup really waited for the lock"
    assert longest < 100, f"the event loop stalled {longest} ms"
    assert dossier.code in window.dossier.fields["code"][1].text()


def test_a_database_of_another_version_is_named_in_one_line_while_the_kiosk_retries(
        make_kiosk: MakeKiosk, kiosk_db: Database, qtbot: QtBot) -> None:
    """The schema is checked at start (off the GUI thread): an older database is named on the
    unavailable screen ("layso db upgrade"), and once upgraded the kiosk opens by itself."""
    with kiosk_db.transaction() as session:
        head = session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    window = make_kiosk(retry_ms=100, live=False)
    assert window.current() is window.unavailable
    assert "layso db upgrade" in window.unavailable.retry.text()
    with kiosk_db.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=5000)

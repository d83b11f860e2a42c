"""The waiting screen (shared/ui/waiting.py) while the app's window is built: the window's
first reads run off the GUI thread, and meanwhile the screen says it is opening."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

import shared.db.database as database_module
from shared.center import CenterService
from shared.db.database import Database
from shared.ui.waiting import WaitingScreen
from shared.ui.worker import run_off_thread
from tests.tools.sqlite_lock import ExclusiveLock
from tests.tools.stall_probe import StallProbe


@pytest.fixture
def lock(sqlite_center: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[ExclusiveLock]:
    """The test center's whole file held by another PC (released by the test, or at the end)."""
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 5000)
    sqlite_center.dispose()
    held = ExclusiveLock(sqlite_center)
    yield held
    held.release()


def test_while_the_window_reads_its_first_data_the_screen_says_it_is_opening(
        qtbot: QtBot, sqlite_center: Database, lock: ExclusiveLock) -> None:
    def probe() -> str:
        lock.release_after(1.0)  # the file stays held for 1 s after the probe
        return "ok"

    def build(_value: object) -> QWidget:
        sites = run_off_thread(CenterService(sqlite_center).sites)  # waits for the lock
        return QLabel(sites[0].name)

    screen = WaitingScreen(probe, build)
    qtbot.addWidget(screen)
    screen.show()
    seen: list[str] = []
    watch = QTimer(screen)
    watch.setInterval(50)
    watch.timeout.connect(lambda: seen.append(screen.status.text()))
    watch.start()
    stalls = StallProbe()
    qtbot.waitUntil(lambda: screen.app_window is not None, timeout=8000)
    longest = stalls.stop()
    watch.stop()
    assert longest < 100, f"the event loop stalled {longest} ms"
    assert "Đã kết nối. Đang mở…" in seen, seen
    window = screen.app_window
    assert isinstance(window, QLabel) and "Bến Thành" in window.text()
    qtbot.addWidget(window)

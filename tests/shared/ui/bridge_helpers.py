"""What the ChangeBridge tests (test_bridge.py, test_bridge_failed_read.py) share: a bridge
started on site HQ and stopped leaving no thread, the SQLite file moved away and back, and a
ticket issued that must arrive as its one change."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from shared.db.database import Database
from shared.queue import QueueService
from shared.ui.bridge import THREAD_NAME, ChangeBridge


def feed_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD_NAME]


def started_bridge(db: Database) -> ChangeBridge:
    """A bridge on site HQ, positioned (what is committed from now on is delivered), started."""
    bridge = ChangeBridge(db, "HQ")
    assert bridge.position()
    bridge.start()
    return bridge


def stop(bridge: ChangeBridge) -> None:
    """Stop the bridge: its feed's thread is gone."""
    bridge.stop()
    assert feed_threads() == []


def a_ticket_issued_arrives(qtbot: QtBot, bridge: ChangeBridge, db: Database) -> None:
    """A ticket issued now arrives as one `changed` signal holding just its change."""
    with qtbot.waitSignal(bridge.changed, timeout=5000) as blocker:
        QueueService(db).issue_ticket("HQ", "HT")
    assert [c.kind for c in blocker.args[0]] == ["ticket.issued"]


class SqliteFiles:
    """The SQLite file of ``db`` (with its -wal and -shm) moved into ``tmp_path``/aside and
    back, as when the disk or the share it is on goes away."""

    def __init__(self, db: Database, tmp_path: Path) -> None:
        path = Path(str(db.engine.url.database))
        self.aside = tmp_path / "aside"
        self.aside.mkdir()
        self.files = list(path.parent.glob(path.name + "*"))

    def move_away(self) -> None:
        for file in self.files:
            os.rename(file, self.aside / file.name)

    def move_back(self) -> None:
        for file in self.files:
            os.rename(self.aside / file.name, file)

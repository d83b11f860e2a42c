"""ChangeBridge: a read failing right after the feed reconnects (the wall's outage in
tests/display/test_board_faults.py) does not leave the bridge lost for ever."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from shared.changes import Change
from shared.db.database import Database
from shared.errors import DatabaseUnavailable
from tests.shared.ui.bridge_helpers import (
    SqliteFiles,
    a_ticket_issued_arrives,
    started_bridge,
    stop,
)


def test_a_read_failing_after_the_feed_reconnects_is_retried_until_one_succeeds(
        sqlite_center: Database, qtbot: QtBot, tmp_path: Path) -> None:
    """The file comes back, the feed's wait reconnects (its one wake-up) and the read after
    it fails: the bridge reads again on its next retry and says `connection_restored` then
    (it used to go back to waiting quietly, lost, and the wall kept its mark for ever)."""
    bridge = started_bridge(sqlite_center)
    feed = bridge._feed
    assert feed is not None
    reads = {"failed": 0}
    read = feed.changes_since

    def failing_once(version: int) -> list[Change]:
        if reads["failed"] == 0:
            reads["failed"] += 1
            raise DatabaseUnavailable("Mất kết nối.", "Lost.", detail="disk I/O error")
        return read(version)

    files = SqliteFiles(sqlite_center, tmp_path)
    with qtbot.waitSignal(bridge.connection_lost, timeout=5000):
        files.move_away()
    feed.changes_since = failing_once  # type: ignore[method-assign]
    with qtbot.waitSignal(bridge.connection_restored, timeout=5000):
        files.move_back()
    assert reads["failed"] == 1
    a_ticket_issued_arrives(qtbot, bridge, sqlite_center)
    stop(bridge)

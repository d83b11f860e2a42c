"""ChangeBridge (shared/ui/bridge.py): change-feed wake-ups as Qt signals on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from shared.changes import Change
from shared.db.database import Database
from shared.queue import QueueService
from shared.ui.bridge import ChangeBridge
from tests.shared.ui.bridge_helpers import (
    SqliteFiles,
    a_ticket_issued_arrives,
    feed_threads,
    started_bridge,
    stop,
)
from tests.tools.gui_sql import GuiThreadSql


@pytest.fixture
def bridge(center: Database, qtbot: QtBot) -> Iterator[ChangeBridge]:
    bridge = started_bridge(center)
    yield bridge
    stop(bridge)


def test_a_call_arrives_as_one_changed_signal_on_the_gui_thread(
        center: Database, bridge: ChangeBridge, qtbot: QtBot) -> None:
    """A ticket called through QueueService arrives as one `changed` signal whose slot runs
    on the GUI thread, carrying the ticket.called change with the counter's number."""
    queue = QueueService(center)
    with qtbot.waitSignal(bridge.changed, timeout=5000):
        queue.issue_ticket("HQ", "HT")
    counter = queue.find_counter("HQ", 1)
    batches: list[list[Change]] = []
    threads: list[bool] = []

    def _on_changes(changes: list[Change]) -> None:
        batches.append(changes)
        threads.append(threading.current_thread() is threading.main_thread())

    bridge.changed.connect(_on_changes)
    queue.call_next(counter.id)
    qtbot.waitUntil(lambda: len(batches) >= 1, timeout=5000)
    qtbot.wait(300)  # no second signal for the same change
    assert len(batches) == 1 and threads == [True]
    (change,) = batches[0]
    assert change.kind == "ticket.called"
    assert change.data["number"] == "A001" and change.data["counter_number"] == 1


def test_a_burst_of_commits_arrives_in_few_batches_missing_none(
        sqlite_center: Database, qtbot: QtBot) -> None:
    """Thirty quick commits arrive batched (fewer signals than commits), each once."""
    bridge = started_bridge(sqlite_center)
    seen: list[int] = []
    signals: list[int] = []

    def _on_changes(changes: list[Change]) -> None:
        seen.extend(c.id for c in changes)
        signals.append(len(changes))

    bridge.changed.connect(_on_changes)
    queue = QueueService(sqlite_center)
    for _ in range(30):
        queue.issue_ticket("HQ", "CT")
    qtbot.waitUntil(lambda: len(seen) == 30, timeout=5000)
    stop(bridge)
    assert len(set(seen)) == 30
    assert len(signals) < 30


def test_stop_leaves_no_thread_and_no_more_signals(
        sqlite_center: Database, qtbot: QtBot) -> None:
    """stop() joins the worker thread; changes after it emit nothing; stop() twice is fine."""
    bridge = ChangeBridge(sqlite_center, "HQ")
    bridge.start()
    assert len(feed_threads()) == 1
    bridge.stop()
    bridge.stop()
    assert feed_threads() == [] and not bridge.running
    received: list[object] = []
    bridge.changed.connect(received.append)
    QueueService(sqlite_center).issue_ticket("HQ", "HT")
    qtbot.wait(300)
    assert received == []


def test_lost_database_is_reported_once_then_restored(
        sqlite_center: Database, qtbot: QtBot, tmp_path: Path) -> None:
    """The SQLite file moved away: one `connection_lost` with a Vietnamese message; moved
    back: `connection_restored`, and later changes arrive again."""
    bridge = ChangeBridge(sqlite_center, "HQ")
    bridge.start()
    qtbot.wait(300)  # the worker's first wait connects
    lost: list[str] = []
    bridge.connection_lost.connect(lost.append)
    files = SqliteFiles(sqlite_center, tmp_path)
    with qtbot.waitSignal(bridge.connection_lost, timeout=5000):
        files.move_away()
    qtbot.wait(1200)  # several retries, still one signal
    assert len(lost) == 1 and "kết nối" in lost[0]
    with qtbot.waitSignal(bridge.connection_restored, timeout=10000):
        files.move_back()
    a_ticket_issued_arrives(qtbot, bridge, sqlite_center)
    stop(bridge)


def test_start_reads_nothing_on_the_gui_thread_and_misses_nothing_after_it_positioned(
        sqlite_center: Database, qtbot: QtBot) -> None:
    """start() never waits on the database (the worker finds the site and the version); a
    change committed once the worker has positioned the feed arrives."""
    bridge = ChangeBridge(sqlite_center, "HQ")
    with GuiThreadSql(sqlite_center) as on_gui:
        bridge.start()
        qtbot.waitUntil(lambda: bridge.positioned, timeout=5000)
    assert on_gui.calls == []
    a_ticket_issued_arrives(qtbot, bridge, sqlite_center)
    stop(bridge)

"""The change feed (shared/changes.py) on real SQLite files and the real PostgreSQL server.

Writers run in other processes (multiprocessing "spawn"), as the kiosk and counters do.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, func, select, text

from shared.center import CenterService
from shared.changes import ChangeFeed
from shared.clock import FixedClock
from shared.db.database import Database
from shared.errors import DatabaseUnavailable
from shared.events import EventKind, record
from shared.models import Event
from shared.queue import QueueService
from tests.center_data import build_center

MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SPAWN = multiprocessing.get_context("spawn")


def issue_in_child(url: str, service: str, count: int) -> None:
    """Child process: issue ``count`` tickets of ``service`` at site HQ, one commit each."""
    db = Database(url, clock=FixedClock(MORNING))
    queue = QueueService(db)
    for _ in range(count):
        queue.issue_ticket("HQ", service)
    db.dispose()


def run_children(url: str, *jobs: tuple[str, int]) -> list[Any]:
    children = [SPAWN.Process(target=issue_in_child, args=(url, service, count))
                for service, count in jobs]
    for child in children:
        child.start()
    return children


def collect_until(feed: ChangeFeed, wanted: int, seconds: float = 30) -> list[int]:
    """Wake-ups and reads, as the bridge does, until ``wanted`` ticket.issued changes came."""
    seen: list[int] = []
    deadline = time.monotonic() + seconds
    while len([i for i in seen if i > 0]) < wanted and time.monotonic() < deadline:
        if feed.wait(0.2):
            seen.extend(c.id for c in feed.changes_since(feed.position)
                        if c.kind == EventKind.TICKET_ISSUED)
    return seen


@pytest.fixture
def feed(center: Database) -> Iterator[ChangeFeed]:
    feed = ChangeFeed(center)
    feed.version()
    assert feed.wait(0) is True, "the first wait connects and reports 'maybe changed'"
    yield feed
    feed.close()


def test_commit_in_another_process_wakes_wait_and_is_returned(
        center: Database, feed: ChangeFeed) -> None:
    """A ticket issued in another process wakes wait() and changes_since returns its event."""
    version = feed.position
    assert feed.wait(0.1) is False, "nothing changed yet"
    child, = run_children(center.url, ("HT", 1))
    assert feed.wait(30) is True
    changes = feed.changes_since(version)
    child.join(30)
    assert [(c.kind, c.data["number"]) for c in changes] == [("ticket.issued", "A001")]
    assert changes[0].ticket_id is not None and changes[0].at.tzinfo is not None


def test_no_change_is_missed_across_many_quick_commits_from_two_processes(
        center: Database, feed: ChangeFeed) -> None:
    """Two processes commit 150 tickets each as fast as they can; reading after every
    wake-up from the feed's position returns each event exactly once (on PostgreSQL some
    commit out of id order)."""
    children = run_children(center.url, ("HT", 150), ("CT", 150))
    seen = collect_until(feed, 300)
    for child in children:
        child.join(30)
    with center.reading() as session:
        issued = session.scalars(select(Event.id).where(
            Event.kind == str(EventKind.TICKET_ISSUED)).order_by(Event.id)).all()
    assert len(issued) == 300
    assert sorted(seen) == list(issued), "every event once, none missed, none twice"


def test_feed_of_a_site_skips_other_sites_but_moves_past_them(
        center: Database, feed: ChangeFeed) -> None:
    """A site's feed returns its own and site-less events only, and its position still
    moves past the other site's events."""
    CenterService(center).add_site("CS2", "Cơ sở 2")
    CenterService(center).add_service("CS2", "HT", "Hộ tịch", prefix="A")
    with center.reading() as session:
        hq = session.scalar(text("SELECT id FROM sites WHERE code = 'HQ'"))
    site_feed = ChangeFeed(center, site_id=hq)
    start = site_feed.version()
    QueueService(center).issue_ticket("CS2", "HT")
    QueueService(center).issue_ticket("HQ", "HT")
    changes = site_feed.changes_since(start)
    assert [c.site_id for c in changes] == [hq]
    assert site_feed.position == feed.version()
    site_feed.close()


def test_postgresql_late_commit_below_the_position_is_still_returned(
        postgres_db: Database) -> None:
    """Id N+1 committing before id N: the reader sees N+1, remembers the gap N, and returns N
    once it commits (after the reader's position already passed it)."""
    feed = ChangeFeed(postgres_db)
    start = feed.version()
    feed.wait(0)
    now = MORNING
    with postgres_db.transaction() as slow:
        late = record(slow, EventKind.CONFIG_CHANGED, now, key="slow")
        with postgres_db.transaction() as fast:
            early = record(fast, EventKind.CONFIG_CHANGED, now, key="fast")
        assert early == late + 1
        assert feed.wait(5) is True
        assert [c.id for c in feed.changes_since(start)] == [early]
        assert feed.gaps == {late}
    assert feed.wait(5) is True, "the late commit's NOTIFY wakes the reader"
    assert [c.data["key"] for c in feed.changes_since(feed.position)] == ["slow"]
    assert feed.gaps == frozenset()
    feed.close()


def test_postgresql_version_registers_in_flight_ids_below_it(postgres_db: Database) -> None:
    """version() taken while id N is in flight and N+1 committed: changes_since(version)
    still returns N when it commits (a snapshot read after version() misses nothing)."""
    feed = ChangeFeed(postgres_db)
    with postgres_db.transaction() as slow:
        late = record(slow, EventKind.CONFIG_CHANGED, MORNING, key="slow")
        with postgres_db.transaction() as fast:
            record(fast, EventKind.CONFIG_CHANGED, MORNING, key="fast")
        version = feed.version()
        assert version == late + 1 and feed.gaps == {late}
    assert [c.id for c in feed.changes_since(version)] == [late]
    feed.close()


def test_postgresql_rolled_back_id_is_forgotten_after_the_gap_time(
        postgres_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rolled-back transaction leaves a permanent gap: it is asked for again only for
    GAP_SECONDS, then forgotten."""
    monkeypatch.setattr("shared.changes.GAP_SECONDS", 0.2)
    feed = ChangeFeed(postgres_db)
    start = feed.version()
    with pytest.raises(RuntimeError), postgres_db.transaction() as doomed:
        record(doomed, EventKind.CONFIG_CHANGED, MORNING, key="doomed")
        raise RuntimeError("roll back")
    with postgres_db.transaction() as session:
        record(session, EventKind.CONFIG_CHANGED, MORNING, key="kept")
    assert [c.data["key"] for c in feed.changes_since(start)] == ["kept"]
    assert len(feed.gaps) == 1
    time.sleep(0.3)
    assert feed.changes_since(feed.position) == []
    assert feed.gaps == frozenset()
    feed.close()


def test_postgresql_killed_listener_raises_unavailable_then_reconnects(
        postgres_db: Database) -> None:
    """The feed's backend terminated by the server: wait() raises DatabaseUnavailable with a
    Vietnamese message; the next wait() reconnects and returns True; later commits wake it."""
    center = postgres_db
    build_center(center)
    feed = ChangeFeed(center)
    assert feed.wait(0) is True
    admin = create_engine(center.engine.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        killed = connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'layso-feed' AND datname = current_database()")).all()
    admin.dispose()
    assert killed == [(True,)]
    with pytest.raises(DatabaseUnavailable) as lost:
        feed.wait(5)
    assert "kết nối" in lost.value.message
    assert feed.wait(5) is True, "reconnected: maybe changed while nobody listened"
    version = feed.version()
    QueueService(center).issue_ticket("HQ", "HT")
    assert feed.wait(5) is True
    assert [c.kind for c in feed.changes_since(version)] == ["ticket.issued"]
    feed.close()


def test_postgresql_server_unreachable_raises_unavailable() -> None:
    """No server at the address: wait() raises DatabaseUnavailable, not a driver error."""
    feed = ChangeFeed(Database("postgresql+psycopg://postgres@127.0.0.1:1/none"))
    with pytest.raises(DatabaseUnavailable):
        feed.wait(1)
    feed.close()


def test_sqlite_file_moved_away_raises_unavailable_and_comes_back(
        sqlite_center: Database, tmp_path: Path) -> None:
    """The SQLite file moved away: wait() raises DatabaseUnavailable; moved back, the next
    wait() reconnects (True) and later commits are seen again."""
    feed = ChangeFeed(sqlite_center)
    version = feed.version()
    assert feed.wait(0) is True
    path = Path(str(sqlite_center.engine.url.database))
    aside = tmp_path / "aside"
    aside.mkdir()
    moved = list(path.parent.glob(path.name + "*"))
    for file in moved:
        os.rename(file, aside / file.name)
    with pytest.raises(DatabaseUnavailable):
        feed.wait(1)
    with pytest.raises(DatabaseUnavailable):
        feed.wait(1)
    for file in moved:
        os.rename(aside / file.name, file)
    assert feed.wait(1) is True
    QueueService(sqlite_center).issue_ticket("HQ", "HT")
    assert feed.wait(5) is True
    assert [c.kind for c in feed.changes_since(version)] == ["ticket.issued"]
    with sqlite_center.reading() as session:
        assert (session.scalar(select(func.count()).select_from(Event)) or 0) > 0
    feed.close()

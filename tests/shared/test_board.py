"""shared/board.py: the display snapshot and how change-feed events update it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.board import (
    BoardReader,
    CounterTile,
    DisplaySnapshot,
    apply_events,
    next_midnight,
)
from shared.changes import Change, ChangeFeed
from shared.clock import LOCAL_TZ, FixedClock
from shared.db.database import Database
from shared.models import CounterStatus, Outcome
from shared.queue import QueueService

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def _snapshot() -> DisplaySnapshot:
    tiles = tuple(CounterTile(10 + n, n, f"Quầy {n}", CounterStatus.OPEN) for n in (1, 2, 3))
    return DisplaySnapshot(1, "HQ", "Trung tâm", NOW.date(), tiles)


def _change(kind: str, at: datetime = NOW, site_id: int | None = 1,
            counter_id: int | None = None, **data: object) -> Change:
    return Change(id=1, kind=kind, at=at, site_id=site_id, ticket_id=None,
                  counter_id=counter_id, clerk_id=None, dossier_id=None, data=data)


def test_a_call_sets_the_counters_number_and_is_announced() -> None:
    """ticket.called: the tile shows number and service; the call is listed and announced."""
    applied = apply_events(_snapshot(), [_change("ticket.called", number="A001",
                                                 counter_number=2, service="HT")],
                           recent_limit=6, now=NOW)
    tile = applied.snapshot.counter(2)
    assert tile is not None and (tile.ticket_number, tile.service_code) == ("A001", "HT")
    assert [c.ticket_number for c in applied.calls] == ["A001"]
    assert applied.snapshot.recent == applied.calls
    assert applied.changed_counters == {2} and applied.figures_stale and not applied.reload


def test_finishing_clears_the_tile_and_counter_status_changes_its_state() -> None:
    """ticket.finished clears the number; counter.status (by counter number) sets the state;
    a transfer (only the counter id in the event) clears it too."""
    snapshot = apply_events(_snapshot(), [
        _change("ticket.called", number="A001", counter_number=1, service="HT"),
        _change("ticket.called", number="B001", counter_number=2, service="CT"),
    ], recent_limit=6, now=NOW).snapshot
    applied = apply_events(snapshot, [
        _change("ticket.finished", number="A001", counter_number=1),
        _change("ticket.transferred", counter_id=12, number="B001", service="HT"),
        _change("counter.status", status="closed", number=3),
    ], recent_limit=6, now=NOW)
    assert [t.ticket_number for t in applied.snapshot.counters] == [None, None, None]
    tile = applied.snapshot.counter(3)
    assert tile is not None and tile.status == CounterStatus.CLOSED
    assert applied.calls == ()


def test_the_recent_list_is_bounded_and_a_recall_is_listed_and_announced_again() -> None:
    """At most recent_limit calls are kept (newest first); a recall counts as a new call."""
    events = [_change("ticket.called", at=NOW + timedelta(seconds=i), number=f"A{i:03d}",
                      counter_number=1, service="HT") for i in range(10)]
    events.append(_change("ticket.recalled", at=NOW + timedelta(seconds=30), number="A009",
                          counter_number=1))
    applied = apply_events(_snapshot(), events, recent_limit=4, now=NOW)
    assert [c.ticket_number for c in applied.snapshot.recent] == ["A009", "A009", "A008",
                                                                  "A007"]
    assert applied.snapshot.recent[0].recall and len(applied.calls) == 11
    tile = applied.snapshot.counter(1)
    assert tile is not None and tile.service_code == "HT"


def test_a_call_already_in_the_snapshot_is_not_announced_twice() -> None:
    """An event no newer than the tile's call (read into the snapshot) changes nothing."""
    snapshot = apply_events(_snapshot(), [_change("ticket.called", number="A001",
                                                  counter_number=1, service="HT")],
                            recent_limit=6, now=NOW).snapshot
    again = apply_events(snapshot, [_change("ticket.called", number="A001", counter_number=1,
                                            service="HT")], recent_limit=6, now=NOW)
    assert again.calls == () and again.snapshot == snapshot


def test_other_sites_are_ignored_and_unknown_counters_ask_for_a_reload() -> None:
    """Events of another site change nothing; one about an unknown counter needs a full read;
    dossier events make the figures stale."""
    other = apply_events(_snapshot(), [_change("ticket.called", site_id=2, number="A001",
                                               counter_number=1)], recent_limit=6, now=NOW)
    assert other.snapshot == _snapshot() and not other.figures_stale
    unknown = apply_events(_snapshot(), [_change("counter.status", status="open", number=9)],
                           recent_limit=6, now=NOW)
    assert unknown.reload
    dossier = apply_events(_snapshot(), [_change("dossier.resolved", code="X")],
                           recent_limit=6, now=NOW)
    assert dossier.figures_stale and not dossier.reload


def test_next_midnight_is_the_next_local_midnight() -> None:
    """09:00 in Hanoi → 00:00 the next local day (17:00 UTC)."""
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=LOCAL_TZ)
    assert next_midnight(moment) == datetime(2026, 11, 24, 0, 0, tzinfo=LOCAL_TZ)


def test_events_from_the_real_feed_bring_a_snapshot_up_to_date(db: Database,
                                                               clock: FixedClock) -> None:
    """On SQLite and PostgreSQL: a snapshot plus the feed's changes equals a fresh read."""
    from tests.center_data import build_center

    build_center(db)
    reader = BoardReader(db, "HQ")
    feed = ChangeFeed(db)
    try:
        version = feed.version()
        snapshot = reader.snapshot()
        queue = QueueService(db)
        for service in ("HT", "CT", "HT"):
            queue.issue_ticket("HQ", service)
        counters = {state.number: state.id for state in queue.counters("HQ")}
        queue.call_next(counters[1])
        queue.call_next(counters[2])
        clock.advance(minutes=3)
        queue.finish(counters[1], Outcome.GUIDED)
        queue.call_next(counters[1])
        queue.set_counter_status(counters[3], CounterStatus.PAUSED)
        applied = apply_events(snapshot, feed.changes_since(version), recent_limit=6,
                               now=clock.moment)
    finally:
        feed.close()
    fresh = reader.snapshot()
    assert applied.snapshot.counters == fresh.counters
    assert applied.snapshot.recent == fresh.recent
    assert [c.ticket_number for c in applied.calls] == ["A001", "B001", "A002"]
    assert applied.figures_stale
    assert reader.figures().served == 1 and reader.figures().waiting == 0

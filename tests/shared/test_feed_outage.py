"""The change feed through a silent outage (issue 15 item 2), on the real PostgreSQL server.

A TCP proxy on 127.0.0.1 sits between the server's feed hub and PostgreSQL. It stops
forwarding without closing anything (no FIN, no RST: the server PC lost power, a cable was
pulled) for about 16 s, while a kiosk (connected directly) keeps issuing tickets. The hub must
say "lost" within about 10 s, and once the proxy forwards again deliver every event made
meanwhile, by version, each exactly once, without a restart.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from server.hub import Batch, FeedHub
from shared.db.database import Database
from shared.events import EventKind
from shared.queue import QueueService
from tests.center_data import build_center
from tests.tools.tcp_proxy import TcpProxy

OUTAGE_SECONDS = 16.0
LOST_WITHIN_SECONDS = 10.0


@pytest.fixture
def proxied(postgres_db: Database) -> Iterator[tuple[Database, TcpProxy]]:
    build_center(postgres_db)
    parsed = make_url(postgres_db.url)
    proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432).start()
    url = parsed.set(port=proxy.port).render_as_string(hide_password=False)
    db = Database(url, clock=postgres_db.clock)
    yield db, proxy
    proxy.close()
    db.dispose()


async def _collect(hub: FeedHub, until: float, batches: list[tuple[float, Batch]],
                   stop: asyncio.Event) -> None:
    async with hub.subscribe(None) as subscription:
        while time.monotonic() < until and not stop.is_set():
            batch = await subscription.get(0.1)
            if batch is not None:
                batches.append((time.monotonic(), batch))


def issued_ids(batches: list[tuple[float, Batch]]) -> list[int]:
    return [change.id for _, batch in batches if batch.kind == "changes"
            for change in batch.changes if change.kind == EventKind.TICKET_ISSUED]


def test_silent_outage_is_reported_and_every_missed_event_delivered_once(
        postgres_db: Database, proxied: tuple[Database, TcpProxy]) -> None:
    feed_db, proxy = proxied
    kiosk = QueueService(postgres_db)  # the kiosk PC: not behind the failing link

    async def scenario() -> tuple[list[tuple[float, Batch]], float, float, list[int]]:
        hub = FeedHub(feed_db)
        hub.start(asyncio.get_running_loop())
        batches: list[tuple[float, Batch]] = []
        stop = asyncio.Event()
        collector = asyncio.create_task(_collect(hub, time.monotonic() + 90, batches, stop))
        await asyncio.sleep(1.0)  # the hub is listening
        made = [kiosk.issue_ticket("HQ", "HT").id for _ in range(3)]
        while len(issued_ids(batches)) < 3:
            await asyncio.sleep(0.05)
        paused_at = time.monotonic()
        proxy.pause()
        while time.monotonic() - paused_at < OUTAGE_SECONDS:
            made.append(kiosk.issue_ticket("HQ", "CT").id)
            await asyncio.sleep(0.5)
        proxy.resume()
        resumed_at = time.monotonic()
        while len(issued_ids(batches)) < len(made) and time.monotonic() - resumed_at < 30:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # nothing more (no duplicate) arrives later
        stop.set()
        await collector
        hub.stop()
        return batches, paused_at, resumed_at, made

    batches, paused_at, resumed_at, made = asyncio.run(scenario())
    kinds = [(round(at - paused_at, 1), batch.kind) for at, batch in batches
             if batch.kind != "changes"]
    lost = [at for at, batch in batches if batch.kind == "lost"]
    assert lost, f"the hub never said the database was lost: {kinds}"
    assert lost[0] - paused_at < LOST_WITHIN_SECONDS, kinds
    restored = [at for at, batch in batches if batch.kind == "restored"]
    assert restored and restored[-1] > resumed_at, kinds
    with postgres_db.reading() as session:
        from sqlalchemy import select

        from shared.models import Event
        events = session.scalars(select(Event.id).where(
            Event.kind == EventKind.TICKET_ISSUED).order_by(Event.id)).all()
    seen = issued_ids(batches)
    assert len(made) >= 3 + OUTAGE_SECONDS * 1.5
    assert sorted(seen) == list(events), "every event exactly once"
    assert len(seen) == len(set(seen))


def test_a_reset_connection_is_reported_at_once_and_resynchronised(
        postgres_db: Database, proxied: tuple[Database, TcpProxy]) -> None:
    """The server PC rebooted: every connection through the link is reset (RST). The hub says
    lost, reconnects, and delivers the tickets issued meanwhile, once each."""
    feed_db, proxy = proxied
    kiosk = QueueService(postgres_db)

    async def scenario() -> tuple[list[tuple[float, Batch]], float, list[int]]:
        hub = FeedHub(feed_db)
        hub.start(asyncio.get_running_loop())
        batches: list[tuple[float, Batch]] = []
        stop = asyncio.Event()
        collector = asyncio.create_task(_collect(hub, time.monotonic() + 60, batches, stop))
        await asyncio.sleep(1.0)
        made = [kiosk.issue_ticket("HQ", "HT").id]
        while len(issued_ids(batches)) < 1:
            await asyncio.sleep(0.05)
        reset_at = time.monotonic()
        proxy.reset()
        made += [kiosk.issue_ticket("HQ", "CT").id for _ in range(5)]
        while len(issued_ids(batches)) < len(made) and time.monotonic() - reset_at < 30:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        stop.set()
        await collector
        hub.stop()
        return batches, reset_at, made

    batches, reset_at, made = asyncio.run(scenario())
    lost = [at for at, batch in batches if batch.kind == "lost"]
    assert lost and lost[0] - reset_at < 3
    assert any(batch.kind == "restored" for _, batch in batches)
    seen = issued_ids(batches)
    assert len(made) == 6
    assert sorted(seen) == _issued_events(postgres_db) and len(seen) == len(set(seen))


def _issued_events(db: Database) -> list[int]:
    from sqlalchemy import select

    from shared.models import Event

    with db.reading() as session:
        return list(session.scalars(select(Event.id).where(
            Event.kind == EventKind.TICKET_ISSUED).order_by(Event.id)).all())

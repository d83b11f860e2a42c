"""server/hub.py: one change feed read once per wake-up and handed to every subscriber."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from server import hub as hub_module
from server.hub import Batch, FeedHub, Subscription
from shared.changes import ChangeFeed
from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import SITE


async def _next_changes(subscription: Subscription, timeout: float = 10.0) -> Batch:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        left = deadline - asyncio.get_running_loop().time()
        assert left > 0, "no batch of changes arrived"
        batch = await subscription.get(left)
        if batch is not None and batch.kind == "changes":
            return batch


def test_every_subscriber_gets_a_change_once_and_only_its_site(center: Database) -> None:
    """Two subscribers of the site and one of another site id: an issued ticket reaches both
    of the site's, with its event, and never the other's; one feed serves them all."""
    queue = QueueService(center)
    feeds: list[ChangeFeed] = []

    def factory(db: Database) -> ChangeFeed:
        feed = ChangeFeed(db)
        feeds.append(feed)
        return feed

    async def scenario() -> None:
        hub = FeedHub(center, factory)
        hub.start(asyncio.get_running_loop())
        try:
            from shared.center import CenterService

            site = CenterService(center).site(SITE)
            async with hub.subscribe(site.id) as first, hub.subscribe(site.id) as second, \
                    hub.subscribe(site.id + 1000) as other:
                await asyncio.sleep(0.3)  # the hub has its position
                ticket = await asyncio.to_thread(queue.issue_ticket, SITE, "CT")
                for subscription in (first, second):
                    batch = await _next_changes(subscription)
                    kinds = [(c.kind, c.ticket_id) for c in batch.changes]
                    assert ("ticket.issued", ticket.id) in kinds
                assert other.queue.empty()
                assert hub.subscriber_count == 3
            assert hub.subscriber_count == 0
        finally:
            await asyncio.to_thread(hub.stop)

    asyncio.run(scenario())
    assert len(feeds) == 1


def test_a_lost_database_is_told_and_its_return_too(sqlite_center: Database,
                                                    tmp_path: Path,
                                                    monkeypatch: object) -> None:
    """The SQLite file moved away: subscribers get "lost"; moved back: "restored", then the
    changes made meanwhile arrive as changes (nothing is skipped)."""
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(hub_module, "RETRY_SECONDS", 0.1)
    path = sqlite_center.url.removeprefix("sqlite:///")
    queue = QueueService(sqlite_center)

    async def scenario() -> None:
        hub = FeedHub(sqlite_center)
        hub.start(asyncio.get_running_loop())
        try:
            async with hub.subscribe(None) as subscription:
                await asyncio.sleep(0.3)
                os.rename(path, path + ".away")
                kinds: list[str] = []
                while "lost" not in kinds:
                    batch = await subscription.get(10)
                    assert batch is not None, "the loss was never told"
                    kinds.append(batch.kind)
                assert not hub.healthy
                os.rename(path + ".away", path)
                ticket = await asyncio.to_thread(queue.issue_ticket, SITE, "HT")
                seen: set[int | None] = set()
                restored = False
                while ticket.id not in seen:
                    batch = await subscription.get(10)
                    assert batch is not None, "the change made after the return never came"
                    restored = restored or batch.kind == "restored"
                    seen |= {c.ticket_id for c in batch.changes}
                assert restored and hub.healthy
        finally:
            await asyncio.to_thread(hub.stop)

    asyncio.run(scenario())


def test_a_subscriber_that_cannot_keep_up_is_told_to_reread_not_waited_for() -> None:
    """Its queue full, a subscriber loses the pending batches and gets one "restored" (re-read
    everything) instead: the hub never blocks on a slow stream."""

    async def scenario() -> None:
        subscription = Subscription(None)
        for _ in range(hub_module.QUEUE_LIMIT + 5):
            subscription.offer(Batch("changes", ()))
        assert subscription.overflowed
        batch = await subscription.get(1)
        assert batch is not None and batch.kind == "restored"
        assert subscription.queue.qsize() == 4  # only what came after the overflow

    asyncio.run(scenario())

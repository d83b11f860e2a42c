"""Tests for shared/center_settings.py: the center's settings, stored per site, win over each
PC's file where they are used (the queue's priority policy, the ticker lines, the rating
scale), every change checked and logged as config.changed with who made it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from shared.board import BoardReader
from shared.center_settings import CenterSettings, CenterSettingsService
from shared.clock import FixedClock
from shared.config import QueueSettings, load_settings
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.models import Event, Outcome, Priority
from shared.queue import QueueService
from shared.ratings import RatingService
from tests.center_data import SITE


def _changes(db: Database) -> list[dict[str, Any]]:
    with db.reading() as session:
        return [dict(data) for data in session.scalars(
            select(Event.data).where(Event.kind == "config.changed").order_by(Event.id))
            if data.get("change") == "site.settings"]


def test_nothing_set_means_each_pcs_file(center: Database) -> None:
    """Without a row the file's settings are used unchanged."""
    service = CenterSettingsService(center)
    assert service.get(SITE) == CenterSettings()
    settings = load_settings(environ={})
    assert service.effective(SITE, settings) == settings


def test_settings_are_stored_read_back_and_logged_with_who(center: Database) -> None:
    service = CenterSettingsService(center, actor="admin")
    stored = service.set(SITE, priority_policy="interleave", priority_every=4,
                         announcements=["  Giữ   trật tự ", "", "Tra cứu tại ki-ốt"],
                         rating_scale=5)
    assert stored == CenterSettings("interleave", 4, ("Giữ trật tự", "Tra cứu tại ki-ốt"), 5)
    assert CenterSettingsService(center).get(SITE) == stored
    effective = service.effective(SITE, load_settings(environ={}))
    assert (effective.queue.priority_policy, effective.queue.priority_every) == ("interleave", 4)
    assert effective.display.announcements == ["Giữ trật tự", "Tra cứu tại ki-ốt"]
    assert effective.rating.scale == 5
    [event] = _changes(center)
    assert event["by"] == "admin" and event["site"] == SITE
    assert event["changed"]["queue.priority_policy"] == [None, "interleave"]
    service.set(SITE, rating_scale=5)  # the same value: no event
    service.set(SITE, rating_scale=None, announcements=[])  # back to the file; no lines
    assert CenterSettingsService(center).get(SITE).rating_scale is None
    assert CenterSettingsService(center).get(SITE).announcements == ()
    assert [event["changed"].get("rating.scale") for event in _changes(center)] == [
        [None, 5], [5, None]]


@pytest.mark.parametrize("changes", [
    {"priority_policy": "random"}, {"priority_every": 0}, {"rating_scale": 4},
    {"announcements": ["x" * 301]}, {"announcements": ["dòng"] * 21},
])
def test_bad_values_are_refused_and_nothing_changes(center: Database,
                                                    changes: dict[str, Any]) -> None:
    service = CenterSettingsService(center, actor="admin")
    with pytest.raises(InvalidOperation):
        service.set(SITE, **({"rating_scale": 5} | changes))
    assert service.get(SITE) == CenterSettings()
    assert _changes(center) == []


def test_the_queue_follows_the_policy_set_for_the_site_at_once(center: Database,
                                                              clock: FixedClock) -> None:
    """A counter app started with the file's strict policy calls by the interleave policy as
    soon as the center sets it (no restart), and strict again once it is cleared."""
    queue = QueueService(center, QueueSettings(priority_policy="strict"))
    for index in range(6):
        queue.issue_ticket(SITE, "DD", Priority.PREGNANT if index < 2 else Priority.NONE)
        clock.advance(seconds=10)
    counter = next(state for state in queue.counters(SITE) if state.number == 3)
    CenterSettingsService(center).set(SITE, priority_policy="interleave", priority_every=2)
    kinds = []
    for _ in range(3):
        called = queue.call_next(counter.id)
        assert called is not None
        kinds.append(called.ticket.priority != Priority.NONE)
        queue.finish(counter.id, Outcome.GUIDED)
    assert kinds == [False, False, True]
    CenterSettingsService(center).set(SITE, priority_policy=None, priority_every=None)
    called = queue.call_next(counter.id)
    assert called is not None and called.ticket.priority != Priority.NONE  # strict: first


def test_the_rating_scale_and_ticker_lines_of_the_site(center: Database) -> None:
    """levels(site) offers the site's scale; the board reads the site's ticker lines, else
    the file's."""
    ratings = RatingService(center)
    reader = BoardReader(center, SITE)
    assert len(ratings.levels(SITE)) == 3
    assert reader.announcements(["Từ tệp"]) == ("Từ tệp",)
    CenterSettingsService(center).set(SITE, rating_scale=5, announcements=["Từ trung tâm"])
    assert len(ratings.levels(SITE)) == 5 and ratings.scale_for(SITE) == 5
    assert len(ratings.levels()) == 3  # the file's, for a caller that names no site
    assert reader.announcements(["Từ tệp"]) == ("Từ trung tâm",)

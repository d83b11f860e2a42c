"""GET /api/v1/sites/{site}/events through FastAPI's test client, on SQLite and PostgreSQL: one
server-sent event per change with its version as id, and a client that drops the connection
and comes back with Last-Event-ID gets every change it missed, in order, exactly once."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastapi.routing
import pytest
from sqlalchemy import or_, select

from shared.center import CenterService
from shared.db.database import Database
from shared.models import Event, Site
from shared.queue import QueueService
from tests.server.conftest import Tokens
from tests.server.test_api_errors import pg_allow_connections

pytestmark = pytest.mark.filterwarnings(
    "ignore:Using `httpx` with `starlette.testclient`")

SITE = "/api/v1/sites/HQ"
EVENTS = f"{SITE}/events"
#: How long a test waits for an event it expects.
WAIT_SECONDS = 10.0


@pytest.fixture(autouse=True)
def _frequent_pings(monkeypatch: pytest.MonkeyPatch) -> None:
    """An idle stream sends its keep-alive comment every 0.2 s (instead of 15 s), so a reader
    waiting for an event that does not come sees its deadline pass instead of hanging."""
    monkeypatch.setattr(fastapi.routing, "_PING_INTERVAL", 0.2)


def read_events(lines: Iterator[str], count: int) -> list[dict[str, Any]]:
    """The next ``count`` events of a stream (fields by name, ``data`` parsed), keep-alive
    comments skipped; fails after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    events: list[dict[str, Any]] = []
    fields: dict[str, Any] = {}
    while len(events) < count:
        assert time.monotonic() < deadline, f"only {len(events)} of {count} events came"
        line = next(lines)
        if line.startswith(":"):
            continue
        if line == "":
            if fields:
                fields["data"] = json.loads(fields.get("data", "null"))
                events.append(fields)
                fields = {}
            continue
        name, _, value = line.partition(":")
        fields[name] = value.removeprefix(" ")
    return events


def versions_after(db: Database, version: int) -> list[int]:
    """The ids of the events after ``version`` a stream of site HQ must send, in order."""
    with db.reading() as session:
        site_id = session.scalar(select(Site.id).where(Site.code == "HQ"))
        return list(session.scalars(select(Event.id).where(
            Event.id > version, or_(Event.site_id == site_id, Event.site_id.is_(None)))
            .order_by(Event.id)))


def post(client: Any, tokens: Tokens, path: str, scope: str,
         body: dict[str, Any] | None = None) -> Any:
    response = client.post(f"{SITE}/{path}", json=body, headers=tokens.header(scope))
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_each_change_is_one_event_with_its_version_and_the_token_that_made_it(
        client: Any, tokens: Tokens, center: Database) -> None:
    """The stream opens with `ready` (the version it starts from, and a retry delay); then an
    issue and a call through the API are one `message` event each, whose id is the version
    and whose data names the change, its ticket and who made it."""
    start = versions_after(center, 0)[-1]
    with client.stream("GET", EVENTS, headers=tokens.header("read")) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        [ready] = read_events(lines, 1)
        assert ready["event"] == "ready" and int(ready["retry"]) > 0
        assert ready["data"]["version"] <= start
        ticket = post(client, tokens, "tickets", "kiosk", {"service": "HT"})
        post(client, tokens, "counters/1/call-next", "counter")
        issued, called = read_events(lines, 2)
    assert "event" not in issued and "event" not in called
    assert [int(issued["id"]), int(called["id"])] == versions_after(center, start)
    assert issued["data"]["version"] == int(issued["id"])
    assert (issued["data"]["kind"], issued["data"]["ticket_id"],
            issued["data"]["data"]["by"]) == ("ticket.issued", ticket["id"], "api:t-kiosk")
    assert (called["data"]["kind"], called["data"]["data"]["by"]) == (
        "ticket.called", "api:t-counter")
    assert issued["data"]["at"].startswith("2026-11-23T09:00:00")


def test_a_client_that_reconnects_with_last_event_id_misses_nothing(
        client: Any, tokens: Tokens, center: Database) -> None:
    """A stream dropped after its first change; six changes made meanwhile; the client comes
    back with Last-Event-ID: it gets those six, in order, each once, then the live changes
    that follow (none repeated where the replay and the live feed overlap)."""
    with client.stream("GET", EVENTS, headers=tokens.header("counter")) as response:
        lines = response.iter_lines()
        read_events(lines, 1)
        post(client, tokens, "tickets", "kiosk", {"service": "HT"})
        [last] = read_events(lines, 1)
    last_id = int(last["id"])

    post(client, tokens, "tickets", "kiosk", {"service": "CT"})
    post(client, tokens, "counters/1/call-next", "counter")
    post(client, tokens, "counters/1/recall", "counter")
    post(client, tokens, "counters/1/no-show", "counter")
    post(client, tokens, "counters/2/call-next", "counter")
    post(client, tokens, "counters/2/finish", "counter", {"outcome": "guided"})
    missed = versions_after(center, last_id)
    assert len(missed) == 6

    headers = {**tokens.header("read"), "Last-Event-ID": str(last_id)}
    with client.stream("GET", EVENTS, headers=headers) as response:
        lines = response.iter_lines()
        [ready] = read_events(lines, 1)
        assert ready["data"] == {"version": last_id}
        replay = read_events(lines, 6)
        assert [int(event["id"]) for event in replay] == missed
        assert [event["data"]["kind"] for event in replay] == [
            "ticket.issued", "ticket.called", "ticket.recalled", "ticket.no_show",
            "ticket.called", "ticket.finished"]
        live = post(client, tokens, "tickets", "kiosk", {"service": "DD"})
        [after] = read_events(lines, 1)
    assert int(after["id"]) == versions_after(center, missed[-1])[0]
    assert (after["data"]["kind"], after["data"]["ticket_id"]) == ("ticket.issued", live["id"])


def test_the_after_parameter_resumes_like_last_event_id(client: Any, tokens: Tokens,
                                                        center: Database) -> None:
    """?after=N (for clients that cannot set headers) replays the changes after N."""
    post(client, tokens, "tickets", "kiosk", {"service": "HT"})
    post(client, tokens, "tickets", "kiosk", {"service": "CT"})
    first, second = versions_after(center, 0)[-2:]
    with client.stream("GET", f"{EVENTS}?after={first}",
                       headers=tokens.header("read")) as response:
        lines = response.iter_lines()
        ready, replayed = read_events(lines, 2)
    assert ready["data"] == {"version": first}
    assert int(replayed["id"]) == second


def test_a_browser_event_source_gives_its_token_as_access_token(client: Any,
                                                                tokens: Tokens) -> None:
    """EventSource cannot send an Authorization header: the stream takes ?access_token= (a
    wrong one is 401); a write does not take a token from the address."""
    post(client, tokens, "tickets", "kiosk", {"service": "HT"})
    with client.stream("GET", f"{EVENTS}?access_token={tokens.read}") as response:
        assert response.status_code == 200
        ready, = read_events(response.iter_lines(), 1)
    assert ready["event"] == "ready"
    assert client.get(f"{EVENTS}?access_token=not-a-token").status_code == 401
    refused = client.post(f"{SITE}/tickets?access_token={tokens.kiosk}",
                          json={"service": "HT"})
    assert refused.status_code == 401


def test_a_stream_sends_only_its_own_sites_changes(client: Any, tokens: Tokens,
                                                   center: Database) -> None:
    """A ticket issued at another site is not sent on HQ's stream, live or on resume."""
    CenterService(center).add_site("B2", "Chi nhánh 2")
    CenterService(center).add_service("B2", "HT", "Hộ tịch", prefix="A")
    start = versions_after(center, 0)[-1]
    queue = QueueService(center)
    with client.stream("GET", EVENTS, headers=tokens.header("read")) as response:
        lines = response.iter_lines()
        read_events(lines, 1)
        queue.issue_ticket("B2", "HT")
        mine = queue.issue_ticket("HQ", "HT")
        [event] = read_events(lines, 1)
    assert event["data"]["ticket_id"] == mine.id
    with client.stream("GET", f"{EVENTS}?after={start}",
                       headers=tokens.header("read")) as response:
        lines = response.iter_lines()
        _ready, replayed = read_events(lines, 2)
    assert replayed["data"]["ticket_id"] == mine.id


def test_a_client_away_for_more_than_a_page_of_changes_gets_them_all(
        client: Any, tokens: Tokens, center: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The log is replayed a page at a time (2 here): a client that missed 5 changes gets
    all 5, in order, then the live ones."""
    import server.api.events

    monkeypatch.setattr(server.api.events, "REPLAY_PAGE", 2)
    start = versions_after(center, 0)[-1]
    for service in ("HT", "CT", "DD", "HT", "CT"):
        post(client, tokens, "tickets", "kiosk", {"service": service})
    missed = versions_after(center, start)
    with client.stream("GET", EVENTS, headers={**tokens.header("read"),
                                               "Last-Event-ID": str(start)}) as response:
        lines = response.iter_lines()
        replay = read_events(lines, 6)[1:]
        post(client, tokens, "counters/1/call-next", "counter")
        [live] = read_events(lines, 1)
    assert [int(event["id"]) for event in replay] == missed
    assert live["data"]["kind"] == "ticket.called"


def test_a_stream_says_stale_while_the_database_is_away_then_sends_what_it_missed(
        client: Any, tokens: Tokens, center: Database, tmp_path: Path) -> None:
    """The database goes away under an open stream: the stream says `stale` (and stays open);
    once it is back, the change made meanwhile (SQLite: by another program on the moved
    file) and the following live ones arrive, each once."""
    start = versions_after(center, 0)[-1]
    hidden = tmp_path.with_name(tmp_path.name + "-gone")
    with client.stream("GET", EVENTS, headers=tokens.header("read")) as response:
        lines = response.iter_lines()
        read_events(lines, 1)
        if center.is_sqlite:
            os.rename(tmp_path, hidden)
            center.dispose()
        else:
            pg_allow_connections(center, False)
        try:
            [stale] = read_events(lines, 1)
            assert stale["event"] == "stale"
            if center.is_sqlite:
                meanwhile = Database(f"sqlite:///{hidden}/layso.db", clock=center.clock)
                QueueService(meanwhile).issue_ticket("HQ", "CT")
                meanwhile.dispose()
        finally:
            if center.is_sqlite:
                os.rename(hidden, tmp_path)
            else:
                pg_allow_connections(center, True)
        post(client, tokens, "tickets", "kiosk", {"service": "DD"})
        expected = versions_after(center, start)
        received = read_events(lines, len(expected))
    assert [int(event["id"]) for event in received] == expected
    assert [event["data"]["data"]["service"] for event in received] == (
        ["CT", "DD"] if center.is_sqlite else ["DD"])

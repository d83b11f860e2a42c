"""The queue's concurrency guarantee through HTTP: a real server (``python -m server``) on
SQLite and on PostgreSQL, 4 kiosk clients issuing and 4 counter clients calling and finishing
at once, each a thread with its own HTTP connection and its own token. Then the database is
held to the rules: no duplicate number, none lost, none served twice, every call by a counter
that serves the ticket's service, every write logged under its client's token.

(tests/shared/test_queue_concurrency.py checks the same, and the calling order, on the core
without HTTP.)"""

from __future__ import annotations

import threading
import time
from collections import Counter as Tally
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from shared.api_tokens import TokenService
from shared.center import CenterService
from shared.clerks import ClerkService
from shared.db.database import Database
from shared.models import Event, Service, Ticket, TicketStatus
from tests.center_data import PASSWORD, build_center
from tests.server.conftest import LiveServer, free_port

pytestmark = [
    pytest.mark.slow,
    # LiveServer.start (tests/server/conftest.py) leaves its log file's handle to the garbage
    # collector; the server itself writes to its own copy.
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <_io.FileIO name=.*server\.log"
        ":pytest.PytestUnraisableExceptionWarning"),
]

ISSUERS = (("HT", "CT", "DD"), ("CT", "HT"), ("HT", "DD", "CT"), ("DD", "CT", "HT"))
PER_ISSUER = 250  # 1,000 tickets a backend, 2,000 in all
#: What each counter serves: those of tests/center_data.py and a fourth for everything.
SERVES = {1: ("HT", "CT"), 2: ("CT",), 3: ("DD", "HT"), 4: ("DD", "CT", "HT")}


def add_fourth_counter(db: Database) -> None:
    CenterService(db).add_counter("HQ", 4, "Quầy 4", list(SERVES[4]))
    clerks = ClerkService(db)
    clerks.add("tuan", "Võ Văn Tuấn", PASSWORD, site="HQ", pin="1234")
    clerks.login("tuan", PASSWORD, "HQ", 4)


def make_client_tokens(db: Database) -> dict[str, str]:
    """kiosk-0..3 and counter-1..4: one token for each client."""
    service = TokenService(db, actor="test")
    names = [f"kiosk-{i}" for i in range(len(ISSUERS))] + [f"counter-{n}" for n in SERVES]
    return {name: service.add(name, name.partition("-")[0]).token for name in names}


def issuer(url: str, token: str, services: tuple[str, ...], out: list[int],
           go: threading.Event, errors: list[str]) -> None:
    try:
        with httpx.Client(base_url=url, timeout=60,
                          headers={"Authorization": f"Bearer {token}"}) as client:
            go.wait()
            for i in range(PER_ISSUER):
                response = client.post("/api/v1/sites/HQ/tickets", json={
                    "service": services[i % len(services)],
                    "priority": "elderly" if i % 7 == 3 else "none"})
                assert response.status_code == 201, response.text
                out.append(response.json()["id"])
    except BaseException as error:  # reported by the test
        errors.append(f"issuer: {error!r}")


def caller(url: str, token: str, number: int, out: list[tuple[int, str]],
           go: threading.Event, issuing_done: threading.Event, errors: list[str]) -> None:
    base = f"/api/v1/sites/HQ/counters/{number}"
    try:
        with httpx.Client(base_url=url, timeout=60,
                          headers={"Authorization": f"Bearer {token}"}) as client:
            go.wait()
            while True:
                finished_issuing = issuing_done.is_set()
                response = client.post(f"{base}/call-next")
                assert response.status_code == 200, response.text
                ticket = response.json()
                if ticket is None:
                    if finished_issuing:
                        return
                    time.sleep(0.01)  # nobody waits yet: the load's pace, not a sync
                    continue
                assert (ticket["status"], ticket["counter"]) == ("serving", number)
                out.append((ticket["id"], ticket["service"]))
                finished = client.post(f"{base}/finish", json={"outcome": "guided"})
                assert finished.status_code == 200, finished.text
    except BaseException as error:  # reported by the test
        errors.append(f"counter {number}: {error!r}")


def run_day(url: str, tokens: dict[str, str]) -> tuple[list[int], dict[int, list[Any]]]:
    go, issuing_done = threading.Event(), threading.Event()
    errors: list[str] = []
    issued: list[list[int]] = [[] for _ in ISSUERS]
    calls: dict[int, list[Any]] = {number: [] for number in SERVES}
    issuers = [threading.Thread(target=issuer, args=(url, tokens[f"kiosk-{i}"], services,
                                                     issued[i], go, errors))
               for i, services in enumerate(ISSUERS)]
    callers = [threading.Thread(target=caller, args=(url, tokens[f"counter-{number}"], number,
                                                     calls[number], go, issuing_done, errors))
               for number in SERVES]
    for thread in issuers + callers:
        thread.start()
    go.set()
    for thread in issuers:
        thread.join(200)
    issuing_done.set()
    for thread in callers:
        thread.join(200)
    assert not any(thread.is_alive() for thread in issuers + callers)
    assert errors == []
    return [ticket for batch in issued for ticket in batch], calls


def check_day(db: Database, issued: list[int], calls: dict[int, list[Any]]) -> None:
    total = PER_ISSUER * len(ISSUERS)
    with db.reading() as session:
        tickets = {t.id: t for t in session.scalars(select(Ticket))}
        codes = {row.id: row.code for row in session.execute(select(Service.id, Service.code))}
        duplicates = session.execute(
            select(Ticket.issued_service_id, Ticket.business_day, Ticket.number, func.count())
            .group_by(Ticket.issued_service_id, Ticket.business_day, Ticket.number)
            .having(func.count() > 1)).all()
        called = Tally(session.scalars(select(Event.ticket_id).where(
            Event.kind == "ticket.called")))
        writers = Tally((row.kind, row.data.get("by")) for row in session.scalars(
            select(Event).where(Event.kind.in_(("ticket.issued", "ticket.called")))))

    # No duplicate number, none lost: every answer is a ticket in the database and back.
    assert duplicates == []
    assert len(issued) == len(set(issued)) == len(tickets) == total
    assert set(issued) == set(tickets)
    for service_id in codes:
        sequences = sorted(t.sequence for t in tickets.values()
                           if t.issued_service_id == service_id)
        assert sequences == list(range(1, len(sequences) + 1))

    # None served twice: each ticket called once, by one counter serving its service.
    served = [ticket_id for number in calls for ticket_id, _service in calls[number]]
    assert sorted(served) == sorted(tickets)
    assert set(called.values()) == {1} and len(called) == total
    assert all(t.status == TicketStatus.FINISHED and t.call_count == 1
               for t in tickets.values())
    for number, made in calls.items():
        assert all(service in SERVES[number] for _ticket, service in made)
        assert writers["ticket.called", f"api:counter-{number}"] == len(made)
    for i in range(len(ISSUERS)):
        assert writers["ticket.issued", f"api:kiosk-{i}"] == PER_ISSUER


def test_four_kiosks_and_four_counters_over_http_on_sqlite(
        live_db: Database, live_server: LiveServer) -> None:
    """SQLite: 1,000 tickets issued by 4 HTTP clients while 4 others call and finish them:
    no duplicate, none lost, none served twice."""
    add_fourth_counter(live_db)
    tokens = make_client_tokens(live_db)
    issued, calls = run_day(live_server.url, tokens)
    check_day(live_db, issued, calls)


@pytest.fixture
def pg_live_server(postgres_db: Database, pg_url: str, tmp_path: Path
                   ) -> Iterator[tuple[Database, LiveServer]]:
    """``python -m server`` on the session's PostgreSQL database, emptied, holding the test
    center; the database read on the real clock, as the server does."""
    db = Database(pg_url)
    build_center(db)
    server = LiveServer(pg_url, free_port(), tmp_path / "server.log",
                        env={"LAYSO_DATA_DIR": str(tmp_path / "data")})
    server.start()
    try:
        yield db, server
    finally:
        server.stop()
        db.dispose()


def test_four_kiosks_and_four_counters_over_http_on_postgresql(
        pg_live_server: tuple[Database, LiveServer]) -> None:
    """PostgreSQL: the same day through HTTP, the same rules."""
    db, server = pg_live_server
    add_fourth_counter(db)
    tokens = make_client_tokens(db)
    issued, calls = run_day(server.url, tokens)
    check_day(db, issued, calls)

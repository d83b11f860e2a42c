"""/admin/live through FastAPI's test client, on SQLite and PostgreSQL: supervisors only, CSRF on
every action, each action changing state through the core with the supervisor named in its
event, the alerts firing as a fixed clock moves, and the page's event stream following a call.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import fastapi.routing
import pytest
from sqlalchemy import select

from server.admin import live
from server.admin.live_json import page_texts
from shared.center import CenterService
from shared.clerks import ClerkService
from shared.clock import FixedClock
from shared.counter_day import CounterDayServices
from shared.db.database import Database
from shared.models import CounterStatus, Event, TicketStatus
from shared.queue import QueueService
from tests.center_data import PASSWORD, SITE
from tests.server.admin_helpers import log_in

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

JSON = {"Accept": "application/json"}


def last_event(db: Database, kind: str) -> Event:
    with db.reading() as session:
        event = session.scalars(select(Event).where(Event.kind == kind)
                                .order_by(Event.id.desc()).limit(1)).one()
        session.expunge(event)
        return event


def post(client: Any, csrf: str, action: str, **form: Any) -> Any:
    return client.post(f"/admin/live/{action}", data={"site": SITE, **form},
                       headers={**JSON, "X-CSRF-Token": csrf})


def test_strangers_go_to_the_login_and_a_desk_clerk_cannot_get_in(client: Any) -> None:
    for path in ("/admin/live", "/admin/live/data", "/admin/live/events"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/admin/login?next=/admin/live")
    refused = client.post("/admin/login", data={"username": "lan", "password": PASSWORD},
                          follow_redirects=False)
    assert refused.status_code == 403
    assert client.get("/admin/live", follow_redirects=False).status_code == 303
    assert client.post("/admin/live/counter-status", data={
        "site": SITE, "counter": 1, "status": "closed"}, follow_redirects=False
        ).status_code == 303


def test_a_supervisor_sees_every_counter_and_the_days_figures(client: Any,
                                                               center: Database) -> None:
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    queue.call_next(queue.find_counter(SITE, 1).id)
    log_in(client, "boss")
    page = client.get("/admin/live")
    assert page.status_code == 200 and "Giám sát trực tiếp" in page.text
    assert "/static/admin/live.js" in page.text and 'id="live-data"' in page.text
    data = client.get("/admin/live/data").json()
    assert data["site"] == SITE
    assert [(c["number"], c["clerk"], c["status"]) for c in data["counters"]] == [
        (1, "Nguyễn Thị Lan", "open"), (2, "Trần Văn Minh", "open"), (3, "Lê Thị Hoa", "open")]
    assert data["counters"][0]["ticket"]["number"] == "A001"
    assert data["figures"]["median_wait_minutes"] == 0.0
    assert client.get("/admin/live/data?lang=en").json()["counters"][0]["status_text"] == "Open"


def test_a_supervisor_of_a_site_sees_only_that_site(client: Any, center: Database) -> None:
    CenterService(center).add_site("B2", "Cơ sở 2")
    log_in(client, "boss")
    assert client.get("/admin/live/data?site=B2").status_code == 404
    assert client.get("/admin/live/events?site=B2").status_code == 404
    assert client.get("/admin/live?site=B2").status_code == 404
    client.post("/admin/logout", data={"csrf": log_in(client, "boss")})
    log_in(client, "admin")
    assert client.get("/admin/live/data?site=B2").json()["counters"] == []


def test_every_action_needs_the_csrf_token(client: Any, center: Database) -> None:
    csrf = log_in(client, "boss")
    for action, form in (("counter-status", {"counter": 1, "status": "closed"}),
                         ("counter-services", {"counter": 1, "services": ["DD"]}),
                         ("counter-services-usual", {"counter": 1}),
                         ("release", {"counter": 2}), ("requeue", {"ticket": 1}),
                         ("alerts", {"wait_minutes": "5"})):
        assert post(client, "x" * 43, action, **form).status_code == 403, action
        assert client.post(f"/admin/live/{action}", data={"site": SITE, **form},
                           headers=JSON).status_code == 403, action
    state = QueueService(center).find_counter(SITE, 1)
    assert state.status == CounterStatus.OPEN and state.services == ("HT", "CT")
    assert CounterDayServices(center).today(SITE) == {}
    assert client.post("/admin/live/counter-status", data={
        "site": SITE, "counter": 1, "status": "paused", "csrf": csrf},
        follow_redirects=False).headers["location"] == f"/admin/live?site={SITE}"


def test_opening_and_closing_a_counter_goes_through_the_core_with_who(
        client: Any, center: Database) -> None:
    csrf = log_in(client, "boss")
    response = post(client, csrf, "counter-status", counter=2, status="paused")
    assert response.status_code == 200 and response.json()["message"] == "Quầy 2: tạm nghỉ."
    assert QueueService(center).find_counter(SITE, 2).status == CounterStatus.PAUSED
    event = last_event(center, "counter.status")
    assert event.data["status"] == "paused" and event.data["by"] == "boss"
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    queue.call_next(queue.find_counter(SITE, 1).id)
    refused = post(client, csrf, "counter-status", counter=1, status="closed")
    assert refused.status_code == 409 and "A001" in refused.json()["message"]
    assert post(client, csrf, "counter-status", counter=2, status="open").status_code == 200
    assert QueueService(center).find_counter(SITE, 2).status == CounterStatus.OPEN


def test_changing_a_counters_services_holds_for_today_only_and_is_logged_with_who(
        client: Any, center: Database, clock: FixedClock) -> None:
    """The live page's change is for the rest of the day: the calls follow it, the snapshot
    and the page show it beside the usual list (kept on the counters page), the next day
    the counter serves its usual services again; back to usual at once also works."""
    csrf = log_in(client, "boss")
    response = post(client, csrf, "counter-services", counter=2, services=["DD", "CT"])
    assert response.status_code == 200
    assert response.json()["message"] == "Hôm nay quầy 2 phục vụ: DD, CT."
    assert CounterDayServices(center).counter(SITE, 2).in_force == ("DD", "CT")
    assert CenterService(center).counter(SITE, 2).services == ("CT",)
    event = last_event(center, "config.changed")
    assert event.data["change"] == "counter.services_today" and event.data["by"] == "boss"
    assert event.data["before"] is None and event.data["after"] == ["DD", "CT"]
    row = next(c for c in client.get("/admin/live/data").json()["counters"]
               if c["number"] == 2)
    assert row["services"] == ["DD", "CT"] and row["usual_services"] == ["CT"]
    counters_page = client.get("/admin/counters").text
    assert '<span class="badge">hôm nay</span> DD, CT' in counters_page
    queue = QueueService(center)
    queue.issue_ticket(SITE, "CT")
    queue.issue_ticket(SITE, "DD")
    called = queue.call_next(queue.find_counter(SITE, 2).id)
    assert called is not None and called.ticket.number == "C001"
    assert post(client, csrf, "counter-services", counter=2).status_code == 409

    clock.advance(days=1)
    row = next(c for c in client.get("/admin/live/data").json()["counters"]
               if c["number"] == 2)
    assert row["services"] == ["CT"] and row["usual_services"] is None
    assert "hôm nay</span>" not in client.get("/admin/counters").text

    post(client, csrf, "counter-services", counter=3, services=["HT"])
    response = post(client, csrf, "counter-services-usual", counter=3)
    assert response.json()["message"] == "Quầy 3 trở lại dịch vụ thường ngày: DD, HT."
    assert CounterDayServices(center).today(SITE) == {}
    assert last_event(center, "config.changed").data["after"] is None


def test_a_service_taken_out_of_use_keeps_its_tickets_counted_and_named(
        client: Any, center: Database, clock: FixedClock) -> None:
    """"Đang cấp số" unticked: the kiosk issues no more DD numbers, but the DD tickets already
    issued are still waiting and served, so the live page keeps its row (marked), its figures,
    its wait alert and its name on the counters and no-shows."""
    queue = QueueService(center)
    for _ in range(3):
        queue.issue_ticket(SITE, "DD")
    counter = queue.find_counter(SITE, 3).id
    queue.call_next(counter)
    queue.finish(counter, "guided")
    queue.call_next(counter)
    queue.no_show(counter)
    queue.call_next(counter)
    CenterService(center).set_service(SITE, "DD", active=False)
    clock.advance(minutes=40)
    log_in(client, "boss")
    data = client.get("/admin/live/data").json()
    row = next(s for s in data["services"] if s["code"] == "DD")
    assert (row["name"], row["waiting"], row["served"], row["no_show"], row["issuing"]) == (
        "Đất đai", 0, 1, 1, False)
    assert data["figures"]["served"] == 1 and data["figures"]["no_show"] == 1
    serving = next(c for c in data["counters"] if c["number"] == 3)["ticket"]
    assert (serving["number"], serving["service_name"]) == ("C003", "Đất đai")
    assert data["no_shows"][0]["service_name"] == "Đất đai"
    assert all(s["issuing"] for s in data["services"] if s["code"] != "DD")
    # A ticket still waiting for it: counted, and its wait alert fires.
    queue.return_to_queue(data["no_shows"][0]["ticket_id"])
    data = client.get("/admin/live/data").json()
    assert next(s for s in data["services"] if s["code"] == "DD")["waiting"] == 1
    assert data["figures"]["waiting"] == 1
    assert [a["subject"] for a in data["alerts"] if a["kind"] == "wait"] == ["DD"]
    # The next day, with no ticket of its own, it leaves the page.
    clock.advance(days=1)
    assert "DD" not in [s["code"] for s in client.get("/admin/live/data").json()["services"]]


def test_releasing_a_counter_left_logged_in(client: Any, center: Database) -> None:
    csrf = log_in(client, "boss")
    assert post(client, csrf, "release", counter=2).status_code == 200
    state = QueueService(center).find_counter(SITE, 2)
    assert state.clerk_username is None and state.status == CounterStatus.CLOSED
    logout = last_event(center, "clerk.logout").data
    assert logout["released"] is True and logout["by"] == "boss"
    assert last_event(center, "counter.status").data["by"] == "boss"
    assert post(client, csrf, "release", counter=2).status_code == 409
    ClerkService(center).login("minh", PASSWORD, SITE, 2)  # minh can take it again


def test_a_ticket_left_at_a_released_counter_goes_back_in_the_queue(
        client: Any, center: Database) -> None:
    """Releasing a counter that serves A002 says the ticket stays held there; the supervisor
    then puts it back in the queue (in its place by issue time, before A003), not while a
    clerk is at the counter."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "CT")
    queue.issue_ticket(SITE, "HT")
    queue.call_next(queue.find_counter(SITE, 2).id)
    held = queue.call_next(queue.find_counter(SITE, 1).id)
    assert held is not None and held.ticket.number == "A001"
    queue.issue_ticket(SITE, "HT")
    csrf = log_in(client, "boss")
    assert post(client, csrf, "return-held", counter=1).status_code == 409  # lan is there
    response = post(client, csrf, "release", counter=1)
    assert response.status_code == 200
    assert "A001 vẫn giữ ở quầy" in response.json()["message"]
    row = client.get("/admin/live/data").json()["counters"][0]
    assert row["clerk"] is None and row["ticket"]["number"] == "A001"
    confirm = page_texts("vi")["confirm_release_ticket"]  # what the page asks before
    assert "Số {t} đang được phục vụ vẫn giữ ở quầy {n}" in confirm
    response = post(client, csrf, "return-held", counter=1)
    assert response.status_code == 200 and "A001" in response.json()["message"]
    assert queue.ticket(held.ticket.id).status == TicketStatus.WAITING
    event = last_event(center, "ticket.returned_to_queue").data
    assert event["by"] == "boss" and event["from_counter"] == 1 and event["held"] is True
    data = client.get("/admin/live/data").json()
    assert data["counters"][0]["ticket"] is None and data["figures"]["waiting"] == 2
    assert post(client, csrf, "return-held", counter=1).status_code == 409  # nothing held
    ClerkService(center).login("hoa", PASSWORD, SITE, 3)
    again = queue.call_next(queue.find_counter(SITE, 3).id)
    assert again is not None and again.ticket.number == "A001"  # its place kept


def test_a_ticket_left_at_a_released_counter_is_ended_by_the_supervisor(
        client: Any, center: Database) -> None:
    """A001 is held at counter 1 after lan was released: the supervisor ends it ("Kết thúc",
    asked first in a dialog with the outcome): finished with that outcome through
    QueueService.finish, the counter free, ticket.finished naming the supervisor. Refused
    while a clerk is at the counter, for a ticket the counter no longer holds, and for an
    outcome that is not one."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    held = queue.call_next(queue.find_counter(SITE, 1).id)
    assert held is not None and held.ticket.number == "A001"
    csrf = log_in(client, "boss")
    form = {"counter": 1, "ticket": held.ticket.id, "outcome": "guided"}
    assert post(client, csrf, "finish-held", **form).status_code == 409  # lan is there
    assert post(client, csrf, "release", counter=1).status_code == 200
    assert post(client, csrf, "finish-held", **dict(form, ticket=held.ticket.id + 1)
                ).status_code == 409  # not the ticket the counter holds
    assert post(client, csrf, "finish-held", **dict(form, outcome="gone")).status_code == 422
    assert queue.ticket(held.ticket.id).status == TicketStatus.SERVING
    response = post(client, csrf, "finish-held", **form)
    assert response.status_code == 200
    assert response.json()["message"] == "Đã kết thúc số A001 (quầy 1): Hướng dẫn, tư vấn."
    ended = queue.ticket(held.ticket.id)
    assert (ended.status, ended.outcome) == (TicketStatus.FINISHED, "guided")
    event = last_event(center, "ticket.finished").data
    assert (event["number"], event["by"], event["outcome"]) == ("A001", "boss", "guided")
    data = client.get("/admin/live/data").json()
    assert data["counters"][0]["ticket"] is None and data["figures"]["served"] == 1
    assert post(client, csrf, "finish-held", **form).status_code == 409  # nothing held
    page = client.get("/admin/live").text
    assert 'id="finish-dialog"' in page and 'value="other" selected' in page
    assert page_texts("vi")["finish"] == "Kết thúc"


def test_a_no_show_goes_back_in_the_queue_from_the_page(client: Any, center: Database) -> None:
    queue = QueueService(center)
    ticket = queue.issue_ticket(SITE, "CT")
    queue.call_next(queue.find_counter(SITE, 2).id)
    queue.no_show(queue.find_counter(SITE, 2).id)
    csrf = log_in(client, "boss")
    listed = client.get("/admin/live/data").json()["no_shows"]
    assert [(t["number"], t["counter"]) for t in listed] == [("B001", 2)]
    response = post(client, csrf, "requeue", ticket=ticket.id)
    assert response.status_code == 200 and "B001" in response.json()["message"]
    assert queue.ticket(ticket.id).status == TicketStatus.WAITING
    assert last_event(center, "ticket.returned_to_queue").data["by"] == "boss"
    data = client.get("/admin/live/data").json()
    assert data["no_shows"] == [] and data["figures"]["no_show"] == 0
    assert data["figures"]["waiting"] == 1
    assert post(client, csrf, "requeue", ticket=ticket.id).status_code == 409


def test_the_alerts_a_supervisor_sets_fire_as_the_clock_moves(
        client: Any, center: Database, clock: FixedClock) -> None:
    """Wait over 10 min, break over 5: counter 3 (the only one for Đất đai) on break and a Đất
    đai ticket issued; the service nobody serves at once, the break after 6 minutes, the wait
    after 11; the page's words in its language."""
    csrf = log_in(client, "boss")
    response = post(client, csrf, "alerts", wait_minutes="10", break_minutes="5",
                    unserved_service="1")
    assert response.status_code == 200
    saved = last_event(center, "config.changed")
    assert saved.data["change"] == "supervision.alerts" and saved.data["by"] == "boss"
    assert post(client, csrf, "counter-status", counter=3, status="paused").status_code == 200
    QueueService(center).issue_ticket(SITE, "DD")

    def alerts(lang: str = "vi") -> list[tuple[str, str]]:
        data = client.get(f"/admin/live/data?lang={lang}").json()
        return [(alert["kind"], alert["text"]) for alert in data["alerts"]]

    assert [kind for kind, _ in alerts()] == ["unserved"]
    clock.advance(minutes=6)
    assert [kind for kind, _ in alerts()] == ["break", "unserved"]
    clock.advance(minutes=5)
    found = alerts()
    assert [kind for kind, _ in found] == ["wait", "break", "unserved"]
    assert found[0][1] == "Đất đai: có người đã chờ 11 phút (1 người đang chờ)."
    assert alerts("en")[1][1] == "Counter 3 (Lê Thị Hoa) has been on break for 11 min."
    assert post(client, csrf, "alerts", wait_minutes="abc").status_code == 422
    zero = post(client, csrf, "alerts", wait_minutes="0")  # said next to its field
    assert zero.status_code == 422 and list(zero.json()["errors"]) == ["wait_minutes"]
    assert post(client, csrf, "alerts").status_code == 200  # all off
    assert alerts() == []


# -- the event stream ----------------------------------------------------------------------
@pytest.fixture
def _frequent_pings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep-alive comments every 0.2 s so a reader waiting in vain sees its deadline pass."""
    monkeypatch.setattr(fastapi.routing, "_PING_INTERVAL", 0.2)


def next_event(lines: Iterator[str], name: str, seconds: float = 10.0) -> dict[str, Any]:
    """The data of the next event called ``name`` (others and comments skipped)."""
    deadline = time.monotonic() + seconds
    event: dict[str, str] = {}
    while time.monotonic() < deadline:
        line = next(lines)
        if line.startswith(":"):
            continue
        if line == "":
            if event.get("event") == name:
                return dict(json.loads(event.get("data", "null")))
            event = {}
            continue
        key, _, value = line.partition(":")
        event[key] = value.removeprefix(" ")
    raise AssertionError(f"no {name!r} event within {seconds} s")


@pytest.mark.usefixtures("_frequent_pings")
def test_the_stream_sends_the_snapshot_then_each_call(client: Any, center: Database) -> None:
    log_in(client, "boss")
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    with client.stream("GET", "/admin/live/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        first = next_event(lines, "live")
        assert first["counters"][0]["ticket"] is None and first["figures"]["waiting"] == 1
        queue.call_next(queue.find_counter(SITE, 1).id)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # a change from before the call may come first
            called = next_event(lines, "live")
            if called["counters"][0]["ticket"] is not None:
                break
        assert called["counters"][0]["ticket"]["number"] == "A001"
        assert called["figures"]["waiting"] == 0


@pytest.mark.usefixtures("_frequent_pings")
def test_the_stream_ends_with_the_session(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from server.admin import sessions

    log_in(client, "boss")
    monkeypatch.setattr(live, "POLL_SECONDS", 0.05)
    with client.stream("GET", "/admin/live/events") as response:
        lines = response.iter_lines()
        next_event(lines, "live")
        sessions.store_of(client.app).idle_seconds = 0
        assert next_event(lines, "expired") == {}

"""The JSON API /api/v1 through FastAPI's test client, on SQLite and PostgreSQL: every endpoint,
the ticket object of `layso ticket issue --json`, the status of `layso status --json`, and each
write logged as an event naming its token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from shared.center import CenterService
from shared.cli.main import main
from shared.db.database import Database
from shared.models import Event
from shared.queue import QueueService
from shared.status import site_status
from shared.views import to_json
from tests.server.conftest import Tokens

# Starlette 1.x warns when its TestClient runs on httpx rather than httpx2 (not installed).
pytestmark = pytest.mark.filterwarnings(
    "ignore:Using `httpx` with `starlette.testclient`")

SITE = "/api/v1/sites/HQ"
TICKET_KEYS = {"id", "number", "service", "service_name", "priority", "status", "counter",
               "people_ahead", "estimated_wait_minutes", "estimated_wait_low",
               "estimated_wait_high", "issued_at", "called_at", "outcome", "status_url"}


def issue(client: Any, tokens: Tokens, service: str = "HT", priority: str = "none"
          ) -> dict[str, Any]:
    response = client.post(f"{SITE}/tickets", json={"service": service, "priority": priority},
                           headers=tokens.header("kiosk"))
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def counter_post(client: Any, tokens: Tokens, number: int, action: str,
                 body: dict[str, Any] | None = None) -> Any:
    response = client.post(f"{SITE}/counters/{number}/{action}", json=body,
                           headers=tokens.header("counter"))
    assert response.status_code == 200, response.text
    return response.json()


def events_of(db: Database, ticket_id: int) -> list[tuple[str, Any]]:
    with db.reading() as session:
        return [(event.kind, event.data.get("by")) for event in session.scalars(
            select(Event).where(Event.ticket_id == ticket_id).order_by(Event.id))]


def test_issue_answers_201_with_the_ticket_of_the_cli_and_where_a_phone_follows_it(
        client: Any, tokens: Tokens) -> None:
    """POST tickets {"service": "HT", "priority": "none"} → 201, the ticket object of `layso
    ticket issue --json` (number A001, waiting, nobody ahead) plus status_url on the configured
    public address; a priority ticket says so."""
    ticket = issue(client, tokens)
    assert ticket.keys() == TICKET_KEYS
    assert (ticket["number"], ticket["service"], ticket["service_name"], ticket["priority"],
            ticket["status"], ticket["counter"], ticket["people_ahead"]) == (
        "A001", "HT", "Hộ tịch", "none", "waiting", None, 0)
    assert ticket["issued_at"].startswith("2026-11-23T09:00:00")
    assert ticket["status_url"].startswith("http://192.168.1.10:8080/t/")
    elderly = issue(client, tokens, "HT", "elderly")
    assert (elderly["number"], elderly["priority"]) == ("A002", "elderly")
    assert elderly["status_url"] != ticket["status_url"]


def test_the_ticket_object_has_the_fields_of_layso_ticket_issue_json(
        client: Any, tokens: Tokens, center: Database, capsys: pytest.CaptureFixture[str]
        ) -> None:
    """A ticket issued by the CLI reads back through GET tickets/{id} with the same fields and
    values, plus status_url."""
    assert main(["--db", center.url, "--site", "HQ", "ticket", "issue", "--service", "CT",
                 "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    response = client.get(f"{SITE}/tickets/{cli['id']}", headers=tokens.header("read"))
    assert response.status_code == 200
    api = response.json()
    assert api.keys() == cli.keys() | {"status_url"}
    live = ("people_ahead", "estimated_wait_minutes", "estimated_wait_low", "estimated_wait_high")
    assert {k: api[k] for k in cli if k not in live} == {
        k: v for k, v in cli.items() if k not in live}


def test_get_ticket_follows_it_through_its_day(client: Any, tokens: Tokens) -> None:
    """GET tickets/{id} with any scope: waiting with people ahead, then serving at the counter
    that called it, then finished with its outcome."""
    first, second = issue(client, tokens), issue(client, tokens)
    for scope in ("read", "kiosk", "counter"):
        shown = client.get(f"{SITE}/tickets/{second['id']}", headers=tokens.header(scope))
        assert shown.status_code == 200
        assert (shown.json()["status"], shown.json()["people_ahead"]) == ("waiting", 1)
    assert counter_post(client, tokens, 1, "call-next")["id"] == first["id"]
    counter_post(client, tokens, 1, "finish", {"outcome": "guided"})
    assert counter_post(client, tokens, 3, "call-next")["id"] == second["id"]
    shown = client.get(f"{SITE}/tickets/{second['id']}", headers=tokens.header("read")).json()
    assert (shown["status"], shown["counter"]) == ("serving", 3)
    assert shown["called_at"] is not None
    counter_post(client, tokens, 3, "finish", {"outcome": "result_returned", "procedure": None})
    shown = client.get(f"{SITE}/tickets/{first['id']}", headers=tokens.header("read")).json()
    assert (shown["status"], shown["outcome"]) == ("finished", "guided")


def test_call_next_gives_the_ticket_or_null_when_nobody_waits(client: Any,
                                                              tokens: Tokens) -> None:
    """call-next: the first ticket the counter serves (priority first), serving at it; null
    (200) when nobody waits for its services."""
    assert counter_post(client, tokens, 2, "call-next") is None
    issue(client, tokens, "HT")
    priority = issue(client, tokens, "HT", "disabled")
    called = counter_post(client, tokens, 1, "call-next")
    assert called.keys() == TICKET_KEYS
    assert (called["id"], called["status"], called["counter"]) == (priority["id"], "serving", 1)
    assert counter_post(client, tokens, 2, "call-next") is None  # counter 2 serves CT only


def test_recall_no_show_finish_and_transfer_change_the_ticket(client: Any,
                                                              tokens: Tokens) -> None:
    """recall gives the same ticket again; no-show marks it so; finish records the outcome;
    transfer sends it, keeping its number, to another service or counter."""
    a1, a2, a3 = issue(client, tokens), issue(client, tokens), issue(client, tokens)
    counter_post(client, tokens, 1, "call-next")
    recalled = counter_post(client, tokens, 1, "recall")
    assert (recalled["id"], recalled["status"]) == (a1["id"], "serving")
    assert counter_post(client, tokens, 1, "no-show")["status"] == "no_show"

    assert counter_post(client, tokens, 1, "call-next")["id"] == a2["id"]
    moved = counter_post(client, tokens, 1, "transfer", {"service": "CT"})
    assert (moved["id"], moved["number"], moved["service"], moved["status"]) == (
        a2["id"], "A002", "CT", "waiting")
    assert counter_post(client, tokens, 2, "call-next")["id"] == a2["id"]
    finished = counter_post(client, tokens, 2, "finish", {"outcome": "guided"})
    assert (finished["status"], finished["outcome"]) == ("finished", "guided")

    assert counter_post(client, tokens, 1, "call-next")["id"] == a3["id"]
    sent = counter_post(client, tokens, 1, "transfer", {"counter": 3})
    assert (sent["status"], sent["service"]) == ("waiting", "HT")
    assert counter_post(client, tokens, 3, "call-next")["id"] == a3["id"]


def test_every_write_is_an_event_naming_the_token(client: Any, tokens: Tokens,
                                                 center: Database) -> None:
    """Issue, call, recall, no-show, finish and transfer through the API: each is an event
    whose data says by = "api:<token name>"."""
    first, second = issue(client, tokens), issue(client, tokens)
    counter_post(client, tokens, 1, "call-next")
    counter_post(client, tokens, 1, "recall")
    counter_post(client, tokens, 1, "no-show")
    counter_post(client, tokens, 1, "call-next")
    counter_post(client, tokens, 1, "transfer", {"service": "CT"})
    counter_post(client, tokens, 2, "call-next")
    counter_post(client, tokens, 2, "finish", {"outcome": "guided"})
    assert events_of(center, first["id"]) == [
        ("ticket.issued", "api:t-kiosk"), ("ticket.called", "api:t-counter"),
        ("ticket.recalled", "api:t-counter"), ("ticket.no_show", "api:t-counter")]
    assert events_of(center, second["id"]) == [
        ("ticket.issued", "api:t-kiosk"), ("ticket.called", "api:t-counter"),
        ("ticket.transferred", "api:t-counter"), ("ticket.called", "api:t-counter"),
        ("ticket.finished", "api:t-counter")]


def test_status_is_what_layso_status_json_gives(client: Any, tokens: Tokens,
                                               center: Database) -> None:
    """GET status with a read token equals the core's site_status (what `layso status --json`
    prints) on the same database: counters with their current number, waiting, served."""
    issue(client, tokens, "HT")
    issue(client, tokens, "CT")
    counter_post(client, tokens, 1, "call-next")
    response = client.get(f"{SITE}/status", headers=tokens.header("read"))
    assert response.status_code == 200
    status = response.json()
    expected = json.loads(json.dumps(to_json(site_status(center, QueueService(center), "HQ"))))
    assert status == expected
    assert status["counters"][0]["current"] == "A001"
    assert status["waiting"]["CT"] == 1


def test_a_ticket_of_another_site_is_not_found_here(client: Any, tokens: Tokens,
                                                    center: Database) -> None:
    """A ticket read through another site's path is 404, as is an id that does not exist."""
    CenterService(center).add_site("B2", "Chi nhánh 2")
    CenterService(center).add_service("B2", "HT", "Hộ tịch", prefix="A")
    other = QueueService(center).issue_ticket("B2", "HT")
    response = client.get(f"{SITE}/tickets/{other.id}", headers=tokens.header("read"))
    assert (response.status_code, response.json()["error"]) == (404, "not_found")
    assert client.get(f"/api/v1/sites/B2/tickets/{other.id}",
                      headers=tokens.header("read")).status_code == 200


def test_openapi_docs_describe_every_endpoint(client: Any) -> None:
    """/api/docs is the interactive documentation; /api/openapi.json lists every endpoint of
    /api/v1 with the bearer scheme."""
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]
    spec = client.get("/api/openapi.json").json()
    paths = {path for path in spec["paths"] if path.startswith("/api/v1/")}
    base = "/api/v1/sites/{site}"
    assert paths >= {f"{base}/tickets", f"{base}/tickets/{{ticket_id}}", f"{base}/status",
                     f"{base}/events", *(f"{base}/counters/{{number}}/{action}" for action in (
                         "call-next", "recall", "no-show", "finish", "transfer"))}
    assert any(scheme.get("scheme", "").lower() == "bearer"
               for scheme in spec["components"]["securitySchemes"].values())
    assert client.get("/", follow_redirects=False).headers["location"] == "/api/docs"

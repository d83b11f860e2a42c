"""The API's errors, on SQLite and PostgreSQL: JSON {"error", "message", "message_en"} with the
right status for no token (401), a revoked or unknown token (401), the wrong scope (403), an
unknown site, service, counter or ticket (404), a method not allowed (405), a state that does
not allow it (409), a malformed body (422), a burst of bad requests (429) and the database
away (503, then back without a restart)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from server.app import create_app
from shared.api_tokens import TokenService
from shared.db.database import Database
from shared.models import Ticket
from tests.conftest import pg_admin_url
from tests.server.conftest import Tokens, server_settings

pytestmark = pytest.mark.filterwarnings(
    "ignore:Using `httpx` with `starlette.testclient`")

SITE = "/api/v1/sites/HQ"
ERROR_KEYS = {"error", "message", "message_en"}


def assert_error(response: Any, status: int, code: str) -> dict[str, str]:
    """A JSON error of this status and code, with a message in each language."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, str] = response.json()
    assert body.keys() == ERROR_KEYS and body["error"] == code
    assert body["message"] and body["message_en"]
    return body


#: (method, path, body) of every endpoint, and the scope it needs.
Endpoint = tuple[str, str, dict[str, str] | None, str]
WRITES: list[Endpoint] = [
    ("post", f"{SITE}/tickets", {"service": "HT", "priority": "none"}, "kiosk"),
    ("post", f"{SITE}/counters/1/call-next", None, "counter"),
    ("post", f"{SITE}/counters/1/recall", None, "counter"),
    ("post", f"{SITE}/counters/1/no-show", None, "counter"),
    ("post", f"{SITE}/counters/1/finish", {"outcome": "guided"}, "counter"),
    ("post", f"{SITE}/counters/1/transfer", {"service": "CT"}, "counter"),
]
READS: list[Endpoint] = [("get", f"{SITE}/tickets/1", None, "read"),
                         ("get", f"{SITE}/status", None, "read"),
                         ("get", f"{SITE}/events", None, "read")]


def call(client: Any, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    if method == "post":
        return client.post(path, json=body, headers=headers)
    return client.get(path, headers=headers)


@pytest.mark.parametrize(("method", "path", "body", "scope"), WRITES + READS,
                         ids=lambda value: value if isinstance(value, str) else "")
def test_no_token_or_a_wrong_one_is_401(client: Any, method: str, path: str, body: Any,
                                        scope: str) -> None:
    """Every endpoint without a token, with a token nobody made, or with another scheme:
    401 with a Bearer challenge, in Vietnamese and English; nothing is written."""
    for headers in ({}, {"Authorization": "Bearer lst_not-a-token"},
                    {"Authorization": "Basic dXNlcjpwYXNz"}):
        response = call(client, method, path, body, headers)
        error = assert_error(response, 401, "unauthorized")
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "token" in error["message"].lower()


def test_a_token_of_the_wrong_scope_is_403_and_writes_nothing(client: Any, tokens: Tokens,
                                                              center: Database) -> None:
    """Each write with every scope but its own: 403 naming the token; reads are open to every
    scope; no ticket was issued by a refused request."""
    for method, path, body, scope in WRITES:
        for other in {"kiosk", "counter", "read"} - {scope}:
            error = assert_error(call(client, method, path, body, tokens.header(other)),
                                 403, "forbidden")
            assert f"t-{other}" in error["message"] and other in error["message_en"]
    with center.reading() as session:
        assert session.scalars(select(Ticket)).all() == []
    for scope in ("kiosk", "counter", "read"):
        assert client.get(f"{SITE}/status", headers=tokens.header(scope)).status_code == 200


def test_a_revoked_token_is_refused_at_once_and_the_others_still_work(
        client: Any, tokens: Tokens, center: Database) -> None:
    """`token revoke` takes effect on the next request of the running server: 401; the other
    tokens go on working."""
    assert client.post(f"{SITE}/tickets", json={"service": "HT"},
                       headers=tokens.header("kiosk")).status_code == 201
    TokenService(center, actor="test").revoke("t-kiosk")
    error = assert_error(client.post(f"{SITE}/tickets", json={"service": "HT"},
                                     headers=tokens.header("kiosk")), 401, "unauthorized")
    assert "thu hồi" in error["message"] and "revoked" in error["message_en"]
    assert_error(client.get(f"{SITE}/status", headers=tokens.header("kiosk")), 401,
                 "unauthorized")
    assert client.get(f"{SITE}/status", headers=tokens.header("read")).status_code == 200
    assert client.post(f"{SITE}/counters/1/call-next",
                       headers=tokens.header("counter")).status_code == 200


def test_unknown_site_service_counter_or_ticket_is_404(client: Any, tokens: Tokens) -> None:
    """404 not_found, saying what is missing, for each kind of thing a path or body names."""
    kiosk, counter, read = (tokens.header(s) for s in ("kiosk", "counter", "read"))
    error = assert_error(client.post("/api/v1/sites/XX/tickets", json={"service": "HT"},
                                     headers=kiosk), 404, "not_found")
    assert "XX" in error["message"]
    error = assert_error(client.post(f"{SITE}/tickets", json={"service": "ZZ"},
                                     headers=kiosk), 404, "not_found")
    assert "ZZ" in error["message"]
    error = assert_error(client.post(f"{SITE}/counters/9/call-next", headers=counter), 404,
                         "not_found")
    assert "quầy số 9" in error["message"] and "counter number 9" in error["message_en"]
    error = assert_error(client.post("/api/v1/sites/XX/counters/1/call-next", headers=counter),
                         404, "not_found")
    assert "'XX'" in error["message"] and "quầy" not in error["message"]
    assert_error(client.get(f"{SITE}/tickets/999", headers=read), 404, "not_found")
    assert_error(client.get("/api/v1/sites/XX/status", headers=read), 404, "not_found")
    assert_error(client.get("/api/v1/sites/XX/events", headers=read), 404, "not_found")
    assert_error(client.get("/api/v1/nothing-here", headers=read), 404, "not_found")
    client.post(f"{SITE}/tickets", json={"service": "HT"}, headers=kiosk)
    client.post(f"{SITE}/counters/1/call-next", headers=counter)
    assert_error(client.post(f"{SITE}/counters/1/transfer", json={"service": "ZZ"},
                             headers=counter), 404, "not_found")
    assert_error(client.post(f"{SITE}/counters/1/transfer", json={"counter": 9},
                             headers=counter), 404, "not_found")


def test_an_operation_the_state_does_not_allow_is_409(client: Any, tokens: Tokens) -> None:
    """recall, no-show, finish and transfer with nobody at the counter; a transfer to the same
    counter: 409 invalid_operation with the core's message. A transfer to nowhere (``{}``) is a
    malformed body: 422 saying what it needs, in both languages."""
    counter = tokens.header("counter")
    for action, body in (("recall", None), ("no-show", None), ("finish", {"outcome": "guided"}),
                         ("transfer", {"service": "CT"})):
        error = assert_error(client.post(f"{SITE}/counters/1/{action}", json=body,
                                         headers=counter), 409, "invalid_operation")
        assert error["message"] != error["message_en"]
    client.post(f"{SITE}/tickets", json={"service": "HT"}, headers=tokens.header("kiosk"))
    client.post(f"{SITE}/counters/1/call-next", headers=counter)
    assert_error(client.post(f"{SITE}/counters/1/transfer", json={"counter": 1},
                             headers=counter), 409, "invalid_operation")
    nowhere = assert_error(client.post(f"{SITE}/counters/1/transfer", json={},
                                       headers=counter), 422, "validation_error")
    assert "dịch vụ hoặc quầy" in nowhere["message"]
    assert "service or counter is required" in nowhere["message_en"]


@pytest.mark.parametrize(("path", "body"), [
    (f"{SITE}/tickets", {"service": "HT", "priority": "vip"}),
    (f"{SITE}/tickets", {"priority": "none"}),
    (f"{SITE}/tickets", {"service": ""}),
    (f"{SITE}/tickets", {"service": "HT", "extra": 1}),
    (f"{SITE}/tickets", "not an object"),
    (f"{SITE}/counters/1/finish", {"outcome": "great"}),
    (f"{SITE}/counters/1/finish", None),
    (f"{SITE}/counters/1/transfer", {"counter": 0}),
    (f"{SITE}/counters/one/call-next", None),
], ids=["bad-priority", "no-service", "empty-service", "extra-field", "not-object",
        "bad-outcome", "no-body", "counter-0", "counter-not-int"])
def test_a_malformed_request_is_422_naming_the_field(client: Any, tokens: Tokens, path: str,
                                                     body: Any) -> None:
    """A body or path value that does not validate: 422 validation_error saying which."""
    scope = "kiosk" if path.endswith("/tickets") else "counter"
    error = assert_error(client.post(path, json=body, headers=tokens.header(scope)), 422,
                         "validation_error")
    assert error["message"].startswith("Yêu cầu không hợp lệ")
    assert error["message_en"].startswith("Invalid request")


def test_malformed_json_and_a_wrong_method_are_json_errors(client: Any, tokens: Tokens) -> None:
    """Broken JSON is 422; DELETE on tickets is 405; both as JSON."""
    assert_error(client.post(f"{SITE}/tickets", content=b"{broken",
                             headers={**tokens.header("kiosk"),
                                      "content-type": "application/json"}),
                 422, "validation_error")
    assert_error(client.delete(f"{SITE}/tickets", headers=tokens.header("kiosk")), 405,
                 "http_405")
    assert_error(client.get(f"{SITE}/tickets/abc", headers=tokens.header("read")), 422,
                 "validation_error")


@pytest.fixture
def strict_client(center: Database, tokens: Tokens) -> Iterator[Any]:
    """The app allowing 3 bad requests a minute from one client."""
    from fastapi.testclient import TestClient

    app = create_app(server_settings(center, bad_requests_per_minute=3), center)
    with TestClient(app) as test_client:
        yield test_client


def test_a_burst_of_bad_requests_is_slowed_down_with_429(strict_client: Any,
                                                         tokens: Tokens) -> None:
    """Good requests never count; after 3 bad ones every request of that client, good or
    bad, is 429 with Retry-After, as JSON, while the server goes on answering."""
    for _ in range(10):
        assert strict_client.get(f"{SITE}/status",
                                 headers=tokens.header("read")).status_code == 200
    assert_error(strict_client.get(f"{SITE}/status"), 401, "unauthorized")
    assert_error(strict_client.get(f"{SITE}/tickets/999", headers=tokens.header("read")), 404,
                 "not_found")
    assert_error(strict_client.post(f"{SITE}/tickets", json={}, headers=tokens.header("kiosk")),
                 422, "validation_error")
    for response in (strict_client.get(f"{SITE}/status", headers={"Authorization": "Bearer x"}),
                     strict_client.get(f"{SITE}/status", headers=tokens.header("read"))):
        error = assert_error(response, 429, "rate_limited")
        assert 1 <= int(response.headers["retry-after"]) <= 61
        assert "thử lại" in error["message"]
    from fastapi.testclient import TestClient

    other = TestClient(strict_client.app, client=("10.0.0.2", 50000))
    assert other.get(f"{SITE}/status", headers=tokens.header("read")).status_code == 200


def pg_allow_connections(db: Database, allow: bool) -> None:
    """Open or close the test database to new connections and end its sessions (a database
    server gone away and back)."""
    name = make_url(db.url).database
    admin = create_engine(make_url(pg_admin_url()).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(
                f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {str(allow).lower()}'))
            if not allow:
                connection.execute(text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
    finally:
        admin.dispose()


def test_the_database_away_is_503_with_retry_after_then_it_recovers_by_itself(
        client: Any, tokens: Tokens, center: Database, tmp_path: Path) -> None:
    """SQLite: the database's folder disappears (a share or disk gone); PostgreSQL: the
    database refuses connections and its sessions are ended. Every endpoint answers 503
    database_unavailable with Retry-After, as JSON, without crashing; once it is back the very
    next requests succeed, without restarting the app."""
    assert client.post(f"{SITE}/tickets", json={"service": "HT"},
                       headers=tokens.header("kiosk")).status_code == 201
    hidden = tmp_path.with_name(tmp_path.name + "-gone")
    if center.is_sqlite:
        os.rename(tmp_path, hidden)
        center.dispose()  # the pooled connections went with it, as after a network drop
    else:
        pg_allow_connections(center, False)
    try:
        for method, path, body, scope in WRITES + READS:
            response = call(client, method, path, body, tokens.header(scope))
            error = assert_error(response, 503, "database_unavailable")
            assert response.headers["retry-after"] == "5"
            assert "cơ sở dữ liệu" in error["message"].lower()
    finally:
        if center.is_sqlite:
            os.rename(hidden, tmp_path)
        else:
            pg_allow_connections(center, True)
    assert client.get(f"{SITE}/status", headers=tokens.header("read")).status_code == 200
    ticket = client.post(f"{SITE}/tickets", json={"service": "HT"},
                         headers=tokens.header("kiosk"))
    assert (ticket.status_code, ticket.json()["number"]) == (201, "A002")


@pytest.mark.parametrize(("body", "vietnamese", "english"), [
    ({"service": "HT", "priority": "vip"}, "priority: giá trị không hợp lệ (chọn",
     "priority: invalid value (choose"),
    ({}, "service: thiếu giá trị", "service: missing"),
    ({"service": ""}, "service: quá ngắn (tối thiểu 1 ký tự)", "service: too short"),
    ({"service": "HT", "colour": "red"}, "colour: trường không được phép", "colour: not allowed"),
])
def test_a_422_says_what_is_wrong_in_each_language(client: Any, tokens: Tokens, body: Any,
                                                   vietnamese: str, english: str) -> None:
    """The field and the problem in Vietnamese in ``message`` and in English in
    ``message_en`` (not pydantic's English inside the Vietnamese line)."""
    error = assert_error(client.post(f"{SITE}/tickets", json=body,
                                     headers=tokens.header("kiosk")), 422, "validation_error")
    assert vietnamese in error["message"] and english in error["message_en"]
    assert "Field required" not in error["message"] and "Input should" not in error["message"]


def test_a_browser_held_back_gets_a_page_that_reloads_itself(strict_client: Any) -> None:
    """Past the limit, a phone or TV asking for a page (Accept: text/html) gets a 429 page in
    both languages that reloads itself when it may ask again, not bare JSON; the API still
    answers JSON (compact, like every other error)."""
    for attempt in range(3):
        strict_client.get(f"/t/{'x' * 20}{attempt}", headers={"Accept": "text/html"})
    page = strict_client.get("/board/HQ", headers={"Accept": "text/html"})
    assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
    retry = page.headers["retry-after"]
    assert f'http-equiv="refresh" content="{retry}"' in page.text
    assert "Trang sẽ tự tải lại" in page.text and "reloads by itself" in page.text
    api = strict_client.get(f"{SITE}/status")
    assert api.status_code == 429 and api.text.startswith('{"error":"rate_limited"')


def test_broken_json_and_choices_read_well_in_vietnamese(client: Any, tokens: Tokens) -> None:
    """Broken JSON says so without a character offset; the choices of a wrong priority are
    joined with "hoặc" in the Vietnamese message."""
    broken = assert_error(client.post(f"{SITE}/tickets", content=b'{"service":',
                                      headers={**tokens.header("kiosk"),
                                               "content-type": "application/json"}),
                          422, "validation_error")
    assert broken["message"] == "Yêu cầu không hợp lệ: JSON không hợp lệ"
    wrong = assert_error(client.post(f"{SITE}/tickets", json={"service": "HT",
                                                               "priority": "vip"},
                                     headers=tokens.header("kiosk")), 422, "validation_error")
    assert " hoặc " in wrong["message"] and " or " not in wrong["message"]
    assert " or " in wrong["message_en"]

"""`layso token add|list|revoke` on SQLite and PostgreSQL, and what the API makes of the tokens:
the secret printed once and only its hash kept, a new token usable at once, a revoked one
refused at once, mistakes as one line."""

from __future__ import annotations

import getpass
import hashlib
import json
from typing import Any

import pytest
from sqlalchemy import select

from shared.cli.main import main
from shared.db.database import Database
from shared.models import ApiToken, Event

pytestmark = pytest.mark.filterwarnings(
    "ignore:Using `httpx` with `starlette.testclient`")


def run(capsys: pytest.CaptureFixture[str], db: Database, *argv: str) -> tuple[int, str, str]:
    status = main(["--db", db.url, "token", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_token_add_prints_the_secret_once_and_keeps_only_its_hash(
        capsys: pytest.CaptureFixture[str], center: Database) -> None:
    """`token add NAME --scope kiosk --json` prints exactly name, scope and token; the database
    holds its SHA-256 and nowhere the secret itself; the event names who made it."""
    status, out, _ = run(capsys, center, "add", "kiosk-tang1", "--scope", "kiosk", "--json")
    assert status == 0
    made = json.loads(out)
    assert made.keys() == {"name", "scope", "token"}
    assert (made["name"], made["scope"]) == ("kiosk-tang1", "kiosk")
    assert made["token"].startswith("lst_") and len(made["token"]) > 40
    with center.reading() as session:
        row = session.scalars(select(ApiToken).where(ApiToken.name == "kiosk-tang1")).one()
        stored = [str(getattr(row, column.key)) for column in ApiToken.__table__.columns]
        event = session.scalars(select(Event).where(Event.kind == "token.added")
                                .order_by(Event.id.desc())).first()
    assert row.token_hash == hashlib.sha256(made["token"].encode()).hexdigest()
    assert not any(made["token"] in value for value in stored)
    assert event is not None and made["token"] not in json.dumps(event.data)
    by = str(event.data["by"])
    assert event.data == {"token": "kiosk-tang1", "scope": "kiosk", "by": by}
    assert getpass.getuser() in by


def test_token_add_in_text_says_it_is_shown_once(capsys: pytest.CaptureFixture[str],
                                                 center: Database) -> None:
    status, out, _ = run(capsys, center, "add", "man-hinh", "--scope", "read")
    assert status == 0
    first, second = out.strip().splitlines()
    assert first.startswith("Token man-hinh (read): lst_")
    assert "chỉ hiện một lần" in second


def test_token_list_shows_names_scopes_and_which_are_revoked(
        capsys: pytest.CaptureFixture[str], center: Database) -> None:
    """`token list --json`: every token by name with its scope and state, never a secret;
    the text list says đang dùng / đã thu hồi."""
    assert run(capsys, center, "list")[1].strip() == "Chưa có token nào."
    secrets = [json.loads(run(capsys, center, "add", name, "--scope", scope, "--json")[1])
               ["token"] for name, scope in (("b-quay", "counter"), ("a-kiosk", "kiosk"))]
    run(capsys, center, "revoke", "b-quay")
    status, out, _ = run(capsys, center, "list", "--json")
    assert status == 0 and not any(secret in out for secret in secrets)
    rows = json.loads(out)
    assert [(r["name"], r["scope"], r["active"]) for r in rows] == [
        ("a-kiosk", "kiosk", True), ("b-quay", "counter", False)]
    assert rows[0]["revoked_at"] is None and rows[1]["revoked_at"] is not None
    text = run(capsys, center, "list")[1].splitlines()
    assert "đang dùng" in text[0] and "đã thu hồi" in text[1]


def test_a_token_made_by_the_cli_works_at_once_and_stops_when_revoked(
        capsys: pytest.CaptureFixture[str], center: Database, client: Any) -> None:
    """A kiosk token from `token add` issues a number on the running server (logged as
    api:<name>); after `token revoke` its next request is 401, with no restart."""
    made = json.loads(run(capsys, center, "add", "kiosk-2", "--scope", "kiosk", "--json")[1])
    headers = {"Authorization": f"Bearer {made['token']}"}
    issued = client.post("/api/v1/sites/HQ/tickets", json={"service": "HT"}, headers=headers)
    assert issued.status_code == 201
    with center.reading() as session:
        event = session.scalars(select(Event).where(
            Event.ticket_id == issued.json()["id"])).one()
    assert event.data["by"] == "api:kiosk-2"
    status, out, _ = run(capsys, center, "revoke", "kiosk-2", "--json")
    assert status == 0 and json.loads(out)["active"] is False
    refused = client.post("/api/v1/sites/HQ/tickets", json={"service": "HT"}, headers=headers)
    assert (refused.status_code, refused.json()["error"]) == (401, "unauthorized")


@pytest.mark.parametrize("argv", [
    ["revoke", "nobody"],
    ["add", "t-kiosk", "--scope", "read"],
    ["add", "có dấu cách", "--scope", "read"],
], ids=["revoke-unknown", "duplicate-name", "bad-name"])
def test_token_mistakes_are_one_line(capsys: pytest.CaptureFixture[str], center: Database,
                                     argv: list[str]) -> None:
    """Revoking a token that does not exist, a name already taken, a name with spaces: exit
    status 2 and one Vietnamese line; nothing is added."""
    run(capsys, center, "add", "t-kiosk", "--scope", "kiosk")
    before = run(capsys, center, "list", "--json")[1]
    status, out, err = run(capsys, center, *argv)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("layso: ")
    assert "token" in err.lower()
    assert run(capsys, center, "list", "--json")[1] == before


def test_an_unknown_scope_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                           center: Database) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", center.url, "token", "add", "x", "--scope", "admin"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "kiosk" in err

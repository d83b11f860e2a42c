"""TokenService (shared/api_tokens.py) on SQLite and PostgreSQL: tokens made with a scope, kept
as a hash, verified, marked used at most once a minute, revoked once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.api_tokens import SCOPE_ALLOWS, TokenService, hash_token
from shared.clock import FixedClock
from shared.db.database import Database
from shared.errors import AuthError, InvalidOperation, NotFound
from shared.models import ApiToken, Event, TokenScope


def test_a_new_token_is_random_and_only_its_hash_is_stored(db: Database) -> None:
    """Two tokens of the same scope have different secrets; the table holds their SHA-256."""
    service = TokenService(db, actor="admin")
    first, second = service.add("a", "kiosk"), service.add("b", TokenScope.KIOSK)
    assert first.token != second.token and first.token.startswith("lst_")
    with db.reading() as session:
        hashes = {name: digest for name, digest in session.execute(
            select(ApiToken.name, ApiToken.token_hash))}
    assert hashes == {"a": hash_token(first.token), "b": hash_token(second.token)}


def test_verify_gives_the_token_and_refuses_unknown_or_revoked_ones(db: Database) -> None:
    """The right secret (surrounding spaces forgiven) gives the token's name and scope; a
    made-up one and a revoked one raise AuthError in Vietnamese and English."""
    service = TokenService(db)
    made = service.add("quay-1", "counter")
    found = service.verify(f" {made.token}\n")
    assert (found.name, found.scope, found.active) == ("quay-1", TokenScope.COUNTER, True)
    with pytest.raises(AuthError):
        service.verify("lst_made-up")
    service.revoke("quay-1")
    with pytest.raises(AuthError) as refused:
        service.verify(made.token)
    assert "thu hồi" in refused.value.message and "revoked" in refused.value.message_en


def test_use_is_noted_at_most_once_a_minute(db: Database, clock: FixedClock) -> None:
    """last_used_at is set on first use and moved only when over a minute old, so a busy
    client does not write on every request."""
    service = TokenService(db)
    made = service.add("man-hinh", "read")
    first = service.verify(made.token)
    assert first.last_used_at is None
    noted = service.tokens()[0].last_used_at
    assert noted == clock.moment
    clock.advance(seconds=50)
    service.verify(made.token)
    assert service.tokens()[0].last_used_at == noted
    clock.advance(seconds=20)
    service.verify(made.token)
    assert service.tokens()[0].last_used_at == clock.moment


def test_revoke_is_one_event_even_when_repeated(db: Database) -> None:
    """Adding and revoking are events naming who did it; revoking twice records once and
    keeps the first time; an unknown name is NotFound."""
    service = TokenService(db, actor="os:admin")
    service.add("old", "kiosk")
    first = service.revoke("old")
    again = service.revoke("old")
    assert first.revoked_at is not None and again.revoked_at == first.revoked_at
    with db.reading() as session:
        events = [(e.kind, e.data) for e in session.scalars(select(Event).order_by(Event.id))]
    assert events == [("token.added", {"token": "old", "scope": "kiosk", "by": "os:admin"}),
                      ("token.revoked", {"token": "old", "by": "os:admin"})]
    with pytest.raises(NotFound):
        service.revoke("nobody")


@pytest.mark.parametrize(("name", "scope"), [
    ("", "read"), ("có dấu", "read"), ("-leading", "read"), ("x" * 65, "read"),
    ("ok", "admin"),
])
def test_bad_names_and_scopes_are_refused(db: Database, name: str, scope: str) -> None:
    with pytest.raises(InvalidOperation):
        TokenService(db).add(name, scope)
    assert TokenService(db).tokens() == []


def test_a_name_is_taken_once(db: Database) -> None:
    service = TokenService(db)
    service.add("kiosk", "kiosk")
    with pytest.raises(InvalidOperation):
        service.add("kiosk", "read")


def test_each_scope_allows_reading_and_its_own_writes_only() -> None:
    allowed = {scope: set(actions) for scope, actions in SCOPE_ALLOWS.items()}
    assert allowed == {TokenScope.READ: {"read"}, TokenScope.KIOSK: {"read", "issue"},
                       TokenScope.COUNTER: {"read", "counter"}}

"""Bearer tokens for the web service's JSON API (``layso token add|list|revoke``).

A token is 32 random bytes shown once, when it is made; only its SHA-256 is stored. A slow hash
(scrypt, as for passwords) buys nothing here: the secret is random and long, not chosen by a
person, and every API request checks it. Each token has a scope:

- ``read``: status, tickets and events;
- ``kiosk``: read, and issue numbers;
- ``counter``: read, and work counters (call, recall, no-show, finish, transfer).

Adding and revoking a token are events (``token.added`` / ``token.revoked``) naming who did it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update

from shared.db.database import Database
from shared.errors import AuthError, InvalidOperation, NotFound
from shared.events import record
from shared.models import ApiToken, TokenScope

#: What each scope may do, beyond reading.
SCOPE_ALLOWS: dict[TokenScope, frozenset[str]] = {
    TokenScope.READ: frozenset({"read"}),
    TokenScope.KIOSK: frozenset({"read", "issue"}),
    TokenScope.COUNTER: frozenset({"read", "counter"}),
}

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
PREFIX = "lst_"  # "LấySố token": recognisable in a config file or a leaked log


@dataclass(frozen=True)
class TokenView:
    name: str
    scope: TokenScope
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class NewToken:
    """A token just made: the secret is shown this once and never again."""

    name: str
    scope: TokenScope
    token: str


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


#: The token whose secret hashes to ``digest``.
_BY_HASH = select(ApiToken).where(ApiToken.token_hash == bindparam("digest"))


def _view(row: ApiToken) -> TokenView:
    return TokenView(row.name, TokenScope(row.scope), row.created_at, row.revoked_at,
                     row.last_used_at)


def _scope(value: TokenScope | str) -> TokenScope:
    try:
        return TokenScope(value)
    except ValueError as error:
        choices = ", ".join(s.value for s in TokenScope)
        raise InvalidOperation(f"Phạm vi không hợp lệ: {value!r} (chọn {choices}).",
                               f"Invalid scope: {value!r} (choose {choices}).") from error


class TokenService:
    def __init__(self, db: Database, *, actor: str = "") -> None:
        self.db = db
        self.actor = actor

    def add(self, name: str, scope: TokenScope | str) -> NewToken:
        """Make a token; the returned secret is the only copy."""
        scope = _scope(scope)
        if not _NAME.match(name):
            raise InvalidOperation(
                f"Tên token không hợp lệ: {name!r} (chữ, số, '.', '_', '-'; tối đa 64 ký tự).",
                f"Invalid token name: {name!r} (letters, digits, '.', '_', '-'; at most 64).")
        secret = PREFIX + secrets.token_urlsafe(32)
        with self.db.transaction() as session:
            if session.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
                raise InvalidOperation(f"Đã có token tên {name!r}.",
                                       f"A token named {name!r} exists.")
            now = self.db.now(session)
            session.add(ApiToken(name=name, scope=scope, token_hash=hash_token(secret),
                                 created_at=now))
            record(session, "token.added", now, token=name, scope=str(scope), by=self.actor)
        return NewToken(name, scope, secret)

    def tokens(self) -> list[TokenView]:
        with self.db.reading() as session:
            return [_view(row) for row in session.scalars(
                select(ApiToken).order_by(ApiToken.name))]

    def revoke(self, name: str) -> TokenView:
        with self.db.transaction() as session:
            row = session.scalar(select(ApiToken).where(ApiToken.name == name))
            if row is None:
                raise NotFound(f"Không có token tên {name!r}.", f"No token named {name!r}.")
            if row.revoked_at is None:
                now = self.db.now(session)
                row.revoked_at = now
                record(session, "token.revoked", now, token=name, by=self.actor)
            return _view(row)

    def verify(self, secret: str) -> TokenView:
        """The active token whose secret this is, or AuthError. Marks it used (at most once a
        minute, so a busy client does not write on every request)."""
        digest = hash_token(secret.strip())
        with self.db.reading() as session:  # the token and the clock in one round trip
            found, now = self.db.first_with_now(session, _BY_HASH, {"digest": digest})
            row = found[0] if found is not None else None
            if row is None or row.revoked_at is not None:
                raise AuthError("Token không hợp lệ hoặc đã bị thu hồi.",
                                "The token is invalid or has been revoked.")
            view = _view(row)
        if view.last_used_at is None or (now - view.last_used_at).total_seconds() > 60:
            with self.db.transaction() as session:
                session.execute(update(ApiToken).where(ApiToken.name == view.name)
                                .values(last_used_at=now))
        return view

"""Clerks: accounts with Argon2id-hashed passwords and PINs, log in with lock-out, one clerk
per counter."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, exc, literal_column, select, update
from sqlalchemy.orm import Session

from shared.db.database import Database
from shared.errors import AuthError, InvalidOperation, NotFound
from shared.events import EventKind, record
from shared.lookups import get_counter, get_site
from shared.models import Clerk, Counter, CounterStatus, Event, Role, Site, Ticket
from shared.queue_reads import counter_state
from shared.views import ClerkView, CounterState

log = logging.getLogger(__name__)

#: A failed log-in of clerk ``clerk_id`` after ``since``. The kind is written into the SQL (not
#: bound) so that SQLite and PostgreSQL's generic plans can use the partial index
#: ``ix_events_login_failed`` instead of reading the whole event log.
RECENT_FAILURE = (
    select(Event.id)
    .where(Event.kind == literal_column(f"'{EventKind.CLERK_LOGIN_FAILED}'"),
           Event.clerk_id == bindparam("clerk_id"), Event.at > bindparam("since"))
    .limit(1)
)

#: Argon2id (argon2-cffi) at OWASP's recommended setting (Password Storage Cheat Sheet):
#: 19 MiB of memory, 2 passes, 1 lane — about 80 ms a hash here. Read at each call (tests set
#: a cheaper, still real, cost). A stored hash carries its own cost; one made with another
#: cost, or an old scrypt one, is replaced at the next right log-in (:func:`needs_rehash`).
ARGON2_MEMORY_KIB, ARGON2_TIME, ARGON2_LANES = 19_456, 2, 1
# The hashes of before issue 15: scrypt (RFC 7914) N=2^14, r=8, p=1, still verified.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=ARGON2_TIME, memory_cost=ARGON2_MEMORY_KIB,
                          parallelism=ARGON2_LANES)


def hash_secret(secret: str) -> str:
    """A password or PIN hashed with Argon2id (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``)."""
    return _hasher().hash(secret)


def verify_secret(secret: str, stored: str | None) -> bool:
    """Whether ``secret`` matches a stored hash: Argon2id, or an older scrypt one."""
    if not stored:
        return False
    if stored.startswith("$argon2"):
        try:
            return _hasher().verify(stored, secret)
        except (VerificationError, InvalidHashError):
            return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(secret.encode(), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str | None) -> bool:
    """A stored hash that is not Argon2id at today's cost (scrypt, or other parameters)."""
    if not stored:
        return False
    if not stored.startswith("$argon2"):
        return True
    try:
        return _hasher().check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


def _scrypt_hash(secret: str) -> str:
    """A hash as made before Argon2id (for tests of the upgrade at log-in)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P,
                            dklen=32)
    encode = base64.b64encode
    return (f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}$"
            f"{encode(salt).decode()}${encode(digest).decode()}")


def _view(clerk: Clerk, site_code: str | None) -> ClerkView:
    return ClerkView(clerk.id, clerk.username, clerk.full_name, Role(clerk.role), site_code,
                     clerk.active)


_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


def check_username(username: str) -> None:
    if not _USERNAME.match(username):
        raise InvalidOperation(
            f"Tên đăng nhập không hợp lệ: {username!r} (chữ không dấu, số, '.', '_', '-', "
            "'@'; không có khoảng trắng; tối đa 64 ký tự).",
            f"Invalid user name {username!r} (letters without accents, digits, '.', '_', "
            "'-', '@'; no spaces; 64 characters at most).")


def check_full_name(full_name: str) -> None:
    if not full_name.strip():
        raise InvalidOperation("Họ và tên không được để trống.",
                               "The full name must not be empty.")


def check_password(password: str) -> None:
    if len(password) < 4:
        raise InvalidOperation("Mật khẩu phải có ít nhất 4 ký tự.",
                               "The password needs at least 4 characters.")


def check_pin(pin: str | None) -> None:
    if pin is not None and not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise InvalidOperation("Mã PIN gồm 4 đến 8 chữ số.", "A PIN is 4 to 8 digits.")


class ClerkService:
    """Accounts, passwords and log-in. ``actor`` names who adds an account or sets a password
    (the CLI passes the OS user, the console the logged-in admin): it goes into the event."""

    def __init__(self, db: Database, *, lock_after: int = 5, lock_minutes: int = 5,
                 actor: str = "") -> None:
        self.db = db
        self.lock_after = lock_after
        self.lock_minutes = lock_minutes
        self.actor = actor

    def add(self, username: str, full_name: str, password: str, *, role: Role = Role.CLERK,
            site: str | None = None, pin: str | None = None) -> ClerkView:
        """A new account; a ``config.changed`` event (``clerk.added``, no secret in it) names
        it and who made it."""
        check_username(username)
        check_full_name(full_name)
        check_password(password)
        check_pin(pin)
        with self.db.transaction() as session:
            if session.scalar(select(Clerk).where(Clerk.username == username)) is not None:
                raise InvalidOperation(f"Đã có tài khoản {username!r}.",
                                       f"User {username!r} exists.")
            site_id = get_site(session, site).id if site else None
            clerk = Clerk(username=username, full_name=full_name.strip(), role=Role(role),
                          password_hash=hash_secret(password),
                          pin_hash=hash_secret(pin) if pin else None, site_id=site_id)
            session.add(clerk)
            session.flush()
            record(session, EventKind.CONFIG_CHANGED, self.db.now(session), site_id=site_id,
                   clerk_id=clerk.id, change="clerk.added", username=username,
                   role=str(clerk.role), site=site, pin=pin is not None, by=self.actor)
            return _view(clerk, site)

    def list(self) -> list[ClerkView]:
        with self.db.reading() as session:
            sites = {site.id: site.code for site in session.scalars(select(Site))}
            return [_view(clerk, sites.get(clerk.site_id or -1))
                    for clerk in session.scalars(select(Clerk).order_by(Clerk.username))]

    def set_password(self, username: str, password: str, *, pin: str | None = None) -> None:
        """A new password (and PIN, if given); it also lifts a lock-out. A
        ``config.changed`` event (``clerk.password``, no secret in it) says who did it."""
        check_password(password)
        check_pin(pin)
        with self.db.transaction() as session:
            clerk = self._get(session, username)
            clerk.password_hash = hash_secret(password)
            if pin is not None:
                clerk.pin_hash = hash_secret(pin)
            clerk.failed_logins = 0
            clerk.locked_until = None
            record(session, EventKind.CONFIG_CHANGED, self.db.now(session),
                   site_id=clerk.site_id, clerk_id=clerk.id, change="clerk.password",
                   username=username, pin=pin is not None, by=self.actor)

    def set_pin(self, username: str, pin: str | None) -> None:
        """A new PIN for the counter's quick log-in (``None``: no PIN any more). A
        ``config.changed`` event (``clerk.pin``, no secret in it) says who did it."""
        check_pin(pin)
        with self.db.transaction() as session:
            clerk = self._get(session, username)
            clerk.pin_hash = hash_secret(pin) if pin is not None else None
            record(session, EventKind.CONFIG_CHANGED, self.db.now(session),
                   site_id=clerk.site_id, clerk_id=clerk.id, change="clerk.pin",
                   username=username, pin=pin is not None, by=self.actor)

    @staticmethod
    def _get(session: object, username: str) -> Clerk:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        clerk = session.scalar(select(Clerk).where(Clerk.username == username))
        if clerk is None:
            raise NotFound(f"Không có tài khoản {username!r}.", f"No user {username!r}.")
        return clerk

    def authenticate(self, username: str, secret: str) -> ClerkView:
        """Check a password or PIN; lock the account for a while after repeated failures.

        The check (scrypt, about 50 ms by design) runs outside any transaction: on SQLite a
        writing transaction holds the database's write lock, and every kiosk and counter would
        wait for it. The outcome is then written in a short transaction of its own."""
        wrong = AuthError("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password.")
        with self.db.reading() as session:
            clerk = session.scalar(select(Clerk).where(Clerk.username == username))
            if clerk is None or not clerk.active:
                raise wrong
            _refuse_if_locked(clerk, self.db.now(session))
            checked = (clerk.id, clerk.password_hash, clerk.pin_hash)
        by_password = verify_secret(secret, checked[1])
        by_pin = not by_password and verify_secret(secret, checked[2])
        right = by_password or by_pin
        # An old hash (scrypt, or another cost) is replaced now that the secret is known:
        # hashed here, outside the transaction, like the check.
        matched = checked[1] if by_password else checked[2]
        upgraded = hash_secret(secret) if right and needs_rehash(matched) else None
        with self.db.transaction() as session:
            now = self.db.now(session)
            clerk = session.scalar(select(Clerk).where(Clerk.id == checked[0]).with_for_update())
            if clerk is None or not clerk.active:
                raise wrong
            _refuse_if_locked(clerk, now)  # another wrong try may have locked it meanwhile
            if right and (clerk.password_hash, clerk.pin_hash) != checked[1:]:
                # Changed while it was being checked: check against the new ones.
                right = verify_secret(secret, clerk.password_hash) or verify_secret(
                    secret, clerk.pin_hash)
                upgraded = None
            if right:
                clerk.failed_logins = 0
                clerk.locked_until = None
                if upgraded is not None:
                    _store_upgrade(session, clerk.id,
                                   "password_hash" if by_password else "pin_hash", upgraded)
                site = session.get(Site, clerk.site_id) if clerk.site_id else None
                return _view(clerk, site.code if site else None)
            window_start = now - timedelta(minutes=self.lock_minutes)
            if clerk.failed_logins and session.scalar(
                    RECENT_FAILURE, {"clerk_id": clerk.id, "since": window_start}) is None:
                clerk.failed_logins = 0  # the earlier failures are older than the lock window
            clerk.failed_logins += 1
            if clerk.failed_logins >= self.lock_after:
                clerk.locked_until = now + timedelta(minutes=self.lock_minutes)
                clerk.failed_logins = 0
            record(session, EventKind.CLERK_LOGIN_FAILED, now, clerk_id=clerk.id)
        raise wrong

    def login(self, username: str, secret: str, site: str, counter_number: int) -> ClerkView:
        """Authenticate and take a counter: one clerk on one counter, one counter per clerk.

        The clerk's row and the counter's row are locked (``FOR UPDATE`` on PostgreSQL;
        SQLite writes one at a time), so of two log-ins at once only one takes the counter.
        Refused while the clerk's other counter is serving a ticket; any other counter the
        clerk held is closed, with its events (the wall and that counter's window follow).
        Logging in again at the counter one holds (not closed) records nothing: the same
        log-in sent twice is done once.
        """
        clerk_view = self.authenticate(username, secret)
        with self.db.transaction() as session:
            now = self.db.now(session)
            site_row = get_site(session, site)
            session.scalar(select(Clerk.id).where(Clerk.id == clerk_view.id).with_for_update())
            counter = _locked(session, get_counter(session, site_row, counter_number).id)
            if counter.clerk_id not in (None, clerk_view.id):
                holder = session.get(Clerk, counter.clerk_id)
                raise InvalidOperation(
                    f"Quầy {counter_number} đang do {holder.full_name if holder else '?'} "
                    "sử dụng.",
                    f"Counter {counter_number} is in use by "
                    f"{holder.full_name if holder else '?'}.",
                )
            others = list(session.scalars(select(Counter).where(
                Counter.clerk_id == clerk_view.id, Counter.id != counter.id)
                .order_by(Counter.id).with_for_update()))
            for other in others:
                if other.current_ticket_id is not None:
                    ticket = session.get(Ticket, other.current_ticket_id)
                    number = ticket.number if ticket else "?"
                    raise InvalidOperation(
                        f"Bạn đang phục vụ số {number} ở quầy {other.number}. Hãy kết thúc "
                        f"hoặc chuyển số đó rồi đăng xuất ở quầy {other.number} trước khi "
                        f"đăng nhập quầy {counter_number}.",
                        f"You are serving {number} at counter {other.number}. Finish or "
                        f"transfer it and log out there before logging in at counter "
                        f"{counter_number}.",
                    )
            if (not others and counter.clerk_id == clerk_view.id
                    and counter.status != CounterStatus.CLOSED):
                # Already this clerk's, and open (or paused): the log-in changes nothing, and
                # records nothing. So a log-in sent again after its answer was lost (the
                # commit went through, the connection dropped as it returned) is not
                # recorded twice; nor is one from a window restarted at the same counter.
                return clerk_view
            for other in others:  # leaving another counter: it closes, and says so
                _leave(session, other, now, clerk_view.id)
            session.flush()
            counter.clerk_id = clerk_view.id
            if counter.status == CounterStatus.CLOSED:
                counter.status = CounterStatus.OPEN
            record(session, EventKind.CLERK_LOGIN, now, site_id=site_row.id,
                   counter_id=counter.id, clerk_id=clerk_view.id)
            record(session, EventKind.COUNTER_STATUS, now, site_id=site_row.id,
                   counter_id=counter.id, status=str(counter.status), number=counter.number)
        return clerk_view

    def logout(self, site: str, counter_number: int) -> None:
        """Leave the counter (closed on the wall). A ticket being served stays with the counter."""
        with self.db.transaction() as session:
            now = self.db.now(session)
            site_row = get_site(session, site)
            counter = _locked(session, get_counter(session, site_row, counter_number).id)
            _leave(session, counter, now, counter.clerk_id)

    def release(self, site: str, counter_number: int) -> CounterState:
        """Free a counter left logged in (a crashed PC), for a supervisor or an admin: its
        clerk is logged out and it closes. A ticket being served stays with the counter (the
        next clerk there carries on with it). Its events name who released it (``actor``)."""
        with self.db.transaction() as session:
            now = self.db.now(session)
            site_row = get_site(session, site)
            counter = _locked(session, get_counter(session, site_row, counter_number).id)
            if counter.clerk_id is None and counter.status == CounterStatus.CLOSED:
                raise InvalidOperation(f"Quầy {counter_number} không có ai đăng nhập.",
                                       f"Nobody is logged in at counter {counter_number}.")
            _leave(session, counter, now, counter.clerk_id, released=True, by=self.actor)
            session.flush()
            return counter_state(session, counter)


def _locked(session: Session, counter_id: int) -> Counter:
    counter = session.scalar(select(Counter).where(Counter.id == counter_id).with_for_update())
    assert counter is not None
    return counter


def _leave(session: Session, counter: Counter, now: datetime, clerk_id: int | None, *,
           released: bool = False, by: str = "") -> None:
    """The clerk leaves ``counter``: it closes; a log-out and a status event say so (``by``:
    who made the clerk leave, when it is not the clerk)."""
    counter.clerk_id = None
    counter.status = CounterStatus.CLOSED
    who: dict[str, Any] = {"by": by} if by else {}
    record(session, EventKind.CLERK_LOGOUT, now, site_id=counter.site_id,
           counter_id=counter.id, clerk_id=clerk_id, **({"released": True} if released else {}),
           **who)
    record(session, EventKind.COUNTER_STATUS, now, site_id=counter.site_id,
           counter_id=counter.id, status=str(counter.status), number=counter.number, **who)


def _store_upgrade(session: Session, clerk_id: int, column: str, new_hash: str) -> None:
    """Replace an old hash after a right log-in, in a savepoint: a PostgreSQL role that may
    not change hashes (``counter``, shared/db/roles.py) leaves it for a log-in through the
    console or the admin, and the log-in itself goes on."""
    try:
        with session.begin_nested():
            session.execute(update(Clerk).where(Clerk.id == clerk_id)
                            .values({column: new_hash}))
    except exc.ProgrammingError as error:  # insufficient privilege
        log.info("old password hash of clerk %s kept (no right to change it here): %s",
                 clerk_id, error.orig)


def _refuse_if_locked(clerk: Clerk, now: datetime) -> None:
    if clerk.locked_until is not None and clerk.locked_until > now:
        minutes = max(1, int((clerk.locked_until - now).total_seconds() // 60) + 1)
        raise AuthError(
            f"Tài khoản tạm khóa do nhập sai nhiều lần. Thử lại sau {minutes} phút.",
            f"Account locked after repeated failures. Try again in {minutes} min.",
        )

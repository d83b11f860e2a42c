"""Clerk accounts as an admin changes them: role, name, site, taking an account out of use,
and lifting a lock-out.

Each change appends a ``config.changed`` event (before, after, by whom) in its transaction.
Passwords, log-in and counters are shared/clerks.py's.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.database import Database
from shared.errors import InvalidOperation, NotFound
from shared.events import EventKind, record
from shared.lookups import get_site
from shared.models import Clerk, Counter, Role, Site
from shared.views import ClerkView


class ClerkAccounts:
    """Change clerk accounts; ``actor`` (who makes the change) goes into the events."""

    def __init__(self, db: Database, *, actor: str = "") -> None:
        self.db = db
        self.actor = actor

    def set_clerk(self, username: str, *, role: Role | str | None = None,
                  active: bool | None = None, full_name: str | None = None,
                  site: str | None = None) -> ClerkView:
        """Change a clerk's role, name, site (``""``: none) or whether the account can log in
        (``None`` keeps a value). Deactivating is refused while the clerk is logged in at a
        counter."""
        if role is not None:
            try:
                role = Role(role)
            except ValueError as error:
                choices = ", ".join(item.value for item in Role)
                raise InvalidOperation(f"Vai trò không hợp lệ: {role!r} ({choices}).",
                                       f"Invalid role {role!r} ({choices}).") from error
        if full_name is not None and not full_name.strip():
            raise InvalidOperation("Tên không được để trống.", "The name must not be empty.")
        with self.db.transaction() as session:
            clerk = session.scalar(select(Clerk).where(Clerk.username == username)
                                   .with_for_update())
            if clerk is None:
                raise NotFound(f"Không có tài khoản {username!r}.", f"No user {username!r}.")
            before = _data(session, clerk)
            if active is False and clerk.active:
                held = session.scalar(select(Counter.number).where(Counter.clerk_id == clerk.id))
                if held is not None:
                    raise InvalidOperation(
                        f"{username} đang đăng nhập quầy {held}: hãy đăng xuất (hoặc "
                        f"layso counter release {held}) trước khi khóa tài khoản.",
                        f"{username} is logged in at counter {held}: log out (or layso counter "
                        f"release {held}) before deactivating the account.",
                    )
            if role is not None:
                clerk.role = Role(role)
            if active is not None:
                clerk.active = active
            if full_name is not None:
                clerk.full_name = full_name.strip()
            if site is not None:
                clerk.site_id = get_site(session, site).id if site else None
            session.flush()
            after = _data(session, clerk)
            if after != before:
                record(session, EventKind.CONFIG_CHANGED, self.db.now(session),
                       site_id=clerk.site_id, clerk_id=clerk.id, change="clerk.changed",
                       username=username, before=before, after=after, by=self.actor)
            return _view(session, clerk)

    def unlock(self, username: str) -> ClerkView:
        """Lift the lock-out after repeated wrong passwords, before it runs out; the
        ``clerk.unlocked`` event says who did it. An account not locked is left as it is."""
        with self.db.transaction() as session:
            clerk = session.scalar(select(Clerk).where(Clerk.username == username)
                                   .with_for_update())
            if clerk is None:
                raise NotFound(f"Không có tài khoản {username!r}.", f"No user {username!r}.")
            now = self.db.now(session)
            if clerk.locked_until is not None and clerk.locked_until > now:
                record(session, EventKind.CONFIG_CHANGED, now, site_id=clerk.site_id,
                       clerk_id=clerk.id, change="clerk.unlocked", username=username,
                       locked_until=clerk.locked_until.isoformat(), by=self.actor)
            clerk.locked_until = None
            clerk.failed_logins = 0
            return _view(session, clerk)

    def locked(self) -> dict[str, datetime]:
        """The accounts locked out now (after repeated wrong passwords), and until when."""
        with self.db.reading() as session:
            now = self.db.now(session)
            return {username: until for username, until in session.execute(
                select(Clerk.username, Clerk.locked_until).where(Clerk.locked_until > now))
                if until is not None}


def _data(session: Session, clerk: Clerk) -> dict[str, object]:
    site = session.get(Site, clerk.site_id) if clerk.site_id else None
    return {"role": str(clerk.role), "active": clerk.active, "full_name": clerk.full_name,
            "site": site.code if site else None}


def _view(session: Session, clerk: Clerk) -> ClerkView:
    site = session.get(Site, clerk.site_id) if clerk.site_id else None
    return ClerkView(clerk.id, clerk.username, clerk.full_name, Role(clerk.role),
                     site.code if site else None, clerk.active)

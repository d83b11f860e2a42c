"""Helpers for the console's tests: log in through the real form, read a page's CSRF token,
read the events a change logged."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from server.admin import sessions
from shared.db.database import Database
from shared.models import Event
from tests.center_data import PASSWORD

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def post_login(client: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through /admin/login's form."""
    response = client.post("/admin/login", data={"username": username, "password": password},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def log_in(client: Any, username: str = "admin", password: str = PASSWORD) -> str:
    """Log in through /admin/login; returns the CSRF token of the session's forms."""
    post_login(client, username, password)
    page = client.get("/admin/setup" if username == "admin" else "/admin/live")
    if page.status_code != 200:  # a page not written yet: the setup checklist has a form too
        page = client.get("/admin/setup")
    return csrf_of(page.text)


def log_in_supervisor(client: Any) -> str:
    """Log boss (a supervisor) in through the form; the CSRF token of the session."""
    post_login(client, "boss")
    token = client.cookies.get(sessions.COOKIE)
    found = sessions.store_of(client.app).get(token)
    assert found is not None and found.clerk.username == "boss"
    return found.csrf


def events_of(db: Database, kind: str) -> list[dict[str, Any]]:
    """The data of the events of one kind, oldest first."""
    with db.reading() as session:
        return [dict(event.data) for event in session.scalars(
            select(Event).where(Event.kind == kind).order_by(Event.id))]


def changes(db: Database, change: str) -> list[dict[str, Any]]:
    """The data of the ``config.changed`` events of one kind of change, oldest first."""
    return [data for data in events_of(db, "config.changed") if data.get("change") == change]

"""Helpers for the console's tests: log in through the real form, read a page's CSRF token."""

from __future__ import annotations

import re
from typing import Any

from tests.center_data import PASSWORD

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def log_in(client: Any, username: str = "admin", password: str = PASSWORD) -> str:
    """Log in through /admin/login; returns the CSRF token of the session's forms."""
    response = client.post("/admin/login", data={"username": username, "password": password},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get("/admin/setup" if username == "admin" else "/admin/live")
    if page.status_code != 200:  # a page not written yet: the setup checklist has a form too
        page = client.get("/admin/setup")
    return csrf_of(page.text)

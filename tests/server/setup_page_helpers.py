"""Helpers for the tests of the console's set-up pages (sites, services, counters, staff, API
tokens): log in and get a page's CSRF token, read the errors shown next to the fields, and the
rules every set-up page keeps (:func:`guarded`)."""

from __future__ import annotations

import html
import re
from typing import Any

from shared.db.database import Database
from tests.server.admin_helpers import csrf_of, post_login

_FIELD_ERROR = re.compile(r'<small class="error" id="([\w-]+)-error">([^<]*)</small>')
_PAGE_ERROR = re.compile(r'<p class="error" role="alert" id="([\w-]+)-error">([^<]*)</p>')


def enter(client: Any, username: str, page: str) -> str:
    """Log in as ``username`` through the form and open ``page``; its CSRF token."""
    post_login(client, username)
    opened = client.get(page)
    assert opened.status_code == 200, opened.text
    return csrf_of(opened.text)


def field_errors(page: str) -> dict[str, str]:
    """Field name -> the message shown next to it (``form`` for the whole form's)."""
    found = _FIELD_ERROR.findall(page) + _PAGE_ERROR.findall(page)
    return {name: html.unescape(message) for name, message in found}


def guarded(client: Any, db: Database, get: str, post: str, data: dict[str, str]) -> None:
    """The rules every set-up page keeps: a stranger is sent to the log-in (the page and its
    form); a supervisor may look but a change is refused (403); an admin's form without its
    CSRF token is refused (403)."""
    for response in (client.get(get, follow_redirects=False),
                     client.post(post, data=data, follow_redirects=False)):
        assert response.status_code == 303
        assert response.headers["location"].startswith("/admin/login?next=")
    token = enter(client, "boss", get)
    refused = client.post(post, data=dict(data, csrf=token), follow_redirects=False)
    assert refused.status_code == 403
    assert "Chỉ quản trị viên" in refused.text
    client.cookies.clear()
    enter(client, "admin", get)
    no_token = client.post(post, data=data, follow_redirects=False)
    assert no_token.status_code == 403 and "Biểu mẫu đã hết hạn" in no_token.text

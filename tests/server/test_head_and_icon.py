"""HEAD on every page and file (a link checker, a TV box probing the board) and the tab's icon,
through the app on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import SITE

pytestmark = pytest.mark.filterwarnings(
    "ignore:Using `httpx` with `starlette.testclient`")


def test_head_answers_like_get_without_a_body(client: Any, center: Database) -> None:
    """HEAD of the phone page, the board, a static file and the icon: GET's status and
    headers, no body; an unknown ticket is still a 404."""
    ticket = QueueService(center).issue_ticket(SITE, "HT")
    for path in (f"/t/{ticket.public_token}", f"/board/{SITE}", "/static/base.css",
                 "/favicon.ico"):
        got = client.get(path)
        head = client.head(path)
        assert (path, head.status_code) == (path, got.status_code) == (path, 200)
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
    assert client.head("/t/no-such-ticket").status_code == 404


def test_head_of_an_event_stream_is_not_held_open(client: Any, center: Database) -> None:
    """A stream is not run for a HEAD (it would hold a connection for nothing): 405."""
    ticket = QueueService(center).issue_ticket(SITE, "HT")
    assert client.head(f"/t/{ticket.public_token}/events").status_code == 405


def test_the_icon_is_served_and_every_page_names_it(client: Any, center: Database) -> None:
    """/favicon.ico is an icon (cached a week); the phone page, the board and the console's
    log-in page link it and the touch icon, from this server."""
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's magic number
    assert "max-age" in icon.headers["cache-control"]
    ticket = QueueService(center).issue_ticket(SITE, "HT")
    for path in (f"/t/{ticket.public_token}", f"/board/{SITE}", "/admin/login"):
        html = client.get(path).text
        assert 'rel="icon" href="/favicon.ico"' in html, path
    touch = client.get("/static/icon-180.png")
    assert touch.status_code == 200 and touch.content[:8] == b"\x89PNG\r\n\x1a\n"

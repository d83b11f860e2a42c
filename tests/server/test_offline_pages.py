"""A center's LAN may have no internet: every page loads its scripts, styles, fonts and images
from this server (no CDN, no web font from outside), and each of them is served."""

from __future__ import annotations

import re
from typing import Any

import pytest

from shared.queue import QueueService
from tests.center_data import SITE

_REFERENCE = re.compile(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']|url\(\s*["\']?([^"\')]+)',
                        re.IGNORECASE)


def _references(text: str) -> list[str]:
    return [a or b for a, b in _REFERENCE.findall(text)]


def _pages(client: Any) -> list[str]:
    db = client.app.state.layso.db
    token = QueueService(db).issue_ticket(SITE, "HT").public_token
    return ["/api/docs", f"/t/{token}", f"/board/{SITE}", "/admin/login"]


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_every_page_loads_only_from_this_server(client: Any) -> None:
    checked = 0
    for path in _pages(client):
        page = client.get(path)
        assert page.status_code == 200, path
        assets = [ref for ref in _references(page.text)
                  if not ref.startswith(("#", "?", "data:", "mailto:"))]
        outside = [ref for ref in assets if re.match(r"^(https?:)?//", ref)]
        assert not outside, f"{path} loads from outside: {outside}"
        for ref in assets:
            if ref.startswith("/") and ref.startswith(("/static/", "/fonts/")):
                asset = client.get(ref)
                assert asset.status_code == 200, f"{path}: {ref} is missing"
                checked += 1
                if ref.endswith(".css"):
                    for inner in _references(asset.text):
                        assert not re.match(r"^(https?:)?//", inner), f"{ref} loads {inner}"
    assert checked >= 5

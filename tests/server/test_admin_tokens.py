"""/admin/tokens (server/admin/tokens.py): API tokens made and revoked from the console
through TokenService as ``layso token``: the secret shown once, on the page that made it;
token.added and token.revoked name the admin. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

import pytest

from shared.api_tokens import TokenService
from shared.db.database import Database
from shared.errors import AuthError
from tests.server.admin_helpers import events_of
from tests.server.setup_page_helpers import enter, field_errors, guarded


def test_only_an_admin_makes_or_revokes_a_token(client: Any, center: Database) -> None:
    guarded(client, center, "/admin/tokens", "/admin/tokens/add",
            {"name": "cong-dvc", "scope": "read"})
    client.cookies.clear()
    token = enter(client, "boss", "/admin/tokens")
    page = client.get("/admin/tokens").text
    assert "t-kiosk" in page and "Tạo token" not in page
    assert client.post("/admin/tokens/t-read/revoke", data={"csrf": token}).status_code == 403
    assert all(view.active for view in TokenService(center).tokens())


def test_a_token_is_shown_once_then_works_until_revoked(client: Any, center: Database) -> None:
    """A bad name and a name taken are refused next to the field; a good token's secret is on
    the page that made it (and works with the API's check), never on the list again;
    revoking it stops it; both events name the admin."""
    token = enter(client, "admin", "/admin/tokens")
    bad = client.post("/admin/tokens/add", data={"csrf": token, "name": "cổng dvc",
                                                 "scope": "kiosk"})
    assert bad.status_code == 422 and "Tên token không hợp lệ" in field_errors(bad.text)["name"]
    taken = client.post("/admin/tokens/add?lang=en", data={"csrf": token, "name": "t-read",
                                                           "scope": "read"})
    assert field_errors(taken.text) == {"name": "A token named 't-read' exists."}
    client.get("/admin/tokens?lang=vi")  # the language chosen holds until chosen again
    posted = client.post("/admin/tokens/add", data={"csrf": token, "name": "cong-dvc",
                                                    "scope": "kiosk"}, follow_redirects=False)
    # Post-redirect-get: a reload of the page shown does not post (make a token) again.
    assert posted.status_code == 303
    assert posted.headers["location"] == "/admin/tokens?made=cong-dvc"
    made = client.get(posted.headers["location"])
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    found = re.search(r'id="new-token">(lst_[^<]+)<', made.text)
    assert found is not None
    secret = found.group(1)
    assert "máy lấy số · <code>kiosk</code>" in made.text  # the scope named in Vietnamese
    assert TokenService(center).verify(secret).scope == "kiosk"
    reloaded = client.get(posted.headers["location"])  # shown once only
    assert secret not in reloaded.text and "Đã tạo token cong-dvc." in reloaded.text
    assert secret not in client.get("/admin/tokens").text
    assert [e["token"] for e in events_of(center, "token.added")].count("cong-dvc") == 1
    assert 'data-confirm="Thu hồi token cong-dvc?' in reloaded.text
    assert events_of(center, "token.added")[-1] == {"token": "cong-dvc", "scope": "kiosk",
                                                   "by": "admin"}
    revoked = client.post("/admin/tokens/cong-dvc/revoke", data={"csrf": token},
                          follow_redirects=False)
    assert revoked.status_code == 303
    with pytest.raises(AuthError):
        TokenService(center).verify(secret)
    assert events_of(center, "token.revoked")[-1] == {"token": "cong-dvc", "by": "admin"}
    assert "Đã thu hồi token cong-dvc." in client.get(revoked.headers["location"]).text

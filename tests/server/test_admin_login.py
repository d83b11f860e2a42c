"""The console's door: supervisors and admins only, the desk's lock-out, a session cookie
that scripts cannot read, CSRF on every form, log-out, and an end after inactivity."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from server.admin import sessions
from server.app import create_app
from shared.db.database import Database
from tests.center_data import PASSWORD
from tests.server.admin_helpers import csrf_of, events_of
from tests.server.conftest import server_settings


def test_a_right_log_in_goes_into_the_event_log_as_a_wrong_one_does(
        client: Any, center: Database) -> None:
    client.post("/admin/login", data={"username": "boss", "password": "sai-mat-khau"})
    assert events_of(center, "console.login") == []
    assert len(events_of(center, "clerk.login_failed")) == 1
    client.post("/admin/login", data={"username": "lan", "password": PASSWORD})  # refused
    assert events_of(center, "console.login") == []
    client.post("/admin/login", data={"username": "boss", "password": PASSWORD})
    [event] = events_of(center, "console.login")
    assert (event["username"], event["role"]) == ("boss", "supervisor")
    assert event["address"]


def test_a_page_of_the_console_sends_a_stranger_to_the_login(client: Any) -> None:
    response = client.get("/admin/setup", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=/admin/setup"
    page = client.get("/admin/login")
    assert "Đăng nhập trang quản trị" in page.text


def test_a_desk_clerk_is_refused_a_supervisor_gets_in(client: Any) -> None:
    """lan works at a desk: refused, in Vietnamese, no cookie. boss supervises: a session
    cookie that is HttpOnly and SameSite=Strict, and the page asked for."""
    refused = client.post("/admin/login", data={"username": "lan", "password": PASSWORD},
                          follow_redirects=False)
    assert refused.status_code == 403 and "giám sát viên" in refused.text
    assert sessions.COOKIE not in refused.cookies
    response = client.post("/admin/login", data={"username": "boss", "password": PASSWORD,
                                                 "next": "/admin/setup"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/admin/setup"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/admin" in cookie


def test_the_next_page_is_never_another_site(client: Any) -> None:
    response = client.post("/admin/login", data={"username": "boss", "password": PASSWORD,
                                                 "next": "https://evil.example/"},
                           follow_redirects=False)
    assert response.headers["location"] == "/admin"


def test_wrong_passwords_lock_the_account_as_at_the_desk(client: Any) -> None:
    """Five wrong passwords: the right one is refused too for a while (the desk's rule)."""
    for _ in range(5):
        wrong = client.post("/admin/login", data={"username": "admin", "password": "sai"})
        assert wrong.status_code == 401
    locked = client.post("/admin/login", data={"username": "admin", "password": PASSWORD},
                         follow_redirects=False)
    assert locked.status_code == 401 and "khóa" in locked.text.lower()


def test_a_form_without_its_csrf_token_is_refused(client: Any) -> None:
    """Log-out is a form: without the token, with a wrong one or from another origin it is
    refused (403) and the session lives on; with it, the session ends."""
    client.post("/admin/login", data={"username": "admin", "password": PASSWORD})
    token = csrf_of(client.get("/admin/setup").text)
    assert client.post("/admin/logout", data={}).status_code == 403
    assert client.post("/admin/logout", data={"csrf": "x" * 43}).status_code == 403
    foreign = client.post("/admin/logout", data={"csrf": token},
                          headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    assert client.get("/admin/setup", follow_redirects=False).status_code == 200
    out = client.post("/admin/logout", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/admin/setup", follow_redirects=False).status_code == 303


def test_a_session_ends_after_inactivity(client: Any) -> None:
    client.post("/admin/login", data={"username": "admin", "password": PASSWORD})
    assert client.get("/admin/setup", follow_redirects=False).status_code == 200
    sessions.store_of(client.app).idle_seconds = 0
    assert client.get("/admin/setup", follow_redirects=False).status_code == 303


def test_a_supervisor_may_not_open_the_set_up(client: Any) -> None:
    client.post("/admin/login", data={"username": "boss", "password": PASSWORD})
    assert client.get("/admin/setup").status_code == 403


def test_first_run_makes_the_first_admin_with_the_printed_code(
        sqlite_db: Database, capsys: Any) -> None:
    """An empty database has no admin: /admin/login leads to the first-run form; the code
    printed on the server's console is needed (a wrong one is refused next to its field);
    with it the admin is made and logged in, and the form is gone for good."""
    app = create_app(server_settings(sqlite_db), sqlite_db)
    with TestClient(app) as client:
        # Printed in the server's window at start-up, before anyone opens /admin.
        code = capsys.readouterr().out.split("(first-run code): ")[1].split()[0]
        assert client.get("/admin/login", follow_redirects=False).headers["location"] == \
            "/admin/first-run"
        assert "Chào mừng" in client.get("/admin/first-run").text
        assert "first-run code" not in capsys.readouterr().out  # once, the same code
        form = {"username": "chanh", "full_name": "Nguyễn Văn Chánh", "password": "bimat123",
                "password_again": "bimat123"}
        wrong = client.post("/admin/first-run", data={**form, "code": "000000"
                                                      if code != "000000" else "111111"})
        assert wrong.status_code == 422 and "Sai mã" in wrong.text
        assert "`" not in wrong.text and "(lệnh layso serve)" in wrong.text
        made = client.post("/admin/first-run", data={**form, "code": code},
                           follow_redirects=False)
        assert made.status_code == 303
        assert client.get("/admin/setup").status_code == 200
        assert client.get("/admin/first-run", follow_redirects=False).status_code == 303


def test_english_chosen_once_holds_the_setup_is_in_the_menu_and_a_404_leads_back(
        client: Any) -> None:
    client.post("/admin/login", data={"username": "admin", "password": PASSWORD})
    english = client.get("/admin/clerks?lang=en")
    assert "Staff accounts" in english.text and english.cookies.get("lang") == "en"
    assert "Staff accounts" in client.get("/admin/clerks").text  # no ?lang= any more
    page = client.get("/admin/services?lang=vi")
    assert "Các dịch vụ" in page.text or "Dịch vụ" in page.text
    menu = client.get("/admin/clerks").text
    assert "Cán bộ và tài khoản" in menu  # back to Vietnamese for good
    assert '<a href="/admin/setup">Thiết lập</a>' in menu
    missing = client.get("/admin/khong-co", headers={"Accept": "text/html"})
    assert missing.status_code == 404
    assert '<a href="/admin">← Về trang quản trị</a>' in missing.text

"""/admin/clerks (server/admin/clerks.py): staff accounts added, edited, taken out of use,
their passwords reset and lock-outs lifted from the console, through ClerkService and
ClerkAccounts as ``layso clerk``; each change an event naming the admin; the account's
console sessions end when it is taken out of use or its password reset. On SQLite and
PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.clerks import ClerkService
from shared.db.database import Database
from shared.errors import AuthError
from tests.center_data import PASSWORD, SITE
from tests.server.admin_helpers import changes
from tests.server.setup_page_helpers import enter, field_errors, guarded

NEW = {"username": "tuan", "full_name": "Võ Văn Tuấn", "role": "clerk", "site": SITE,
       "password": "bonchu", "password_again": "bonchu", "pin": "5678"}


def _clerk(db: Database, username: str) -> Any:
    [found] = [clerk for clerk in ClerkService(db).list() if clerk.username == username]
    return found


def test_only_an_admin_changes_an_account(client: Any, center: Database) -> None:
    guarded(client, center, "/admin/clerks", "/admin/clerks/add", NEW)
    client.cookies.clear()
    enter(client, "boss", "/admin/clerks")
    assert "Nguyễn Thị Lan" in client.get("/admin/clerks").text
    token = enter(client, "boss", "/admin/clerks/lan/edit")
    for action in ("password", "active", "unlock", "edit"):
        response = client.post(f"/admin/clerks/lan/{action}",
                               data={"csrf": token, "password": "x", "active": "no"})
        assert response.status_code == 403, action
    assert _clerk(center, "lan").active


def test_a_new_account_is_checked_as_by_the_cli(client: Any, center: Database) -> None:
    """A user name with a space, a name taken, two passwords that differ, a short password
    and a PIN of letters are refused next to their fields with the rest kept; a good account
    logs in with its password and its PIN; clerk.added names the admin and holds no secret."""
    token = enter(client, "admin", "/admin/clerks/add")
    cases = [({"username": "tu an"}, "username", "Tên đăng nhập không hợp lệ"),
             ({"username": "lan"}, "username", "Đã có tài khoản 'lan'."),
             ({"password_again": "bonchu2"}, "password_again", "Hai lần nhập mật khẩu"),
             ({"password": "abc", "password_again": "abc"}, "password", "ít nhất 4 ký tự"),
             ({"pin": "abcd"}, "pin", "Mã PIN gồm 4 đến 8 chữ số."),
             ({"full_name": ""}, "full_name", "Họ và tên không được để trống.")]
    for change, field, said in cases:
        response = client.post("/admin/clerks/add", data=dict(NEW, csrf=token, **change))
        assert response.status_code == 422, change
        errors = field_errors(response.text)
        assert list(errors) == [field] and said in errors[field], errors
        assert "bonchu" not in response.text  # passwords are never sent back
    added = client.post("/admin/clerks/add", data=dict(NEW, csrf=token), follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"] == "/admin/clerks?saved=tuan"
    clerks = ClerkService(center)
    assert clerks.authenticate("tuan", "bonchu").site_code == SITE
    assert clerks.authenticate("tuan", "5678").full_name == "Võ Văn Tuấn"
    [event] = changes(center, "clerk.added")[-1:]
    assert (event["username"], event["by"], event["role"]) == ("tuan", "admin", "clerk")
    assert "bonchu" not in str(event) and "5678" not in str(event)


def test_every_wrong_field_of_a_new_account_shows_at_once(client: Any,
                                                          center: Database) -> None:
    """The audit took three round-trips (user name, then password, then PIN): one post
    now shows each error next to its field; nothing is added."""
    token = enter(client, "admin", "/admin/clerks/add")
    response = client.post("/admin/clerks/add", data=dict(
        NEW, csrf=token, username="tu an", full_name=" ", password="abc",
        password_again="abd", pin="12ab"))
    assert response.status_code == 422
    errors = field_errors(response.text)
    assert sorted(errors) == ["full_name", "password", "password_again", "pin", "username"]
    assert "ít nhất 4 ký tự" in errors["password"] and "Mã PIN" in errors["pin"]
    assert "tu an" not in [clerk.username for clerk in ClerkService(center).list()]


def test_an_account_is_edited_but_an_admin_keeps_their_own_role(client: Any,
                                                                center: Database) -> None:
    token = enter(client, "admin", "/admin/clerks/boss/edit")
    saved = client.post("/admin/clerks/boss/edit", data={
        "csrf": token, "full_name": "Phạm Quân", "role": "admin", "site": ""},
        follow_redirects=False)
    assert saved.status_code == 303
    boss = _clerk(center, "boss")
    assert (boss.full_name, boss.role, boss.site_code) == ("Phạm Quân", "admin", None)
    [event] = changes(center, "clerk.changed")
    assert (event["before"]["role"], event["after"]["role"], event["by"]) == (
        "supervisor", "admin", "admin")
    mine = client.post("/admin/clerks/admin/edit", data={
        "csrf": token, "full_name": "Quản trị", "role": "supervisor", "site": ""})
    assert field_errors(mine.text) == {
        "role": "Bạn không thể bỏ quyền quản trị của chính mình."}
    assert _clerk(center, "admin").role == "admin"


def test_taking_an_account_out_of_use_and_a_reset_end_its_sessions(client: Any,
                                                                   center: Database) -> None:
    """boss is logged in to the console in another browser. A password reset ends that
    session (the new password works, the old no longer); taking the account out of use ends
    it too; lan, logged in at counter 1, cannot be taken out of use (said next to it)."""
    token = enter(client, "admin", "/admin/clerks/boss/edit")
    with TestClient(client.app) as other:
        enter(other, "boss", "/admin/clerks")
        short = client.post("/admin/clerks/boss/password", data={
            "csrf": token, "password": "ab", "password_again": "ab"})
        assert field_errors(short.text) == {"password": "Mật khẩu phải có ít nhất 4 ký tự."}
        assert other.get("/admin/clerks", follow_redirects=False).status_code == 200
        client.post("/admin/clerks/boss/password", data={
            "csrf": token, "password": "moi-mat-khau", "password_again": "moi-mat-khau"})
        assert other.get("/admin/clerks", follow_redirects=False).status_code == 303
        assert ClerkService(center).authenticate("boss", "moi-mat-khau").username == "boss"
        assert changes(center, "clerk.password")[-1]["by"] == "admin"
        other.post("/admin/login", data={"username": "boss", "password": "moi-mat-khau"})
        assert other.get("/admin/clerks", follow_redirects=False).status_code == 200
        client.post("/admin/clerks/boss/active", data={"csrf": token, "active": "no"})
        assert other.get("/admin/clerks", follow_redirects=False).status_code == 303
    assert _clerk(center, "boss").active is False
    assert changes(center, "clerk.changed")[-1]["after"]["active"] is False
    busy = client.post("/admin/clerks/lan/active", data={"csrf": token, "active": "no"})
    assert field_errors(busy.text)["active"].startswith("lan đang đăng nhập quầy 1")
    mine = client.post("/admin/clerks/admin/active", data={"csrf": token, "active": "no"})
    assert "không thể khóa tài khoản của chính mình" in field_errors(mine.text)["active"]


def test_a_locked_account_is_unlocked_from_the_list(client: Any, center: Database) -> None:
    """Five wrong passwords lock minh out: the list says so with an unlock button; pressing
    it lets the right password in at once, and clerk.unlocked names the admin."""
    clerks = ClerkService(center)
    for _ in range(5):
        with pytest.raises(AuthError):
            clerks.authenticate("minh", "sai")
    token = enter(client, "admin", "/admin/clerks")
    listing = client.get("/admin/clerks").text
    assert "tạm khóa đến" in listing and "/admin/clerks/minh/unlock" in listing
    client.post("/admin/clerks/minh/unlock", data={"csrf": token})
    assert clerks.authenticate("minh", PASSWORD).username == "minh"
    assert [(c["username"], c["by"]) for c in changes(center, "clerk.unlocked")] == [
        ("minh", "admin")]
    assert "tạm khóa đến" not in client.get("/admin/clerks").text


def test_taking_an_account_out_of_use_is_named_so_and_asks_first(client: Any,
                                                                 center: Database) -> None:
    """The button says what it does ("Ngừng dùng", not "Khóa", which is the lock-out after
    wrong passwords) and the form asks before it is sent (static/admin/confirm.js)."""
    enter(client, "admin", "/admin/clerks")
    page = client.get("/admin/clerks/lan/edit").text
    assert "Ngừng dùng tài khoản</button>" in page and "Khóa tài khoản" not in page
    assert 'data-confirm="Ngừng dùng tài khoản lan (Nguyễn Thị Lan)?' in page
    assert '<script src="/static/admin/confirm.js"></script>' in page
    assert client.get("/static/admin/confirm.js").status_code == 200

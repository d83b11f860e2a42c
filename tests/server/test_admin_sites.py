"""/admin/sites (server/admin/sites.py): a center's sites added and edited from the console
through CenterService, validated as ``layso site add``, each change an event naming the admin.
On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from shared.center import CenterService
from shared.db.database import Database
from tests.center_data import SITE
from tests.server.admin_helpers import changes
from tests.server.setup_page_helpers import enter, field_errors, guarded

HTML = {"Accept": "text/html"}


def test_only_an_admin_changes_a_site(client: Any, center: Database) -> None:
    """A stranger goes to the log-in; the supervisor sees the list without the add button
    and is refused a change; a form without its CSRF token is refused."""
    guarded(client, center, "/admin/sites", "/admin/sites/add",
            {"code": "CS9", "name": "Cơ sở 9"})
    client.cookies.clear()
    enter(client, "boss", "/admin/sites")
    page = client.get("/admin/sites").text
    assert "Trung tâm Phục vụ hành chính công phường Bến Thành" in page
    assert "Thêm cơ sở" not in page and "Chỉ quản trị viên" in page
    assert [site.code for site in CenterService(center).sites()] == [SITE]


def test_a_new_site_is_checked_as_by_the_cli(client: Any, center: Database) -> None:
    """A code with a space, a code taken and an empty name are refused with the core's
    Vietnamese message next to the field and what was typed kept (English with ?lang=en);
    a good one is added as the admin, with its event."""
    token = enter(client, "admin", "/admin/sites/add")
    bad = client.post("/admin/sites/add", data={"csrf": token, "code": "co so", "name": "Ba",
                                                "address": "3 Lê Lợi"})
    assert bad.status_code == 422
    assert field_errors(bad.text) == {
        "code": "Mã cơ sở không hợp lệ: 'co so' (chữ, số, '-', '_', '.'; tối đa 32 ký tự)"}
    assert 'value="3 Lê Lợi"' in bad.text and 'value="co so"' in bad.text
    taken = client.post("/admin/sites/add", data={"csrf": token, "code": SITE, "name": "X"})
    assert field_errors(taken.text) == {"code": f"Đã có cơ sở mã '{SITE}'."}
    unnamed = client.post("/admin/sites/add?lang=en",
                          data={"csrf": token, "code": "CS2", "name": " "})
    assert field_errors(unnamed.text) == {"name": "The name must not be empty."}
    client.get("/admin/sites?lang=vi")  # the language chosen holds until chosen again
    added = client.post("/admin/sites/add", data={
        "csrf": token, "code": "CS2", "name": "Cơ sở 2", "agency_name": "UBND xã An Phú",
        "agency_code": "", "address": "9 Nguyễn Huệ", "place": ""}, follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"] == "/admin/sites?saved=CS2"
    view = CenterService(center).site("CS2")
    assert (view.name, view.agency_code, view.address, view.place) == (
        "Cơ sở 2", "CS2", "9 Nguyễn Huệ", "Xã An Phú")
    [event] = changes(center, "site.added")[-1:]
    assert event["site"] == "CS2" and event["by"] == "admin"
    assert "Đã lưu cơ sở CS2." in client.get("/admin/sites?saved=CS2").text


def test_a_site_is_edited_with_an_event_naming_the_admin(client: Any, center: Database) -> None:
    """The edit form shows the site; saving changes its names, agency code, address and
    place through CenterService, in one event with before, after and the admin; an empty
    name is refused next to it; an unknown site is a 404."""
    token = enter(client, "admin", f"/admin/sites/{SITE}/edit")
    form = client.get(f"/admin/sites/{SITE}/edit").text
    assert 'value="000.00.53.H48"' in form and 'value="Phường Bến Thành"' in form
    data = {"csrf": token, "name": "Trung tâm Bến Thành", "agency_name": "UBND phường Bến Thành",
            "agency_code": "000.00.53.H49", "address": "137 Lê Thánh Tôn",
            "place": "Phường Bến Thành"}
    refused = client.post(f"/admin/sites/{SITE}/edit", data=dict(data, name=""))
    assert refused.status_code == 422
    assert field_errors(refused.text) == {"name": "Tên không được để trống."}
    saved = client.post(f"/admin/sites/{SITE}/edit", data=data, follow_redirects=False)
    assert saved.status_code == 303
    view = CenterService(center).site(SITE)
    assert (view.name, view.agency_code, view.address) == (
        "Trung tâm Bến Thành", "000.00.53.H49", "137 Lê Thánh Tôn")
    [event] = changes(center, "site.changed")
    assert event["by"] == "admin" and event["before"]["agency_code"] == "000.00.53.H48"
    assert event["after"]["place"] == ""  # as the agency gives it: it follows the agency
    assert client.get("/admin/sites/NOPE/edit", headers=HTML).status_code == 404

"""Every form of the console shows every wrong field at once, each error next to its field,
with what was typed kept (the audit: a manager with three mistakes had to submit three
times). One post per form with several mistakes; nothing is changed. The forms' checks are
the core's, so these run on SQLite only (the other tests of each page run on both)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from shared.catalog import CatalogService
from shared.center import CenterService
from shared.db.database import Database
from shared.paths import CATALOG_DIR
from tests.center_data import SITE
from tests.server.admin_helpers import changes, events_of
from tests.server.conftest import server_settings
from tests.server.setup_page_helpers import enter, field_errors

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

SERVICES_EMPTY = "Quầy phải phục vụ ít nhất một dịch vụ."


@pytest.fixture
def client(sqlite_client: Any) -> Any:
    """The console on SQLite (tests/server/conftest.py)."""
    return sqlite_client


def test_a_new_counter_with_a_number_taken_and_no_service_shows_both(
        client: Any, sqlite_center: Database) -> None:
    token = enter(client, "admin", "/admin/counters/add")
    taken = client.post("/admin/counters/add", data={"csrf": token, "number": "1",
                                                     "name": "Quầy mới"})
    assert taken.status_code == 422
    assert field_errors(taken.text) == {"number": "Đã có quầy số 1 tại HQ.",
                                        "services": SERVICES_EMPTY}
    assert 'value="Quầy mới"' in taken.text and 'value="1"' in taken.text
    zero = client.post("/admin/counters/add?lang=en", data={"csrf": token, "number": "0"})
    assert field_errors(zero.text) == {
        "number": "Counter numbers start at 1.",
        "services": "A counter must serve at least one service."}
    assert [c.number for c in CenterService(sqlite_center).counters(SITE)] == [1, 2, 3]


def test_a_counter_edited_with_no_name_and_no_service_shows_both(
        client: Any, sqlite_center: Database) -> None:
    token = enter(client, "admin", "/admin/counters/3/edit")
    refused = client.post("/admin/counters/3/edit", data={"csrf": token, "name": " ",
                                                           "active": "yes"})
    assert refused.status_code == 422
    assert field_errors(refused.text) == {"name": "Tên không được để trống.",
                                          "services": SERVICES_EMPTY}
    state = CenterService(sqlite_center).counter(SITE, 3)
    assert (state.name, state.services) == ("Quầy 3", ("DD", "HT"))
    assert changes(sqlite_center, "counter.changed") == []


def test_a_new_site_with_a_bad_or_taken_code_and_no_name_shows_both(
        client: Any, sqlite_center: Database) -> None:
    token = enter(client, "admin", "/admin/sites/add")
    bad = client.post("/admin/sites/add", data={"csrf": token, "code": "co so", "name": " ",
                                                "address": "3 Lê Lợi"})
    assert bad.status_code == 422
    assert field_errors(bad.text) == {
        "code": "Mã cơ sở không hợp lệ: 'co so' (chữ, số, '-', '_', '.'; tối đa 32 ký tự)",
        "name": "Tên không được để trống."}
    assert 'value="3 Lê Lợi"' in bad.text and 'value="co so"' in bad.text
    taken = client.post("/admin/sites/add?lang=en",
                        data={"csrf": token, "code": SITE, "name": ""})
    assert field_errors(taken.text) == {"code": f"Site '{SITE}' exists.",
                                        "name": "The name must not be empty."}
    assert [site.code for site in CenterService(sqlite_center).sites()] == [SITE]


def test_a_new_service_with_a_code_taken_and_no_name_shows_both(client: Any) -> None:
    token = enter(client, "admin", "/admin/services/add")
    response = client.post("/admin/services/add", data={
        "csrf": token, "code": "HT", "name": " ", "prefix": "Z",
        "number_format": "{prefix}{n:03d}", "start_number": "1"})
    assert response.status_code == 422
    assert field_errors(response.text) == {"code": "Đã có dịch vụ mã 'HT' tại HQ.",
                                           "name": "Tên không được để trống."}


def test_an_account_edit_and_a_password_reset_show_every_error(
        client: Any, sqlite_center: Database) -> None:
    """The admin's own account: no name, the admin role taken away and a site that does not
    exist, in one post; a reset with a short password typed differently and a PIN of
    letters, in one post."""
    token = enter(client, "admin", "/admin/clerks/admin/edit")
    mine = client.post("/admin/clerks/admin/edit", data={
        "csrf": token, "full_name": " ", "role": "supervisor", "site": "NOPE"})
    assert mine.status_code == 422
    assert field_errors(mine.text) == {
        "full_name": "Họ và tên không được để trống.",
        "role": "Bạn không thể bỏ quyền quản trị của chính mình.",
        "site": "Hãy chọn một cơ sở trong danh sách."}
    other = client.post("/admin/clerks/boss/edit?lang=en", data={
        "csrf": token, "full_name": "", "role": "chief", "site": SITE})
    assert field_errors(other.text) == {"full_name": "The full name must not be empty.",
                                        "role": "Choose a role."}
    assert changes(sqlite_center, "clerk.changed") == []
    reset = client.post("/admin/clerks/boss/password?lang=vi", data={
        "csrf": token, "password": "ab", "password_again": "abc", "pin": "12ab"})
    assert reset.status_code == 422
    assert field_errors(reset.text) == {
        "password": "Mật khẩu phải có ít nhất 4 ký tự.",
        "password_again": "Hai lần nhập mật khẩu không khớp.",
        "pin": "Mã PIN gồm 4 đến 8 chữ số."}
    assert changes(sqlite_center, "clerk.password") == []


def test_the_first_run_form_shows_every_error_and_keeps_what_was_typed(
        sqlite_db: Database) -> None:
    app = create_app(server_settings(sqlite_db), sqlite_db)
    with TestClient(app) as client:
        response = client.post("/admin/first-run", data={
            "code": "12", "username": "chanh nguyen", "full_name": " ", "password": "ab",
            "password_again": "abc"})
        assert response.status_code == 422
        errors = field_errors(response.text)
        assert sorted(errors) == ["code", "full_name", "password", "password_again",
                                  "username"]
        assert errors["password"] == "Mật khẩu phải có ít nhất 4 ký tự."
        assert errors["username"].startswith("Tên đăng nhập không hợp lệ")
        assert 'value="chanh nguyen"' in response.text and 'value="12"' in response.text


def test_a_calendar_change_with_a_wrong_day_and_a_long_note_shows_both(
        client: Any, sqlite_center: Database) -> None:
    """A make-up working day on a Wednesday (already a working day) with a note too long."""
    token = enter(client, "admin", "/admin/calendar")
    response = client.post("/admin/calendar/days", data={
        "csrf": token, "day": "2026-11-25", "kind": "working_day", "note": "x" * 301})
    assert response.status_code == 422
    errors = field_errors(response.text)
    assert sorted(errors) == ["day", "note"]
    assert errors["day"].startswith("Ngày 25/11/2026 đã là ngày làm việc")
    assert errors["note"] == "Ghi chú tối đa 300 ký tự."
    assert [data for data in events_of(sqlite_center, "config.changed")
            if "calendar_day" in data] == []


def test_a_procedure_with_a_time_limit_too_long_and_no_unit_shows_both(
        client: Any, sqlite_center: Database) -> None:
    catalog = CatalogService(sqlite_center)
    catalog.import_csv(CATALOG_DIR / "procedures.csv")
    token = enter(client, "admin", "/admin/catalog/1.001193")
    response = client.post("/admin/catalog/1.001193", data={
        "csrf": token, "time_limit": "100000", "time_unit": "", "fee": "Miễn phí"})
    assert response.status_code == 422
    errors = field_errors(response.text)
    assert sorted(errors) == ["time_limit", "time_unit"]
    assert errors["time_unit"] == "Hãy chọn đơn vị của thời hạn."
    assert 'value="100000"' in response.text and 'value="Miễn phí"' in response.text
    assert events_of(sqlite_center, "catalog.changed") == []


def test_the_live_alerts_form_names_each_wrong_field(client: Any,
                                                      sqlite_center: Database) -> None:
    """Both minutes wrong: a 422 whose errors name each field (the page puts each next to
    its field); nothing is stored."""
    enter(client, "boss", "/admin/live")
    page = client.get("/admin/live").text
    csrf = page.split('data-csrf="')[1].split('"')[0]
    response = client.post("/admin/live/alerts", data={
        "site": SITE, "wait_minutes": "0", "break_minutes": "nhiều"},
        headers={"Accept": "application/json", "X-CSRF-Token": csrf})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == {
        "wait_minutes": "Số phút phải từ 1 đến 600 (để trống: tắt cảnh báo).",
        "break_minutes": "Hãy nhập số phút là số nguyên, hoặc để trống để tắt cảnh báo."}
    assert body["message"]
    assert changes(sqlite_center, "supervision.alerts") == []

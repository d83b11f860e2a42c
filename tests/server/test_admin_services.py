"""/admin/services (server/admin/services.py): a site's services added and edited from the
console through CenterService, validated as ``layso service add|set|fields`` (numbers that
could be issued twice are refused), each change an event naming the admin. On SQLite and
PostgreSQL."""

from __future__ import annotations

from typing import Any

from shared.center import CenterService
from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import SITE
from tests.server.admin_helpers import changes
from tests.server.setup_page_helpers import enter, field_errors, guarded

NEW = {"code": "TP", "name": "Tư pháp", "name_en": "Justice", "prefix": "T",
       "number_format": "{prefix}{n:03d}", "start_number": "1", "daily_cap": ""}


def test_every_wrong_field_shows_its_error_at_once(client: Any, center: Database) -> None:
    """The audit's form (prefix with a space, format {foo}, start x, cap -5, an empty name,
    a bad code) took several round-trips; now one post shows each error next to its field,
    the label and the error naming the prefix with one word ("Tiền tố"). Nothing added."""
    token = enter(client, "admin", "/admin/services/add")
    response = client.post("/admin/services/add", data=dict(
        NEW, csrf=token, code="T P", name=" ", prefix="A 1", number_format="{foo}",
        start_number="x", daily_cap="-5"))
    assert response.status_code == 422
    errors = field_errors(response.text)
    assert sorted(errors) == ["code", "daily_cap", "name", "number_format", "prefix",
                              "start_number"], errors
    assert errors["prefix"].startswith("Tiền tố không hợp lệ: 'A 1'")
    assert "Định dạng số thứ tự không hợp lệ: '{foo}'" in errors["number_format"]
    assert "Hãy nhập một số nguyên" in errors["start_number"]
    assert "Giới hạn số mỗi ngày phải lớn hơn 0." in errors["daily_cap"]
    assert 'Tiền tố\n  <input name="prefix"' in response.text
    assert "Chữ đầu số" not in response.text
    assert len(CenterService(center).services(SITE)) == 3
    edited = client.post("/admin/services/HT/edit", data=dict(
        NEW, csrf=token, name="", number_format="{foo}", daily_cap="0"))
    assert sorted(field_errors(edited.text)) == ["daily_cap", "name", "number_format"]
    assert CenterService(center).services(SITE)[0].name == "Hộ tịch"


def test_only_an_admin_changes_a_service(client: Any, center: Database) -> None:
    guarded(client, center, "/admin/services", "/admin/services/add", NEW)
    client.cookies.clear()
    enter(client, "boss", "/admin/services")
    page = client.get("/admin/services/HT/edit").text
    assert "<fieldset disabled>" in page and "Hộ tịch" in page
    assert len(CenterService(center).services(SITE)) == 3


def test_a_new_service_is_checked_as_by_the_cli(client: Any, center: Database) -> None:
    """Each refusal of the core (a prefix taken, a format that prints one number twice, a
    start below 0, a cap of 0, a code taken) and a cap that is not a number shows next to
    its field with what was typed; a good one is added with its fields, as the admin."""
    token = enter(client, "admin", "/admin/services/add")
    cases = [
        ({"prefix": "A"}, "prefix", "Tiền tố 'A' đã dùng cho dịch vụ HT"),
        ({"number_format": "{prefix}12"}, "number_format", "in cùng một số 'T12'"),
        ({"start_number": "-1"}, "start_number", "Số bắt đầu phải từ 0 trở lên"),
        ({"daily_cap": "0"}, "daily_cap", "Giới hạn số mỗi ngày phải lớn hơn 0."),
        ({"daily_cap": "nhiều"}, "daily_cap", "Hãy nhập một số nguyên"),
        ({"code": "HT"}, "code", "Đã có dịch vụ mã 'HT' tại HQ."),
    ]
    for change, field, said in cases:
        response = client.post("/admin/services/add", data=dict(NEW, csrf=token, **change))
        assert response.status_code == 422, change
        errors = field_errors(response.text)
        assert list(errors) == [field] and said in errors[field], errors
        assert 'value="Tư pháp"' in response.text
    english = client.post("/admin/services/add?lang=en",
                          data=dict(NEW, csrf=token, prefix="A"))
    assert "The prefix 'A' is already used by service HT" in field_errors(english.text)["prefix"]
    client.get("/admin/services?lang=vi")  # the language chosen holds until chosen again
    added = client.post("/admin/services/add", data=dict(
        NEW, csrf=token, daily_cap="50", field=["Chứng thực"],
        other_fields="Tư pháp, Quốc tịch"),
        follow_redirects=False)
    assert added.status_code == 303
    assert added.headers["location"] == f"/admin/services?site={SITE}&saved=TP"
    [view] = [s for s in CenterService(center).services(SITE) if s.code == "TP"]
    assert (view.name_en, view.prefix, view.daily_cap, set(view.fields)) == (
        "Justice", "T", 50, {"Chứng thực", "Tư pháp", "Quốc tịch"})
    assert QueueService(center).issue_ticket(SITE, "TP").number == "T001"
    [event] = changes(center, "service.added")[-1:]
    assert event["service"] == "TP" and event["by"] == "admin"
    listing = client.get(f"/admin/services?site={SITE}&saved=TP").text
    assert "Đã lưu dịch vụ TP." in listing and "T001" in listing


def test_a_service_is_paused_and_its_fields_changed(client: Any, center: Database) -> None:
    """Unticking "issuing" pauses the service (it stays in the list, marked); its cap goes
    back to none, its fields change; service.changed and service.fields events name the
    admin. A prefix whose numbers another service issued today is refused."""
    QueueService(center).issue_ticket(SITE, "HT")  # A001 issued today
    token = enter(client, "admin", "/admin/services/DD/edit")
    form = {"csrf": token, "name": "Đất đai", "name_en": "Land", "prefix": "C",
            "number_format": "{prefix}{n:03d}", "start_number": "1", "daily_cap": "",
            "field": ["Đất đai", "Xây dựng"]}
    saved = client.post("/admin/services/DD/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303
    [view] = [s for s in CenterService(center).services(SITE, include_inactive=True)
              if s.code == "DD"]
    assert (view.active, view.daily_cap, set(view.fields)) == (False, None,
                                                               {"Đất đai", "Xây dựng"})
    assert [s.code for s in CenterService(center).services(SITE)] == ["HT", "CT"]
    assert "tạm ngừng" in client.get("/admin/services").text
    [changed] = changes(center, "service.changed")
    assert (changed["before"]["active"], changed["after"]["active"], changed["by"]) == (
        True, False, "admin")
    assert changes(center, "service.fields")[-1]["by"] == "admin"
    client.post("/admin/services/HT/edit", data={
        "csrf": token, "name": "Hộ tịch", "prefix": "H", "number_format": "{prefix}{n:03d}",
        "start_number": "1", "active": "yes", "field": ["Hộ tịch"]})
    clash = client.post("/admin/services/CT/edit", data={
        "csrf": token, "name": "Chứng thực", "prefix": "A", "number_format": "{prefix}{n:03d}",
        "start_number": "1", "active": "yes", "field": ["Chứng thực"]})
    assert clash.status_code == 422
    assert "Số 'A001' đã được cấp hôm nay" in field_errors(clash.text)["prefix"]

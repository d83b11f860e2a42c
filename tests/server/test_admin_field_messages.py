"""The console's set-up forms say what is wrong next to the field, in the field's own words
(the audit of /admin): a number with a decimal point is not read as another number, a name
longer than its column, a number too big and an empty code are each explained next to their
field, and the English page is English. One post per mistake; nothing is changed. The forms'
checks are the core's and the form's own, so these run on SQLite only."""

from __future__ import annotations

from typing import Any

import pytest

from shared.center import CenterService
from shared.db.database import Database
from tests.center_data import SITE
from tests.server.admin_helpers import changes
from tests.server.setup_page_helpers import enter, field_errors

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

SERVICE = {"code": "TP", "name": "Tư pháp", "name_en": "Justice", "prefix": "T",
           "number_format": "{prefix}{n:03d}", "start_number": "1", "daily_cap": ""}
WHOLE = "Hãy nhập một số nguyên, ví dụ 1."


@pytest.fixture
def client(sqlite_client: Any) -> Any:
    """The console on SQLite (tests/server/conftest.py)."""
    return sqlite_client


def _service(db: Database, code: str) -> Any:
    return next(service for service in CenterService(db).services(SITE, include_inactive=True)
                if service.code == code)


def test_a_number_with_a_decimal_point_is_refused_and_thousands_are_read(
        client: Any, sqlite_center: Database) -> None:
    """"1.5" was saved as 15: a decimal point or comma is refused next to the field (1.5,
    1,5, 1.00, 0.500, a mix of separators); Vietnamese thousands (1.000, 12.500, 1 000) are
    read as such."""
    token = enter(client, "admin", "/admin/services/add")
    for typed in ("1.5", "1,5", "1.00", "0.500", "1.000 000", "1..000", ".5", "1.000,5"):
        response = client.post("/admin/services/add",
                               data=dict(SERVICE, csrf=token, start_number=typed))
        assert response.status_code == 422, typed
        assert field_errors(response.text) == {"start_number": WHOLE}, typed
    english = client.post("/admin/services/add?lang=en",
                          data=dict(SERVICE, csrf=token, daily_cap="2,5"))
    assert field_errors(english.text) == {"daily_cap": "Enter a whole number, e.g. 1."}
    assert [service.code for service in CenterService(sqlite_center).services(SITE)] \
        == ["HT", "CT", "DD"]
    added = client.post("/admin/services/add", data=dict(
        SERVICE, csrf=token, start_number="1.000", daily_cap="1 000"), follow_redirects=False)
    assert added.status_code == 303, added.text
    service = _service(sqlite_center, "TP")
    assert (service.start_number, service.daily_cap) == (1000, 1000)
    edited = client.post("/admin/services/TP/edit", data=dict(
        SERVICE, csrf=token, start_number="12.500", daily_cap="", active="yes"),
        follow_redirects=False)
    assert edited.status_code == 303, edited.text
    assert _service(sqlite_center, "TP").start_number == 12500


def test_a_name_longer_than_its_column_is_shown_next_to_it(
        client: Any, sqlite_center: Database) -> None:
    """3,600 characters for a site's, a counter's or a service's name: next to the field,
    named by its own label (it was a banner naming «Tên»)."""
    long = "x" * 3600
    token = enter(client, "admin", "/admin/sites/add")
    site = client.post("/admin/sites/add", data={"csrf": token, "code": "CS2", "name": long})
    assert site.status_code == 422
    assert field_errors(site.text) == {"name": "Tên cơ sở: tối đa 200 ký tự (đã nhập 3600)."}
    edited = client.post(f"/admin/sites/{SITE}/edit?lang=en",
                         data={"csrf": token, "name": "Cơ sở", "address": long})
    assert field_errors(edited.text) == {
        "address": "Address: 300 characters at most (3600 typed)."}
    counter = client.post("/admin/counters/3/edit?lang=vi", data={
        "csrf": token, "name": long, "active": "yes", "order_DD": "1", "order_HT": "2"})
    assert counter.status_code == 422
    assert field_errors(counter.text) == {"name": "Tên quầy: tối đa 200 ký tự (đã nhập 3600)."}
    service = client.post("/admin/services/add", data=dict(SERVICE, csrf=token, name=long))
    assert field_errors(service.text) == {
        "name": "Tên dịch vụ: tối đa 200 ký tự (đã nhập 3600)."}
    assert [site.code for site in CenterService(sqlite_center).sites()] == [SITE]
    assert CenterService(sqlite_center).counter(SITE, 3).name == "Quầy 3"
    assert changes(sqlite_center, "site.changed") == []


def test_a_number_too_big_says_the_range_next_to_its_field(
        client: Any, sqlite_center: Database) -> None:
    """A counter number, a start number or a daily cap too big: the allowed range next to
    the field (it was «Số thứ tự» out of range at the top, or a number-format message)."""
    token = enter(client, "admin", "/admin/counters/add")
    counter = client.post("/admin/counters/add", data={
        "csrf": token, "number": "99999999999", "order_HT": "1"})
    assert counter.status_code == 422
    assert field_errors(counter.text) == {"number": "Số quầy phải từ 1 đến 9999."}
    english = client.post("/admin/counters/add?lang=en", data={
        "csrf": token, "number": "10000", "order_HT": "1"})
    assert field_errors(english.text) == {"number": "Counter numbers go from 1 to 9999."}
    start = client.post("/admin/services/add?lang=vi", data=dict(
        SERVICE, csrf=token, start_number="99999999999999999999", daily_cap="99999999999"))
    assert start.status_code == 422
    assert field_errors(start.text) == {
        "start_number": "Số bắt đầu phải từ 0 đến 999999.",
        "daily_cap": "Giới hạn số mỗi ngày phải từ 1 đến 999999."}
    start_en = client.post("/admin/services/HT/edit?lang=en", data=dict(
        SERVICE, csrf=token, start_number="1000000", active="yes"))
    assert field_errors(start_en.text) == {
        "start_number": "The first sequence must be from 0 to 999999."}
    assert [c.number for c in CenterService(sqlite_center).counters(SITE)] == [1, 2, 3]
    assert _service(sqlite_center, "HT").start_number == 1


def test_an_empty_code_asks_for_one(client: Any, sqlite_center: Database) -> None:
    """An empty site or service code: "enter the code", next to it (it was "invalid: ''")."""
    token = enter(client, "admin", "/admin/sites/add")
    site = client.post("/admin/sites/add", data={"csrf": token, "code": " ", "name": "Ba"})
    assert site.status_code == 422
    assert field_errors(site.text) == {"code": "Hãy nhập mã cơ sở."}
    site_en = client.post("/admin/sites/add?lang=en",
                          data={"csrf": token, "code": "", "name": "Ba"})
    assert field_errors(site_en.text) == {"code": "Enter the site's code."}
    service = client.post("/admin/services/add?lang=vi",
                          data=dict(SERVICE, csrf=token, code=""))
    assert field_errors(service.text) == {"code": "Hãy nhập mã dịch vụ."}
    service_en = client.post("/admin/services/add?lang=en",
                             data=dict(SERVICE, csrf=token, code=""))
    assert field_errors(service_en.text) == {"code": "Enter the service's code."}
    assert [site.code for site in CenterService(sqlite_center).sites()] == [SITE]


def test_a_value_its_column_refused_goes_next_to_the_field_of_that_column() -> None:
    """The flush's check names the column in the error's detail (``Site.agency_name``): a
    form puts it next to that field when the form has it, else above the form."""
    from server.admin import sites
    from server.admin.setup_forms import field_of
    from shared.errors import InvalidOperation

    def refused(detail: str) -> InvalidOperation:
        return InvalidOperation("«Tên» dài quá 200 ký tự (201 ký tự).",
                                "Name is longer than 200 characters (201).", detail=detail)

    assert field_of(refused("Site.name"), sites.PHRASES) == "name"
    assert field_of(refused("Site.agency_name"), sites.PHRASES) == "agency_name"
    assert field_of(refused("Ticket.procedure_code"), sites.PHRASES) == ""
    assert field_of(refused("UNIQUE constraint failed: sites.code"), sites.PHRASES) == ""


def test_an_invalid_code_in_english_is_english(client: Any) -> None:
    """"Invalid cơ sở code": the kind of code is English on the English page."""
    token = enter(client, "admin", "/admin/sites/add")
    site = client.post("/admin/sites/add?lang=en",
                       data={"csrf": token, "code": "co so", "name": "Ba"})
    assert field_errors(site.text) == {
        "code": "Invalid site code: 'co so' (letters, digits, '-', '_', '.'; 32 at most)"}
    service = client.post("/admin/services/add?lang=en",
                          data=dict(SERVICE, csrf=token, code="T P"))
    assert field_errors(service.text) == {
        "code": "Invalid service code: 'T P' (letters, digits, '-', '_', '.'; 32 at most)"}

"""/admin/catalog: browse, search, edit a procedure, import a CSV or XLSX file (all rows or
none), for administrators only, every form with its CSRF token, every change logged with who."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from shared.catalog import CatalogService
from shared.db.database import Database
from shared.models import Procedure
from shared.paths import CATALOG_DIR
from tests.server.admin_helpers import csrf_of, events_of, log_in, log_in_supervisor
from tests.shared.test_catalog_xlsx import csv_as_workbook

CODE = "1.001193"
HEADER = "code,name,field,time_limit,time_unit\n"


@pytest.fixture
def catalog(center: Database) -> CatalogService:
    service = CatalogService(center)
    service.import_csv(CATALOG_DIR / "procedures.csv")
    return service


def _count(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Procedure)) or 0)


def test_a_stranger_is_sent_to_log_in_and_a_supervisor_is_refused(
        client: Any, catalog: CatalogService) -> None:
    """Without a session: the log-in page; a supervisor may not read or change the catalog."""
    for path in ("/admin/catalog", f"/admin/catalog/{CODE}"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and "/admin/login" in response.headers["location"]
    csrf = log_in_supervisor(client)
    assert client.get("/admin/catalog").status_code == 403
    refused = client.post(f"/admin/catalog/{CODE}", data={"csrf": csrf, "fee": "1"})
    assert refused.status_code == 403
    upload = client.post("/admin/catalog/import", data={"csrf": csrf},
                         files={"file": ("c.csv", HEADER.encode(), "text/csv")})
    assert upload.status_code == 403
    assert events_of(catalog._db, "catalog.changed") == []


def test_a_form_without_its_csrf_token_changes_nothing(client: Any,
                                                       catalog: CatalogService) -> None:
    log_in(client)
    before = catalog.get(CODE)
    response = client.post(f"/admin/catalog/{CODE}", data={"csrf": "wrong", "fee": "99"})
    assert response.status_code == 403
    upload = client.post("/admin/catalog/import", files={
        "file": ("c.csv", (HEADER + "1.999999,Mới,Hộ tịch,,\n").encode(), "text/csv")})
    assert upload.status_code == 403
    assert catalog.get(CODE) == before and _count(catalog._db) == 80


def test_browse_by_pages_and_search_without_accents(client: Any,
                                                    catalog: CatalogService) -> None:
    """All 80 procedures over two pages; "khai sinh" finds "Thủ tục đăng ký khai sinh"; a field
    lists only its procedures."""
    log_in(client)
    first = client.get("/admin/catalog")
    assert first.status_code == 200 and "80 thủ tục" in first.text
    assert first.text.count('<td class="code">') == 50
    assert client.get("/admin/catalog?page=2").text.count('<td class="code">') == 30
    found = client.get("/admin/catalog", params={"q": "dang ky khai sinh"})
    assert f'href="/admin/catalog/{CODE}"' in found.text
    assert "Thủ tục đăng ký khai sinh" in found.text
    field = client.get("/admin/catalog", params={"field": "Chứng thực"})
    assert "Chứng thực" in field.text and "Thủ tục đăng ký khai sinh" not in field.text


def test_editing_a_procedure_is_seen_by_the_core_and_logged_with_who(
        client: Any, catalog: CatalogService) -> None:
    log_in(client)
    page = client.get(f"/admin/catalog/{CODE}")
    assert page.status_code == 200 and "Thủ tục đăng ký khai sinh" in page.text
    response = client.post(f"/admin/catalog/{CODE}", data={
        "csrf": csrf_of(page.text), "documents": "Tờ khai đăng ký khai sinh\r\nGiấy chứng sinh",
        "steps": "Nộp hồ sơ\nNhận kết quả", "time_limit": "1", "time_unit": "working_days",
        "fee": "Miễn", "source": "QĐ 1/QĐ-UBND"}, follow_redirects=False)
    assert response.status_code == 303
    assert "Đã lưu" in client.get(response.headers["location"]).text
    view = CatalogService(catalog._db).get(CODE)
    assert view.documents == ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh")
    assert (view.time_limit, view.time_unit, view.fee) == (1, "working_days", "Miễn")
    [event] = events_of(catalog._db, "catalog.changed")
    assert event["by"] == "admin" and event["procedure"] == CODE


@pytest.mark.parametrize(("time_limit", "time_unit", "field", "message"), [
    ("ba", "days", "time_limit", "số nguyên"),
    ("-2", "days", "time_limit", "Từ 0"),
    ("5", "", "time_unit", "đơn vị"),
])
def test_a_bad_time_limit_is_explained_next_to_its_field(
        client: Any, catalog: CatalogService, time_limit: str, time_unit: str, field: str,
        message: str) -> None:
    csrf = log_in(client)
    before = catalog.get(CODE)
    response = client.post(f"/admin/catalog/{CODE}", data={
        "csrf": csrf, "time_limit": time_limit, "time_unit": time_unit, "fee": "1"})
    assert response.status_code == 422
    html = response.text
    marked = html.index(f'name="{field}"')
    label = html.rindex("<label", 0, marked)
    assert 'class="invalid"' in html[label:marked]
    assert message in html[marked:html.index("</label>", marked)]
    assert catalog.get(CODE) == before


def test_an_import_with_bad_rows_changes_nothing_and_shows_the_lines(
        client: Any, catalog: CatalogService) -> None:
    csrf = log_in(client)
    data = (HEADER + "1.999991,Thủ tục mới,Hộ tịch,3,working_days\n"
            "abc,Sai mã,Hộ tịch,3,working_days\n"
            "1.999992,Sai đơn vị,Hộ tịch,3,weeks\n").encode()
    response = client.post("/admin/catalog/import", data={"csrf": csrf},
                           files={"file": ("moi.csv", data, "text/csv")})
    assert response.status_code == 422
    assert "chưa nhập thủ tục nào" in response.text
    assert "Dòng 3: mã thủ tục" in response.text and "Dòng 4: đơn vị" in response.text
    assert _count(catalog._db) == 80
    assert events_of(catalog._db, "catalog.imported")[-1].get("file") != "moi.csv"


def test_an_xlsx_upload_imports_as_the_csv_upload(client: Any, center: Database) -> None:
    """The reference catalog uploaded as XLSX gives the same procedures as uploaded as CSV,
    and the import is logged with who made it."""
    csrf = log_in(client)
    path = CATALOG_DIR / "procedures.csv"
    response = client.post("/admin/catalog/import", data={"csrf": csrf}, files={
        "file": ("danh-muc.xlsx", csv_as_workbook(path),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")})
    assert response.status_code == 200, response.text
    assert "80 thủ tục, 80 mới" in response.text
    from_xlsx = CatalogService(center).index.all()
    again = client.post("/admin/catalog/import", data={"csrf": csrf},
                        files={"file": ("procedures.csv", path.read_bytes(), "text/csv")})
    assert "0 mới, 0 cập nhật, 80 không đổi" in again.text
    assert CatalogService(center).index.all() == from_xlsx
    events = events_of(center, "catalog.imported")
    assert [(event["file"], event["by"]) for event in events] == [
        ("danh-muc.xlsx", "admin"), ("procedures.csv", "admin")]


def test_an_empty_upload_is_explained(client: Any, catalog: CatalogService) -> None:
    csrf = log_in(client)
    response = client.post("/admin/catalog/import", data={"csrf": csrf},
                           files={"file": ("", b"", "application/octet-stream")})
    assert response.status_code == 422 and "Hãy chọn một tệp" in response.text


def test_a_semicolon_csv_from_a_vietnamese_excel_imports_and_a_reload_does_not_resend(
        client: Any, catalog: CatalogService) -> None:
    """Excel in a Vietnamese locale saves "CSV" with ';' between cells: the separator is the
    header line's (also for ``layso catalog import``: the same parser). The import answers
    with a redirect (post-redirect-get): the page shows what it did once; a reload of it
    uploads nothing again."""
    csrf = log_in(client)
    data = ("code;name;field;time_limit;time_unit\n"
            '1.999981;"Thủ tục mới, có dấu phẩy";Hộ tịch;3;working_days\n').encode()
    posted = client.post("/admin/catalog/import", data={"csrf": csrf},
                         files={"file": ("excel-vn.csv", data, "text/csv")},
                         follow_redirects=False)
    assert posted.status_code == 303, posted.text
    assert posted.headers["location"] == "/admin/catalog?imported=1"
    shown = client.get(posted.headers["location"])
    assert "Đã nhập excel-vn.csv: 1 thủ tục, 1 mới" in shown.text
    assert "Đã nhập" not in client.get(posted.headers["location"]).text  # once
    assert CatalogService(catalog._db).get("1.999981").name == "Thủ tục mới, có dấu phẩy"
    assert [e["file"] for e in events_of(catalog._db, "catalog.imported")].count(
        "excel-vn.csv") == 1

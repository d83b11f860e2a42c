"""/admin/catalog/<code>: the legal basis is shown and edited like the other facts; a form
that lacks the field (an older page) leaves it as it is."""

from __future__ import annotations

from typing import Any

import pytest

from shared.catalog import CatalogService
from shared.db.database import Database
from shared.paths import CATALOG_DIR
from tests.server.admin_helpers import csrf_of, log_in

CODE = "2.000815"


@pytest.fixture
def catalog(center: Database) -> CatalogService:
    service = CatalogService(center)
    service.import_csv(CATALOG_DIR / "procedures.csv")
    return service


def test_the_legal_basis_is_shown_and_edited_one_text_per_line(
        client: Any, catalog: CatalogService) -> None:
    log_in(client)
    page = client.get(f"/admin/catalog/{CODE}")
    assert page.status_code == 200
    assert "Căn cứ pháp lý" in page.text and "Nghị định 23/2015/NĐ-CP" in page.text
    response = client.post(f"/admin/catalog/{CODE}", data={
        "csrf": csrf_of(page.text), "time_limit": "0", "time_unit": "working_days",
        "fee": "2.000 đồng/trang", "legal_basis": "Nghị định 23/2015/NĐ-CP\r\n\r\nThông tư X"},
        follow_redirects=False)
    assert response.status_code == 303
    view = CatalogService(catalog._db).get(CODE)
    assert view.legal_basis == ("Nghị định 23/2015/NĐ-CP", "Thông tư X")
    assert view.note  # the bundled note is kept beside it


def test_a_form_without_the_field_keeps_the_legal_basis(client: Any,
                                                        catalog: CatalogService) -> None:
    before = catalog.get(CODE).legal_basis
    assert before
    csrf = log_in(client)
    response = client.post(f"/admin/catalog/{CODE}", data={
        "csrf": csrf, "time_limit": "0", "time_unit": "working_days", "fee": "1"},
        follow_redirects=False)
    assert response.status_code == 303
    assert CatalogService(catalog._db).get(CODE).legal_basis == before

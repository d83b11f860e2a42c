"""The console's set-up forms say what is wrong next to the field, in the field's own words
(the audit of /admin): a number with a decimal point is not read as another number, a name
longer than its column, a number too big and an empty code are each explained next to their
field, and the English page is English. One post per mistake; nothing is changed. The forms'
checks are the core's and the form's own, so these run on SQLite only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from shared.center import CenterService
from shared.db.database import Database
from tests.center_data import SITE
from tests.server.conftest import server_settings
from tests.server.setup_page_helpers import enter, field_errors

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

SERVICE = {"code": "TP", "name": "Tư pháp", "name_en": "Justice", "prefix": "T",
           "number_format": "{prefix}{n:03d}", "start_number": "1", "daily_cap": ""}
WHOLE = "Hãy nhập một số nguyên, ví dụ 1."


@pytest.fixture
def client(sqlite_center: Database) -> Iterator[Any]:
    app = create_app(server_settings(sqlite_center), sqlite_center)
    with TestClient(app) as test_client:
        yield test_client


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

"""The set-up pages together, on an EMPTY database (SQLite and PostgreSQL): from the first
admin account to a kiosk that can issue a number, through the forms only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.admin.readiness import readiness
from server.app import create_app
from shared.db.database import Database
from shared.queue import QueueService
from tests.server.admin_helpers import csrf_of
from tests.server.conftest import server_settings


@pytest.fixture
def empty_client(db: Database) -> Iterator[Any]:
    with TestClient(create_app(server_settings(db), db)) as client:
        yield client


def test_an_empty_center_is_set_up_through_the_pages(empty_client: Any, db: Database) -> None:
    """First admin → services and counters say a site comes first → a site, a service, a
    counter serving it, a desk clerk: the checklist is done and the kiosk issues A001."""
    client = empty_client
    client.get("/admin/first-run")
    code = client.app.state.admin_setup_code
    made = client.post("/admin/first-run", data={
        "code": code, "username": "quantri", "full_name": "Quản trị", "password": "matkhau1",
        "password_again": "matkhau1"}, follow_redirects=False)
    assert made.status_code == 303
    for page in ("/admin/services", "/admin/counters"):
        empty = client.get(page)
        assert empty.status_code == 200 and "Chưa có cơ sở nào" in empty.text
    token = csrf_of(client.get("/admin/sites/add").text)
    steps = [("/admin/sites/add", {"code": "CS1", "name": "Trung tâm xã An Phú",
                                   "agency_name": "UBND xã An Phú"}),
             ("/admin/services/add", {"code": "HT", "name": "Hộ tịch", "prefix": "A",
                                      "number_format": "{prefix}{n:03d}", "start_number": "1"}),
             ("/admin/counters/add", {"number": "1", "name": "", "order_HT": "1"}),
             ("/admin/clerks/add", {"username": "lan", "full_name": "Nguyễn Thị Lan",
                                    "role": "clerk", "site": "CS1", "password": "matkhau1",
                                    "password_again": "matkhau1"})]
    for path, data in steps:
        response = client.post(path, data=dict(data, csrf=token), follow_redirects=False)
        assert response.status_code == 303, (path, re.findall(r'class="error[^<]*', response.text))
    assert readiness(db).can_issue
    assert 'class="notice"' in client.get("/admin/setup").text
    assert QueueService(db).issue_ticket("CS1", "HT").number == "A001"

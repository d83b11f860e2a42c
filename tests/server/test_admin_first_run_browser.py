"""The first run in a real browser (headless Chromium): from an EMPTY database to a ticket
issued through the API, through the console's pages only, as the person setting a commune
center up would do it (no terminal but the server's window, which shows the set-up code)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from shared.db.database import Database
from shared.db.migrate import upgrade
from tests.server.conftest import LiveServer, free_port


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[LiveServer]:
    db = Database(f"sqlite:///{tmp_path}/empty.db")
    upgrade(db)
    db.dispose()
    server = LiveServer(db.url, free_port(), tmp_path / "server.log",
                        env={"LAYSO_DATA_DIR": str(tmp_path / "data")})
    server.start(timeout=60)
    yield server
    server.stop()


def _fill(driver: Any, **fields: str) -> None:
    for name, value in fields.items():
        element = driver.find_element(By.NAME, name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)


def _submit(driver: Any, expected_path: str) -> None:
    driver.find_element(By.CSS_SELECTOR, "main form button.primary").click()
    deadline = time.monotonic() + 10
    while not driver.current_url.split("?")[0].endswith(expected_path):
        errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".error")]
        assert time.monotonic() < deadline, (driver.current_url, errors)
        time.sleep(0.05)


def _setup_code(server: LiveServer) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = re.search(r"first-run code\): (\d{6})", server.log_path.read_text())
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise AssertionError("the server printed no set-up code")


def test_an_empty_database_is_set_up_in_the_browser_until_the_api_issues_a_number(
        empty_server: LiveServer, browser: Any) -> None:
    base = empty_server.url
    browser.set_window_size(1366, 768)
    browser.get(f"{base}/admin")
    assert browser.current_url.endswith("/admin/first-run")
    _fill(browser, code=_setup_code(empty_server), username="quantri",
          full_name="Nguyễn Văn Quản", password="matkhau1", password_again="matkhau1")
    _submit(browser, "/admin/setup")
    assert "Thiết lập trung tâm" in browser.page_source
    browser.get(f"{base}/admin/sites/add")
    _fill(browser, code="XAP", name="Trung tâm Phục vụ hành chính công xã An Phú",
          agency_name="UBND xã An Phú")
    _submit(browser, "/admin/sites")
    browser.get(f"{base}/admin/services/add")
    _fill(browser, code="HT", name="Hộ tịch", prefix="A")
    _submit(browser, "/admin/services")
    browser.get(f"{base}/admin/counters/add")
    _fill(browser, number="1", order_HT="1")
    _submit(browser, "/admin/counters")
    browser.get(f"{base}/admin/clerks/add")
    _fill(browser, username="lan", full_name="Nguyễn Thị Lan", role="clerk", site="XAP",
          password="matkhau1", password_again="matkhau1")
    _submit(browser, "/admin/clerks")
    browser.get(f"{base}/admin/setup")
    assert "Trung tâm đã sẵn sàng" in browser.page_source
    browser.get(f"{base}/admin/tokens")
    _fill(browser, name="kiosk-sanh", scope="kiosk")
    browser.find_element(By.CSS_SELECTOR, "main form button.primary").click()
    secret = browser.find_element(By.ID, "new-token").text.strip()
    assert secret.startswith("lst_")
    response = httpx.post(f"{base}/api/v1/sites/XAP/tickets", json={"service": "HT"},
                          headers={"Authorization": f"Bearer {secret}"}, timeout=10)
    assert response.status_code == 201, response.text
    assert response.json()["number"] == "A001"

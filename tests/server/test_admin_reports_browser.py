"""/admin/reports in a real headless Chromium against a real server: the supervisor logs in
through the form, opens the quarter's report, clicks the Excel link, and the downloaded
workbook opens with openpyxl and holds the figures of `layso report --json`."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from shared.cli.main import main
from shared.clock import LOCAL_TZ
from shared.db.database import Database
from shared.queue import QueueService
from shared.report_export.xlsx import HEADER_ROW
from tests.center_data import PASSWORD, SITE
from tests.server.conftest import LiveServer, chromium_paths


def downloading_browser(folder: Path) -> Any:
    """Headless Chromium at 1366x768 saving downloads to ``folder`` without asking."""
    binary, driver = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1366,768", "--lang=vi"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(folder), "download.prompt_for_download": False,
        "safebrowsing.enabled": True})
    return webdriver.Chrome(service=Service(driver), options=options)


def test_the_excel_link_downloads_the_reports_figures(
        live_server: LiveServer, live_db: Database, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    queue = QueueService(live_db)
    for service in ("HT", "HT", "CT"):
        queue.issue_ticket(SITE, service)
    today = datetime.now(LOCAL_TZ).date()  # the quarter the tickets were issued in
    period = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser = downloading_browser(downloads)
    try:
        wait = WebDriverWait(browser, 20, poll_frequency=0.1)
        browser.get(f"{live_server.url}/admin/reports?period={period}")
        assert "/admin/login" in browser.current_url
        browser.find_element(By.NAME, "username").send_keys("boss")
        browser.find_element(By.NAME, "password").send_keys(PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "form.form button.primary").click()
        wait.until(lambda b: "/admin/reports" in b.current_url)
        assert browser.find_element(By.CSS_SELECTOR, ".shortcuts a.current").text.endswith(
            period)
        assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart")) == 6
        browser.find_element(By.ID, "export-xlsx").click()
        target = downloads / f"bao-cao-{SITE}-{period}.xlsx"
        deadline = time.monotonic() + 30
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert target.exists(), list(downloads.iterdir())
    finally:
        browser.quit()

    assert main(["--db", live_server.database_url, "--site", SITE, "--json", "report",
                 period]) == 0
    data = json.loads(capsys.readouterr().out)
    book = load_workbook(target)
    services = {row[0]: row[1:] for row in book["Theo dịch vụ"].iter_rows(
        min_row=HEADER_ROW + 1, values_only=True)}
    assert services["Tổng cộng"][0] == data["queue"]["issued"] == 3
    for item in data["queue"]["services"]:
        assert services[item["name"]][0] == item["issued"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(
        min_row=HEADER_ROW + 1, values_only=True)}
    assert summary["Hồ sơ tiếp nhận trong kỳ"] == data["dossiers"]["received"]
    assert summary["Số thứ tự đã cấp"] == data["queue"]["issued"]

"""/admin/live in a real browser (headless Chromium at 1366x768) against a real server in a
subprocess: the supervisor logs in through the form, opens the live page, and a call made by
`layso` in another process shows at counter 1 without a reload; an action from the page
reaches the core."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from shared.counter_day import CounterDayServices
from shared.db.database import Database
from shared.models import CounterStatus
from shared.queue import QueueService
from tests.center_data import PASSWORD, SITE
from tests.server.conftest import ROOT, LiveServer


def layso(database_url: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "shared.cli.main", "--db", database_url, *args],
                   cwd=ROOT, check=True, timeout=60, capture_output=True)


def text_of(browser: Any, css: str) -> str:
    """The element's text, read in one step (the page redraws its rows on every update)."""
    text = browser.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css)
    return str(text).strip()


def click(browser: Any, xpath: str) -> bool:
    """Click an element, again if the page redrew it meanwhile."""
    try:
        browser.find_element(By.XPATH, xpath).click()
    except StaleElementReferenceException:
        return False
    return True


def test_the_live_page_shows_a_call_made_from_another_process(
        live_server: LiveServer, live_db: Database, browser: Any) -> None:
    browser.set_window_size(1366, 768)
    wait = WebDriverWait(browser, 15, poll_frequency=0.1)
    browser.get(f"{live_server.url}/admin/live")
    assert "/admin/login" in browser.current_url
    browser.find_element(By.NAME, "username").send_keys("boss")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form.form button.primary").click()
    wait.until(lambda b: b.current_url.endswith("/admin/live"))
    wait.until(lambda b: text_of(b, "#conn") == "Trực tiếp")
    assert text_of(browser, 'tr[data-counter="1"] .clerk') == "Nguyễn Thị Lan"
    marker = browser.execute_script("window.notReloaded = true; return window.notReloaded")

    layso(live_server.database_url, "ticket", "issue", "--service", "HT")
    wait.until(lambda b: text_of(b, "#fig-waiting") == "1")
    layso(live_server.database_url, "ticket", "call-next", "--counter", "1")
    wait.until(lambda b: text_of(b, 'tr[data-counter="1"] .ticket-no') == "A001")
    assert browser.execute_script("return window.notReloaded") is marker is True
    assert text_of(browser, "#fig-waiting") == "0"

    # An action from the page: counter 2 on break, through the core.
    wait.until(lambda b: click(b, '//tr[@data-counter="2"]//button[text()="Tạm nghỉ"]'))
    wait.until(lambda b: "Tạm nghỉ" in text_of(b, 'tr[data-counter="2"] .status'))
    assert QueueService(live_db).find_counter(SITE, 2).status == CounterStatus.PAUSED

    # Counter 2 (CT) also takes Đất đai for today: the dialog saves, the row marks it.
    wait.until(lambda b: click(b, '//tr[@data-counter="2"]//button[text()="Dịch vụ…"]'))
    wait.until(lambda b: b.find_element(By.ID, "services-dialog").is_displayed())
    assert "Thường ngày quầy phục vụ: CT." in text_of(browser, "#usual-note")
    browser.find_element(By.CSS_SELECTOR, '#service-choices input[value="DD"]').click()
    browser.find_element(By.CSS_SELECTOR, "#services-dialog button.primary").click()
    wait.until(lambda b: "hôm nay" in text_of(b, 'tr[data-counter="2"] .counter-no'))
    assert "CT, DD" in text_of(browser, 'tr[data-counter="2"] .counter-no')
    assert CounterDayServices(live_db).counter(SITE, 2).in_force == ("CT", "DD")
    assert QueueService(live_db).find_counter(SITE, 2).services == ("CT",)

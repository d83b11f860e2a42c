"""The console in a real browser (headless Chromium) against a real server in a subprocess:
at phone size (360x800) no page scrolls sideways (a wide table scrolls inside its own box);
on the live page, releasing a counter that serves a ticket says what happens to it, and the
ticket left there goes back in the queue from its row, or is ended there after a dialog that
asks first; a button with ``hidden`` stays hidden."""

from __future__ import annotations

from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from shared.clerks import ClerkService
from shared.db.database import Database
from shared.models import Outcome, TicketStatus
from shared.queue import QueueService
from tests.center_data import PASSWORD, SITE
from tests.server.conftest import LiveServer
from tests.server.test_admin_live_browser import click, text_of

PAGES = ("live", "reports", "clerks", "settings", "services", "counters", "sites", "calendar",
         "catalog", "tokens", "services/add", "clerks/add")


def log_in(browser: Any, server: LiveServer, username: str, page: str) -> WebDriverWait:
    wait = WebDriverWait(browser, 15, poll_frequency=0.1)
    browser.get(f"{server.url}/admin/{page}")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form.form button.primary").click()
    wait.until(lambda b: b.current_url.endswith(f"/admin/{page}"))
    return wait


def test_no_console_page_scrolls_sideways_on_a_phone(
        live_server: LiveServer, live_db: Database, browser: Any) -> None:
    queue = QueueService(live_db)
    for service in ("HT", "CT", "DD"):
        queue.issue_ticket(SITE, service)
    queue.call_next(queue.find_counter(SITE, 1).id)
    browser.set_window_size(360, 800)
    log_in(browser, live_server, "admin", "live")
    width = browser.execute_script("return window.innerWidth")
    assert width <= 360
    wide = {}
    for page in PAGES:
        browser.get(f"{live_server.url}/admin/{page}")
        WebDriverWait(browser, 10).until(
            lambda b: b.execute_script("return document.readyState") == "complete")
        if page == "live":
            WebDriverWait(browser, 10).until(lambda b: text_of(b, "#counters"))
        scrolled = browser.execute_script("return document.documentElement.scrollWidth")
        if scrolled > width:
            wide[page] = scrolled
    assert wide == {}, f"pages wider than the phone's {width} px: {wide}"


def test_a_released_counters_ticket_goes_back_in_the_queue_from_its_row(
        live_server: LiveServer, live_db: Database, browser: Any) -> None:
    browser.set_window_size(1366, 768)
    queue = QueueService(live_db)
    ticket = queue.issue_ticket(SITE, "HT")
    queue.call_next(queue.find_counter(SITE, 1).id)
    wait = log_in(browser, live_server, "boss", "live")
    wait.until(lambda b: text_of(b, 'tr[data-counter="1"] .ticket-no') == "A001")
    # The services dialog of a counter on its usual services: no button back to them.
    wait.until(lambda b: click(b, '//tr[@data-counter="2"]//button[text()="Dịch vụ…"]'))
    wait.until(lambda b: b.find_element(By.ID, "services-dialog").is_displayed())
    assert not browser.find_element(By.ID, "services-usual").is_displayed()
    browser.execute_script("document.getElementById('services-dialog').close()")
    wait.until(lambda b: click(b, '//tr[@data-counter="1"]//button[text()="Giải phóng"]'))
    alert = wait.until(lambda b: b.switch_to.alert)
    assert "Số A001 đang được phục vụ vẫn giữ ở quầy 1" in alert.text
    alert.accept()
    wait.until(lambda b: "không ai phục vụ" in text_of(b, 'tr[data-counter="1"]'))
    assert "A001 vẫn giữ ở quầy" in text_of(browser, "#flash")
    # "Kết thúc" asks first, in a dialog: cancelled, nothing happens.
    wait.until(lambda b: click(b, '//tr[@data-counter="1"]//button[text()="Kết thúc"]'))
    wait.until(lambda b: b.find_element(By.ID, "finish-dialog").is_displayed())
    assert text_of(browser, "#finish-title") == "Kết thúc số A001 ở quầy 1?"
    browser.find_element(By.CSS_SELECTOR, "#finish-dialog [data-close]").click()
    assert queue.ticket(ticket.id).status == TicketStatus.SERVING
    wait.until(lambda b: click(
        b, '//tr[@data-counter="1"]//button[text()="Đưa lại vào hàng đợi"]'))
    alert = wait.until(lambda b: b.switch_to.alert)
    assert alert.text == "Đưa số A001 (đang giữ ở quầy 1) trở lại hàng đợi?"
    alert.accept()
    wait.until(lambda b: text_of(b, "#fig-waiting") == "1")
    assert queue.ticket(ticket.id).status == TicketStatus.WAITING
    assert "A001" not in text_of(browser, 'tr[data-counter="1"]')
    # Held again (lan called it back and was released): ended from the dialog, with an outcome.
    ClerkService(live_db).login("lan", PASSWORD, SITE, 1)
    queue.call_next(queue.find_counter(SITE, 1).id)
    ClerkService(live_db, actor="boss").release(SITE, 1)
    wait.until(lambda b: click(b, '//tr[@data-counter="1"]//button[text()="Kết thúc"]'))
    wait.until(lambda b: b.find_element(By.ID, "finish-dialog").is_displayed())
    browser.find_element(By.CSS_SELECTOR, '#finish-dialog option[value="guided"]').click()
    browser.find_element(By.ID, "finish-confirm").click()
    wait.until(lambda b: "Đã kết thúc số A001" in text_of(b, "#flash"))
    ended = queue.ticket(ticket.id)
    assert (ended.status, ended.outcome) == (TicketStatus.FINISHED, Outcome.GUIDED)

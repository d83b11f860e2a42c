"""The phone page in a real browser (headless Chromium at 360x800) against a real server in a
subprocess: a counter calls the ticket from another process and the page fills with "Mời đến
Quầy 1"; the server restarts, the page reconnects by itself and shows the recall."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import SITE
from tests.server.conftest import ROOT, LiveServer


def at_counter(db: Database, action: str) -> None:
    """What counter 1 does (``call_next(c)``, ``recall(c)``…), in a process of its own."""
    code = ("import sys; from shared.db.database import Database; "
            "from shared.queue import QueueService; "
            "q = QueueService(Database(sys.argv[1])); "
            f"c = q.find_counter({SITE!r}, 1).id; q.{action}")
    subprocess.run([sys.executable, "-c", code, db.url], cwd=ROOT, check=True, timeout=30)


def visible_text(browser: Any, css: str) -> str:
    element = browser.find_element(By.CSS_SELECTOR, css)
    return str(element.text) if element.is_displayed() else ""


def test_phone_page_shows_the_call_live_and_recovers_after_a_restart(
        live_server: LiveServer, live_db: Database, browser: Any) -> None:
    """The page opens waiting; counter 1 calls the ticket from another process: "Mời đến Quầy
    1" fills the screen. The server stops ("Đang kết nối lại…") and starts again; a recall
    from another process reaches the page through the stream it opened by itself."""
    ticket = QueueService(live_db).issue_ticket(SITE, "HT")
    wait = WebDriverWait(browser, 10, poll_frequency=0.1)
    browser.get(f"{live_server.url}/t/{ticket.public_token}")
    assert "A001" in visible_text(browser, ".number")
    assert visible_text(browser, ".call-text") == ""
    wait.until(lambda b: b.execute_script("return document.readyState") == "complete")

    at_counter(live_db, "call_next(c)")
    wait.until(lambda b: visible_text(b, ".call-text") == "Mời đến Quầy 1")
    assert "A001" in visible_text(browser, ".call-number")
    assert browser.title.startswith("Mời đến Quầy 1")

    live_server.stop()
    wait.until(lambda b: visible_text(b, "#conn") == "Đang kết nối lại…")
    live_server.start()
    at_counter(live_db, "recall(c)")
    WebDriverWait(browser, 15, poll_frequency=0.2).until(
        lambda b: "gọi lại lần 2" in visible_text(b, ".call-detail"))
    assert visible_text(browser, ".call-text") == "Mời đến Quầy 1"
    assert visible_text(browser, "#conn") == ""
    # The language link stays above the call: a click reaches it, not the green screen.
    browser.find_element(By.CSS_SELECTOR, ".lang").click()
    wait.until(lambda b: visible_text(b, ".call-text") == "Please go to counter 1")

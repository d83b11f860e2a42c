"""``python -m server.screenshots DIR``: the web pages as PNGs, as headless Chromium draws
them (``layso demo --screenshot DIR`` calls it after the desktop apps' screens).

On the configured database (the demo's): a server on a free loopback port; the phone page of
the newest waiting ticket and of one being served at 360x800 (Vietnamese and English); the
wall board at 1920x1080 and 1080x1920; the console's log-in, set-up checklist, live page and
report at 1366x768 and 1920x1080, logged in as the demo's administrator. Needs Chromium and
chromedriver (Debian's ``chromium`` and ``chromium-driver``) and Selenium (the dev extras);
without them it says so and exits 2.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

#: The demo's administrator (shared/demo.py).
ADMIN = ("admin", "demo")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _driver(width: int, height: int) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
        options=options)
    driver.set_window_size(width, height)
    return driver


def _wait(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the web service did not answer at {url}")


def _shoot(driver: Any, url: str, target: Path, settle: float = 1.5) -> None:
    driver.get(url)
    time.sleep(settle)  # the live pages draw their first event
    driver.save_screenshot(str(target))
    print(f"web: {target}")


def _tokens(site: str) -> tuple[str | None, str | None]:
    """A waiting ticket's phone token and a served one's, from the configured database."""
    from shared.config import load_settings
    from shared.db.database import Database
    from shared.queue import QueueService

    db = Database(load_settings().resolved_database_url())
    try:
        queue = QueueService(db)
        waiting = queue.latest_waiting(site)
        serving = next((c.current for c in queue.counters(site) if c.current), None)
        return (waiting.public_token if waiting else None,
                serving.public_token if serving else None)
    finally:
        db.dispose()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m server.screenshots DIR [SITE]", file=sys.stderr)
        return 2
    folder = Path(args[0])
    site = args[1] if len(args) > 1 else os.environ.get("LAYSO_SITE", "CS1")
    try:
        import selenium  # noqa: F401
    except ImportError:
        print("web: Selenium is not installed (pip install -e '.[dev]'): no web pages",
              file=sys.stderr)
        return 2
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        print("web: Chromium is not installed (apt-get install chromium chromium-driver): "
              "no web pages", file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, LAYSO_SERVER_PUBLIC_URL=base, LAYSO_VOICE="none")
    server = subprocess.Popen([sys.executable, "-m", "server", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"{base}/api/openapi.json")
        waiting, serving = _tokens(site)
        phone = _driver(360, 800)
        try:
            if waiting:
                _shoot(phone, f"{base}/t/{waiting}", folder / "phone-waiting.png")
                _shoot(phone, f"{base}/t/{waiting}?lang=en", folder / "phone-waiting-en.png")
            if serving:
                _shoot(phone, f"{base}/t/{serving}?lang=vi", folder / "phone-called.png")
        finally:
            phone.quit()
        for width, height in ((1920, 1080), (1080, 1920)):
            board = _driver(width, height)
            try:
                _shoot(board, f"{base}/board/{site}", folder / f"board-{width}x{height}.png", 3)
            finally:
                board.quit()
        for width, height in ((1366, 768), (1920, 1080)):
            console = _driver(width, height)
            try:
                _shoot(console, f"{base}/admin/login", folder / f"console-login-{width}.png",
                       0.3)
                console.find_element("name", "username").send_keys(ADMIN[0])
                console.find_element("name", "password").send_keys(ADMIN[1])
                console.find_element("css selector", "button.primary").click()
                time.sleep(0.5)
                for page in ("setup", "live", "reports", "services", "calendar"):
                    _shoot(console, f"{base}/admin/{page}",
                           folder / f"console-{page}-{width}.png")
            finally:
                console.quit()
    finally:
        server.terminate()
        server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())

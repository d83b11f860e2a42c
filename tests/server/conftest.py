"""Fixtures for the web service: the app through FastAPI's test client on a real database, a
real server (uvicorn in a subprocess) on a free port, and a real headless Chromium.

- ``client`` / ``tokens``: the app in-process on the ``center`` database (SQLite and
  PostgreSQL), with one token of each scope.
- ``live_server``: ``python -m server`` in a subprocess against a SQLite file (or a given URL)
  holding the test center; ``restart()`` stops and starts it on the same port.
- ``browser``: Debian's chromium driven by chromedriver through Selenium, headless.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from shared.api_tokens import TokenService
from shared.config import Settings, load_settings
from shared.db.database import Database
from shared.db.migrate import upgrade
from tests.center_data import build_center

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Tokens:
    kiosk: str
    counter: str
    read: str

    def header(self, scope: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {getattr(self, scope)}"}


def make_tokens(db: Database) -> Tokens:
    service = TokenService(db, actor="test")
    return Tokens(*(service.add(f"t-{scope}", scope).token
                    for scope in ("kiosk", "counter", "read")))


def server_settings(db: Database, **server: Any) -> Settings:
    overrides = {"database_url": db.url, **{f"server.{k}": v for k, v in server.items()}}
    return load_settings(environ={}, overrides=overrides)


@pytest.fixture
def tokens(center: Database) -> Tokens:
    return make_tokens(center)


@pytest.fixture
def client(center: Database, tokens: Tokens) -> Iterator[Any]:
    """The app on the test center, through FastAPI's TestClient (its lifespan runs: the hub
    thread is live)."""
    from fastapi.testclient import TestClient

    from server.app import create_app

    app = create_app(server_settings(center, public_url="http://192.168.1.10:8080"), center)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def sqlite_client(sqlite_center: Database) -> Iterator[Any]:
    """The app on the test center on SQLite only, through TestClient: the console's form
    tests, whose rules do not depend on the backend."""
    from fastapi.testclient import TestClient

    from server.app import create_app

    with TestClient(create_app(server_settings(sqlite_center), sqlite_center)) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """``python -m server`` in a subprocess."""

    database_url: str
    port: int
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> None:
        env = dict(os.environ, LAYSO_DATABASE_URL=self.database_url,
                   LAYSO_SERVER_PUBLIC_URL=self.url, **self.env)
        with self.log_path.open("ab") as log:  # the child keeps its own handle
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server", "--port", str(self.port)], cwd=ROOT, env=env,
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/openapi.json", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer: {self.log_path.read_text()[-2000:]}")

    def stop(self) -> int | None:
        if self.process is None:
            return None
        self.process.terminate()
        try:
            code = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.process = None
        return code

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def live_db(tmp_path: Path) -> Iterator[Database]:
    """A SQLite file with the test center, on the real clock (the server's own)."""
    db = Database(f"sqlite:///{tmp_path}/live.db")
    upgrade(db)
    build_center(db)
    yield db
    db.dispose()


@pytest.fixture
def live_server(live_db: Database, tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(live_db.url, free_port(), tmp_path / "server.log",
                        env={"LAYSO_DATA_DIR": str(tmp_path / "data")})
    server.start()
    yield server
    server.stop()


def chromium_paths() -> tuple[str, str]:
    binary = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return binary, driver


def make_browser(width: int = 360, height: int = 800) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", f"--window-size={width},{height}",
                     "--autoplay-policy=no-user-gesture-required", "--lang=vi"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(driver), options=options)


@pytest.fixture
def browser() -> Iterator[Any]:
    """A headless Chromium at phone size (360x800); ``set_window_size`` for others."""
    driver = make_browser()
    try:
        yield driver
    finally:
        driver.quit()

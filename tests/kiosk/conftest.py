"""Fixtures for the kiosk: the real window on the test center (tests/center_data.py) with the
reference catalog imported, a fixed clock, and a printer of the test's choosing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import KioskWindow
from kiosk.flow import KioskFlow
from kiosk.ticket_printer import TicketPrinter
from shared.catalog import CatalogService
from shared.clock import FixedClock
from shared.config import KioskSettings, PrinterSettings, ServerSettings, Settings
from shared.db.database import Database
from shared.paths import CATALOG_DIR
from shared.printing.service import PrintService
from shared.ui.app import create_application

MakeKiosk = Callable[..., KioskWindow]


@pytest.fixture
def kiosk_db(sqlite_center: Database) -> Database:
    """The test center (site HQ, services HT/CT/DD) with the 80 reference procedures."""
    CatalogService(sqlite_center).import_csv(CATALOG_DIR / "procedures.csv")
    return sqlite_center


@pytest.fixture
def make_kiosk(qtbot: QtBot, kiosk_db: Database, clock: FixedClock) -> Iterator[MakeKiosk]:
    """``make_kiosk(printer="none", idle_seconds=60, retry_ms=100)``: a started kiosk window,
    1280x800, windowed; its clock is the test's FixedClock. ``admin_pin`` and ``logo`` set
    those [kiosk] settings; ``size`` the window's size; ``public_url`` is server.public_url;
    ``live=False`` starts no change feed."""
    create_application("kiosk", ["pytest"], language="vi")
    windows: list[KioskWindow] = []

    def make(printer: str = "none", idle_seconds: int = 60, retry_ms: int = 100,
             fullscreen: bool = False, start: bool = True, admin_pin: str = "2468",
             logo: str = "", size: tuple[int, int] = (1280, 800),
             public_url: str = "", live: bool = True) -> KioskWindow:
        settings = Settings(
            printer=PrinterSettings(spec=printer),
            kiosk=dataclasses.replace(KioskSettings(), idle_seconds=idle_seconds,
                                      fullscreen=fullscreen, admin_pin=admin_pin, logo=logo),
            server=ServerSettings(public_url=public_url))
        service = PrintService.from_settings(settings.printer, timeout=2.0,
                                             status_timeout=0.5)
        ticket_printer = TicketPrinter(service, kiosk_db, retry_ms=retry_ms)
        window = KioskWindow(KioskFlow(kiosk_db, settings, now=lambda: clock.moment),
                             ticket_printer, settings, language="vi", retry_ms=retry_ms,
                             live=live)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        if start:
            window.start()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()

"""Fixtures for the counter app: the real window on the small test center (SQLite file), a
procedure catalog, a file printer (the real ESC/POS bytes land in a file), the fixed clock."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter.app import CounterWindow
from counter.context import CounterContext
from shared.catalog import CatalogService
from shared.clock import FixedClock
from shared.config import PrinterSettings, RatingSettings, Settings
from shared.db.database import Database
from shared.paths import CATALOG_DIR
from shared.ui.app import create_application
from tests.center_data import PASSWORD, SITE

MakeWindow = Callable[..., CounterWindow]


@pytest.fixture
def printer_file(tmp_path: Path) -> Path:
    return tmp_path / "printer.bin"


@pytest.fixture
def counter_settings(printer_file: Path, tmp_path: Path) -> Settings:
    return Settings(site=SITE, printer=PrinterSettings(spec=f"file:{printer_file}",
                                                       slip_dir=str(tmp_path / "slips")),
                    rating=RatingSettings(scale=3, timeout_seconds=30))


@pytest.fixture
def catalog_center(sqlite_center: Database) -> Database:
    """The test center with the reference catalog of procedures imported."""
    CatalogService(sqlite_center).import_csv(CATALOG_DIR / "procedures.csv")
    return sqlite_center


@pytest.fixture
def make_window(qtbot: QtBot, catalog_center: Database, counter_settings: Settings,
                clock: FixedClock) -> Iterator[MakeWindow]:
    """Build counter windows (shown, active, closed at the end)."""
    create_application("counter", language="vi")
    made: list[CounterWindow] = []

    def make(counter: int | None = 1, *, live: bool = False, db: Database | None = None,
             ctx: CounterContext | None = None, **settings_changes: object) -> CounterWindow:
        """``ctx``: a context made beforehand (as the app makes it, off the GUI thread)."""
        if ctx is None:
            settings = dataclasses.replace(counter_settings, **settings_changes)
            ctx = CounterContext.create(db or catalog_center, settings)
        window = CounterWindow(ctx, counter, now=lambda: clock.moment, live=live)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        activate(qtbot, window)
        made.append(window)
        return window

    yield make
    for window in made:
        if shiboken6.isValid(window):
            window.shutdown()


def log_in(qtbot: QtBot, window: CounterWindow, username: str = "lan",
           secret: str = PASSWORD) -> None:
    """Type the user name, Enter, the secret, Enter: as a clerk does."""
    qtbot.keyClicks(window.login.username, username)
    qtbot.keyClick(window.login.username, Qt.Key.Key_Return)
    qtbot.keyClicks(window.login.secret, secret)
    qtbot.keyClick(window.login.secret, Qt.Key.Key_Return)


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make ``window`` the active one (keyboard shortcuts go to the active window)."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def press(qtbot: QtBot, window: QWidget, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed wherever the focus is in ``window`` (its shortcuts fire from any child)."""
    if not window.isActiveWindow():
        activate(qtbot, window)
    focus = QApplication.focusWidget()
    target = focus if focus is not None and focus.window() is window else window
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key; Vietnamese letters arrive as a keyboard
    layout delivers them (a key event carrying the character: QTest types ASCII only)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))

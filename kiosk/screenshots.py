"""``python -m kiosk --screenshot DIR``: every screen, portrait and landscape, as PNG files.

Headless. Without a configured database it builds the demo center (shared/demo.py) in a
temporary SQLite file, with the clock set to a Monday morning, so the pictures are the same
every time. Files: ``DIR/kiosk-<screen>-<landscape|portrait>-<W>x<H>.png``, and the same
screens in English at the sizes of ``ENGLISH_SIZES`` as ``…-<W>x<H>-en.png``.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.app import KioskWindow
from kiosk.flow import KioskFlow
from shared.clock import LOCAL_TZ, FixedClock
from shared.config import Settings
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.errors import LaysoError
from shared.models import Priority
from shared.ui.app import screenshot

log = logging.getLogger(__name__)

#: The kiosk's clock in the pictures: a Monday morning, then an evening for "closed".
MORNING = datetime(2026, 11, 23, 9, 30, tzinfo=LOCAL_TZ)
EVENING = datetime(2026, 11, 23, 18, 5, tzinfo=LOCAL_TZ)
SIZES: tuple[tuple[str, int, int], ...] = (
    ("landscape", 1920, 1080), ("portrait", 1080, 1920), ("landscape", 1024, 768),
    ("portrait", 768, 1024),
)
#: The sizes also rendered in English (the smallest screens: where English texts are longest).
ENGLISH_SIZES: tuple[tuple[str, int, int], ...] = (("landscape", 1024, 768),
                                                   ("portrait", 768, 1024))
SCREENS = ("home", "priority", "ticket", "lookup", "browse", "procedure", "dossier",
           "closed", "unavailable")


def screenshot_name(name: str, shape: str, width: int, height: int, language: str) -> str:
    suffix = "" if language == "vi" else f"-{language}"
    return f"kiosk-{name}-{shape}-{width}x{height}{suffix}.png"


def demo_database(folder: Path, clock: FixedClock) -> Database:
    """The demo center in ``folder``/kiosk-demo.db, its history ending at the clock's time."""
    from shared.demo import build_demo

    db = Database(f"sqlite:///{folder / 'kiosk-demo.db'}", clock=clock)
    upgrade(db)
    build_demo(db)
    return db


def render_all(out_dir: Path, settings: Settings) -> list[Path]:
    """Render every screen at every size into ``out_dir``; the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = dataclasses.replace(
        settings, kiosk=dataclasses.replace(settings.kiosk, fullscreen=False))
    with tempfile.TemporaryDirectory(prefix="layso-kiosk-shots-") as folder:
        if settings.database_url:
            # Its data are today's: the screen's clock says now (and this evening, closed).
            now = datetime.now(LOCAL_TZ)
            times = (now, now.replace(hour=EVENING.hour, minute=EVENING.minute))
            clock = FixedClock(now)
            db = Database(settings.database_url)
        else:
            times = (MORNING, EVENING)
            clock = FixedClock(MORNING)
            db = demo_database(Path(folder), clock)
        try:
            return _render(out_dir, settings, db, clock, times,
                           own_db=not settings.database_url)
        finally:
            db.dispose()


def _render(out_dir: Path, settings: Settings, db: Database, clock: FixedClock,
            times: tuple[datetime, datetime], *, own_db: bool) -> list[Path]:
    """``times``: the clock for the screens, and for the "closed" one."""
    open_at, closed_at = times
    flow = KioskFlow(db, settings, now=lambda: clock.moment)
    window = KioskWindow(flow, None, settings, language=settings.language, retry_ms=3_600_000,
                         live=False)
    written: list[Path] = []
    passes = [("vi", size) for size in SIZES] + [("en", size) for size in ENGLISH_SIZES]
    try:
        window.start()
        for language, (shape, width, height) in passes:
            window.set_language(language)
            for name in SCREENS:
                clock.moment = closed_at if name == "closed" else open_at
                try:
                    _STAGES[name](window, own_db)
                except LaysoError as error:
                    log.warning("screen %s not rendered: %s", name, error.message_en)
                    continue
                QApplication.processEvents()
                path = out_dir / screenshot_name(name, shape, width, height, language)
                written.append(screenshot(window, path, (width, height)))
        clock.moment = open_at
        window.set_language(settings.language)
    finally:
        window.shutdown()
        window.deleteLater()
        QApplication.processEvents()
    return written


def _home(window: KioskWindow, own_db: bool) -> None:
    window.go_home()


def _priority(window: KioskWindow, own_db: bool) -> None:
    window.go_home()
    window.home.priority_chosen.emit(Priority.ELDERLY)


def _ticket(window: KioskWindow, own_db: bool) -> None:
    window.go_home()
    if window.ticket.ticket is None and own_db:
        window.take_number(window.flow.services[0].code, Priority.NONE)
        return
    if window.ticket.ticket is None:
        # A configured database is never written to: show its latest waiting ticket.
        latest = window.flow.queue.latest_waiting(window.flow.site_code)
        if latest is not None:
            window.ticket.show_ticket(latest, "none")
    window.show_screen(window.ticket)


def _lookup(window: KioskWindow, own_db: bool) -> None:
    window.go_home()
    window.open_lookup()
    for key in ("k", "h", "a", "i", "space", "s", "i", "n", "h"):
        window.lookup.keyboard.key(key).click()


def _browse(window: KioskWindow, own_db: bool) -> None:
    """Lookup while browsing a field: the keyboard stepped aside for the results."""
    window.go_home()
    window.open_lookup()
    buttons = window.lookup.field_buttons
    if buttons:
        buttons[0].click()


def _procedure(window: KioskWindow, own_db: bool) -> None:
    results = window.flow.search("đăng ký khai sinh", limit=1)
    if results:
        window.open_procedure(results[0].code)


def _dossier(window: KioskWindow, own_db: bool) -> None:
    window.open_dossier()
    open_dossiers = window.flow.dossiers.list_open(window.flow.site_code)
    ready = [d for d in open_dossiers if d.status_text.startswith("Đã có")] or open_dossiers
    if ready:
        window.dossier.code.setText(ready[0].code)
        window.dossier.search.click()


def _closed(window: KioskWindow, own_db: bool) -> None:
    window.go_home()


def _unavailable(window: KioskWindow, own_db: bool) -> None:
    window.show_unavailable()


_STAGES: dict[str, Callable[[KioskWindow, bool], None]] = {
    "home": _home, "priority": _priority, "ticket": _ticket, "lookup": _lookup,
    "browse": _browse, "procedure": _procedure, "dossier": _dossier, "closed": _closed,
    "unavailable": _unavailable,
}

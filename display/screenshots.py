"""``layso display --screenshot DIR``: the board rendered to PNGs, headless, then exit.

Scenes: 6, 12 and 30 counters, each in landscape 1080p, 4K and portrait, a "now calling" moment,
and the disconnected and no-sound marks (1080p and portrait). On a configured database the
scenes only READ: the "now calling" moment is a made-up change (the next waiting number
called to the first open counter) handed to the board as the feed would, never written.
Without a configured database they run on a temporary demo database
(``shared.demo.build_demo``), to which the 12- and 30-counter scenes add counters, some named.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from display.app import DisplayWindow
from display.sites import choose_site
from shared.center import CenterService
from shared.changes import Change
from shared.config import Settings
from shared.db.database import Database
from shared.db.migrate import check_schema
from shared.errors import LaysoError
from shared.i18n import tr
from shared.models import CounterStatus
from shared.queue import QueueService
from shared.ui.app import screenshot

log = logging.getLogger(__name__)

SIZES = {"1080p": (1920, 1080), "4k": (3840, 2160), "portrait": (1080, 1920)}
DEMO_SITE = "CS1"
#: Some of the added counters have names of their own (shown under "QUẦY n").
COUNTER_NAMES = {7: "Ưu tiên", 13: "Tiếp nhận đất đai", 20: "Trả kết quả",
                 26: "Người có công, thương binh"}


def _window(db: Database, settings: Settings, site: str) -> DisplayWindow:
    return DisplayWindow(db, settings, site, live=False)


def made_up_call(db: Database, settings: Settings, window: DisplayWindow) -> Change | None:
    """A "ticket.called" change for the board's first open counter, made up from what the
    database holds (its next waiting ticket, else the one it serves); nothing is written."""
    queue = QueueService(db, settings.queue)
    for tile in window.snapshot.counters:
        if tile.status == CounterStatus.CLOSED:
            continue
        waiting = queue.waiting(tile.id, limit=1)
        service: str | None
        if waiting:
            number, service = waiting[0].ticket.number, waiting[0].ticket.service
        elif tile.ticket_number is not None:
            number, service = tile.ticket_number, tile.service_code
        else:
            continue
        return Change(id=0, kind="ticket.called", at=datetime.now(UTC),
                      site_id=window.snapshot.site_id, ticket_id=None, counter_id=tile.id,
                      clerk_id=None, dossier_id=None,
                      data={"number": number, "service": service,
                            "counter_number": tile.number})
    return None


def _show_a_call(db: Database, settings: Settings, window: DisplayWindow) -> None:
    """The "now calling" moment: a made-up call handed to the board as the feed would."""
    change = made_up_call(db, settings, window)
    if change is not None:
        window._on_changes([change])


def _scenes(db: Database, settings: Settings, site: str, folder: Path, label: str) -> list[Path]:
    saved = []
    for size_name, size in SIZES.items():
        window = _window(db, settings, site)
        saved.append(screenshot(window, folder / f"board-{label}-{size_name}.png", size))
        window.shutdown()
        window.deleteLater()
    window = _window(db, settings, site)
    window.resize(*SIZES["1080p"])
    _show_a_call(db, settings, window)
    saved.append(screenshot(window, folder / f"board-{label}-now-calling-1080p.png",
                            SIZES["1080p"]))
    window.shutdown()
    for size_name in ("1080p", "portrait"):
        window = DisplayWindow(db, settings, site, live=False,
                               voice_off_reason=tr("display.voice_disabled", settings.language))
        window._on_connection_lost("Mất kết nối cơ sở dữ liệu.")
        saved.append(screenshot(window, folder / f"board-{label}-disconnected-{size_name}.png",
                                SIZES[size_name]))
        window.shutdown()
        window.deleteLater()
    QApplication.processEvents()
    return saved


def _add_counters(db: Database, site: str, upto: int) -> None:
    """Grow the demo site to ``upto`` counters, most of them serving someone."""
    center = CenterService(db)
    queue = QueueService(db)
    codes = [service.code for service in center.services(site)]
    existing = {state.number for state in queue.counters(site)}
    for number in range(1, upto + 1):
        if number in existing:
            continue
        code = codes[number % len(codes)]
        state = center.add_counter(site, number, COUNTER_NAMES.get(number, f"Quầy {number}"),
                                   [code])
        if number % 9 == 0:
            continue  # left closed
        queue.issue_ticket(site, code)
        queue.call_next(state.id)


def render_screenshots(folder: Path, settings: Settings, site: str | None = None) -> list[Path]:
    """Render every scene into ``folder``; returns the PNGs written. ``site`` (else the
    config's, else the first) is the configured database's site to show."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = replace(settings, voice=replace(settings.voice, engine="none"))
    if settings.database_url:
        db = Database(settings.database_url)
        try:
            check_schema(db, create_if_empty=False)
            return _scenes(db, settings, choose_site(db, settings, site), folder, "configured")
        finally:
            db.dispose()
    from shared.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="layso-display-demo-") as temp:
        db = Database(f"sqlite:///{temp}/demo.db")
        try:
            check_schema(db)
            build_demo(db)
            saved = _scenes(db, settings, DEMO_SITE, folder, "6")
            _add_counters(db, DEMO_SITE, 12)
            saved += _scenes(db, settings, DEMO_SITE, folder, "12")
            _add_counters(db, DEMO_SITE, 30)
            saved += _scenes(db, settings, DEMO_SITE, folder, "30")
        except LaysoError:
            raise
        finally:
            db.dispose()
    return saved

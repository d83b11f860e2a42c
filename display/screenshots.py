"""``layso display --screenshot DIR``: the board rendered to PNGs, headless, then exit.

Scenes: 6 and 30 counters, each in landscape 1080p, 4K and portrait, a "now calling" moment
(a real call made through the core and delivered through the change feed), and the
disconnected mark. Without a configured database they run on a temporary demo database
(``shared.demo.build_demo``), to which the 30-counter scenes add counters.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from display.app import DisplayWindow
from shared.center import CenterService
from shared.changes import ChangeFeed
from shared.config import Settings
from shared.db.database import Database
from shared.db.migrate import check_schema
from shared.errors import LaysoError
from shared.models import Outcome
from shared.queue import QueueService
from shared.ui.app import screenshot

log = logging.getLogger(__name__)

SIZES = {"1080p": (1920, 1080), "4k": (3840, 2160), "portrait": (1080, 1920)}
DEMO_SITE = "CS1"


def _window(db: Database, settings: Settings, site: str) -> DisplayWindow:
    return DisplayWindow(db, settings, site, live=False)


def _call_one(db: Database, settings: Settings, site: str, window: DisplayWindow) -> None:
    """Make a real call through the core and hand the feed's changes to the board."""
    center = CenterService(db)
    feed = ChangeFeed(db, center.site(site).id)
    try:
        version = feed.version()
        queue = QueueService(db, settings.queue)
        for state in queue.counters(site):
            if state.current is not None:
                queue.finish(state.id, Outcome.GUIDED)
            services = center.services(site)
            eligible = [s.code for s in services if s.code in state.services] or [
                services[0].code]
            queue.issue_ticket(site, eligible[0])
            if queue.call_next(state.id) is not None:
                break
        window._on_changes(feed.changes_since(version))
        window._on_figures_due()
    finally:
        feed.close()


def _scenes(db: Database, settings: Settings, site: str, folder: Path, label: str) -> list[Path]:
    saved = []
    for size_name, size in SIZES.items():
        window = _window(db, settings, site)
        saved.append(screenshot(window, folder / f"board-{label}-{size_name}.png", size))
        window.shutdown()
        window.deleteLater()
    window = _window(db, settings, site)
    window.resize(*SIZES["1080p"])
    _call_one(db, settings, site, window)
    saved.append(screenshot(window, folder / f"board-{label}-now-calling-1080p.png",
                            SIZES["1080p"]))
    window.shutdown()
    window = _window(db, settings, site)
    window._on_connection_lost("Mất kết nối cơ sở dữ liệu.")
    saved.append(screenshot(window, folder / f"board-{label}-disconnected-1080p.png",
                            SIZES["1080p"]))
    window.shutdown()
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
        state = center.add_counter(site, number, f"Quầy {number}", [code])
        if number % 9 == 0:
            continue  # left closed
        queue.issue_ticket(site, code)
        queue.call_next(state.id)


def render_screenshots(folder: Path, settings: Settings) -> list[Path]:
    """Render every scene into ``folder``; returns the PNGs written."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = replace(settings, voice=replace(settings.voice, engine="none"))
    if settings.database_url:
        db = Database(settings.database_url)
        check_schema(db, create_if_empty=False)
        site = settings.site or CenterService(db).sites()[0].code
        return _scenes(db, settings, site, folder, "configured")
    from shared.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="layso-display-demo-") as temp:
        db = Database(f"sqlite:///{temp}/demo.db")
        try:
            check_schema(db)
            build_demo(db)
            saved = _scenes(db, settings, DEMO_SITE, folder, "6")
            _add_counters(db, DEMO_SITE, 30)
            saved += _scenes(db, settings, DEMO_SITE, folder, "30")
        except LaysoError:
            raise
        finally:
            db.dispose()
    return saved

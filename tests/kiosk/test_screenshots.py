"""``python -m kiosk --screenshot DIR`` renders every screen, portrait and landscape, headless."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.__main__ import main
from kiosk.screenshots import ENGLISH_SIZES, EVENING, SCREENS, SIZES, render_all, screenshot_name
from shared.clock import LOCAL_TZ
from shared.config import Settings
from shared.db.database import Database
from tests.center_data import SITE


def test_screenshot_option_writes_every_screen_in_both_orientations(tmp_path: Path) -> None:
    """On a temporary demo database (none configured) every screen is written at every size
    (768x1024 portrait included), and in English at the small sizes, each PNG exactly the size
    asked, and the command exits 0."""
    assert main(["--screenshot", str(tmp_path)]) == 0
    passes = [("vi", size) for size in SIZES] + [("en", size) for size in ENGLISH_SIZES]
    for language, (shape, width, height) in passes:
        for name in SCREENS:
            path = tmp_path / screenshot_name(name, shape, width, height, language)
            image = QImage(str(path))
            assert not image.isNull(), path.name
            assert (image.width(), image.height()) == (width, height), path.name
    assert {shape for shape, _w, _h in SIZES} == {"portrait", "landscape"}
    assert ("portrait", 768, 1024) in SIZES and ("portrait", 768, 1024) in ENGLISH_SIZES


def test_on_a_configured_database_the_pictures_show_todays_time(
        kiosk_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A configured database holds today's tickets: the top bar says today (now), and the
    "closed" picture this evening, not the fixed Monday of the temporary demo database (which
    put a ticket taken today under a clock of another day)."""
    import kiosk.widgets

    shown: list[datetime] = []
    real_show_time = kiosk.widgets.TopBar.show_time

    def recording(self: kiosk.widgets.TopBar, now: datetime, language: str) -> None:
        shown.append(now)
        real_show_time(self, now, language)

    monkeypatch.setattr(kiosk.widgets.TopBar, "show_time", recording)
    before = datetime.now(LOCAL_TZ)
    render_all(tmp_path, Settings(database_url=kiosk_db.url, site=SITE))
    assert shown
    assert {moment.date() for moment in shown} == {before.date()}
    assert any((moment.hour, moment.minute) == (EVENING.hour, EVENING.minute)
               for moment in shown)

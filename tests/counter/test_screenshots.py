"""``layso counter --screenshot DIR`` renders every view at both sizes on a temporary demo
database, touching nothing configured; a database with no site is a clear message."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from counter.__main__ import main
from counter.context import CounterContext, site_code
from shared.config import Settings
from shared.db.database import Database
from shared.errors import NotFound

VIEWS = ("login", "idle", "waiting", "serving", "outcome", "procedure", "receive", "transfer",
         "set-aside", "dossiers", "dossiers-search", "dossier-picker", "rating",
         "rating-reason")


def test_screenshot_mode_renders_every_view_and_leaves_the_given_database_alone(
        qtbot: QtBot, sqlite_center: Database, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """--screenshot with --db of a real center: 22 PNGs at 1366x768 and 1920x1080; the real
    database file is byte for byte the same afterwards (no demo data, no log-in); the idle,
    waiting-list and serving views are three different pictures."""
    real = Path(sqlite_center.url.removeprefix("sqlite:///"))
    sqlite_center.dispose()
    before = hashlib.sha256(real.read_bytes()).hexdigest()
    out = tmp_path / "shots"
    assert main(["--screenshot", str(out), "--db", sqlite_center.url]) == 0
    assert hashlib.sha256(real.read_bytes()).hexdigest() == before
    assert "không bị động đến" in capsys.readouterr().err
    for view in VIEWS:
        for width, height in ((1366, 768), (1920, 1080)):
            with Image.open(out / f"counter-{view}-{width}x{height}.png") as image:
                assert image.size == (width, height), view
    pictures = {view: (out / f"counter-{view}-1366x768.png").read_bytes()
                for view in ("idle", "waiting", "serving")}
    assert len(set(pictures.values())) == 3


def test_a_database_with_no_site_says_so(sqlite_db: Database) -> None:
    """The counter and the rating panel on a database with no site: a clear Vietnamese
    message (NotFound), not an IndexError; a configured site that does not exist is named."""
    with pytest.raises(NotFound, match="chưa có điểm phục vụ nào"):
        site_code(sqlite_db, None)
    with pytest.raises(NotFound, match="chưa có điểm phục vụ nào"):
        CounterContext.create(sqlite_db, Settings())
    with pytest.raises(NotFound, match="KHONGCO"):
        site_code(sqlite_db, "KHONGCO")

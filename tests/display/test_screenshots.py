"""``layso display --screenshot DIR``: every scene rendered to a PNG, headless, on a demo."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from display.__main__ import main
from shared.clock import FixedClock
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.queue import QueueService
from tests.center_data import build_center


@pytest.mark.slow
def test_screenshot_renders_every_scene_on_a_temporary_demo(qapp: QApplication,
                                                            tmp_path: Path) -> None:
    """6, 12 and 30 counters × (1080p, 4K, portrait, now calling, disconnected in 1080p
    and portrait): 18 PNGs of the right sizes; exit code 0."""
    assert main(["--screenshot", str(tmp_path)]) == 0
    sizes = {path.name: QImage(str(path)).size() for path in tmp_path.glob("*.png")}
    assert len(sizes) == 18
    for name, size in sizes.items():
        expected = {"4k": (3840, 2160), "portrait": (1080, 1920)}.get(
            name.removesuffix(".png").rsplit("-", 1)[-1], (1920, 1080))
        assert (size.width(), size.height()) == expected, name


def _everything(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a SQLite file (sorted), read with the sqlite3 module."""
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(),
                              key=repr) for table in tables}
    finally:
        connection.close()


@pytest.fixture
def configured(tmp_path: Path, clock: FixedClock,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A configured SQLite database (LAYSO_DATABASE_URL) with the test center, counters 1 and
    2 serving, and tickets waiting."""
    path = tmp_path / "center.db"
    db = Database(f"sqlite:///{path}", clock=clock)
    upgrade(db)
    build_center(db)
    queue = QueueService(db)
    for service in ("HT", "CT", "HT", "CT", "DD"):
        queue.issue_ticket("HQ", service)
    queue.call_next(queue.find_counter("HQ", 1).id)
    queue.call_next(queue.find_counter("HQ", 2).id)
    db.dispose()
    monkeypatch.setenv("LAYSO_DATABASE_URL", f"sqlite:///{path}")
    yield path


@pytest.mark.slow
def test_screenshots_of_a_configured_database_never_write_to_it(
        qapp: QApplication, configured: Path, tmp_path: Path) -> None:
    """Every table holds exactly the same rows after a screenshot run (no ticket finished,
    issued or called, no event appended); the "now calling" scene still shows a call."""
    before = _everything(configured)
    events_max = max(row[0] for row in before["events"])
    assert main(["--screenshot", str(tmp_path / "shots")]) == 0
    after = _everything(configured)
    assert max(row[0] for row in after["events"]) == events_max
    assert {table: len(rows) for table, rows in after.items()} == \
        {table: len(rows) for table, rows in before.items()}
    assert after == before
    names = sorted(path.name for path in (tmp_path / "shots").glob("*.png"))
    assert "board-configured-now-calling-1080p.png" in names and len(names) == 6


def test_screenshot_site_option_is_used(qapp: QApplication, configured: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """``--site`` chooses the configured database's site: an unknown code is refused by name
    (exit code 1), before anything is rendered."""
    assert main(["--screenshot", str(tmp_path / "shots"), "--site", "NOPE"]) == 1
    assert "NOPE" in capsys.readouterr().err
    assert not list((tmp_path / "shots").glob("*.png"))


def test_screenshot_of_a_configured_database_without_a_site_says_so(
        qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A configured database with no site at all: a clear message and exit code 1 (not an
    IndexError)."""
    db = Database(f"sqlite:///{tmp_path}/empty.db")
    upgrade(db)
    db.dispose()
    monkeypatch.setenv("LAYSO_DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    assert main(["--screenshot", str(tmp_path / "shots")]) == 1
    assert "Chưa chọn điểm phục vụ" in capsys.readouterr().err

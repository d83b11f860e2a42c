"""The grid chooser fits 2–40 counters on 1080p, 4K and portrait with the biggest numbers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from display.app import DisplayWindow
from display.grid import cap_height_mm, choose_grid
from shared.center import CenterService
from shared.config import Settings
from shared.db.database import Database
from shared.queue import QueueService
from shared.ui.fonts import load_fonts

SCREENS = {"1080p": (1380, 880), "4k": (2760, 1760), "portrait": (1044, 1000)}


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("count", [2, 3, 6, 12, 20, 30, 40])
def test_every_counter_gets_a_cell_and_no_row_is_wasted(screen: str, count: int) -> None:
    """columns × rows holds every counter, and one row fewer would not."""
    width, height = SCREENS[screen]
    grid = choose_grid(count, width, height)
    assert grid.columns * grid.rows >= count
    assert grid.columns * (grid.rows - 1) < count
    assert grid.tile_width * grid.columns <= width + 1e-6
    assert grid.tile_height * grid.rows <= height + 1e-6


def test_the_chosen_grid_gives_the_biggest_number_of_all_grids() -> None:
    """No other column count gives a bigger number font for 30 counters on 1080p."""
    from display.grid import number_font_px

    grid = choose_grid(30, 1380, 880)
    for columns in range(1, 31):
        rows = -(-30 // columns)
        assert number_font_px(1380 / columns, 880 / rows) <= grid.number_px
    assert (grid.columns, grid.rows) == (6, 5)


def test_six_counters_on_a_43_inch_1080p_screen_are_readable_from_5_metres() -> None:
    """The serving number's cap height is at least 5 cm with 6 counters on a 43" 1080p screen
    (the tile area of the landscape layout: 1380 × 880 px)."""
    grid = choose_grid(6, 1380, 880)
    assert cap_height_mm(grid.number_px) >= 50.0


def test_cap_height_follows_the_screen_size() -> None:
    """100 px on a 43" 1080p screen: 0.714 em × 100 px × 0.496 mm/px ≈ 35 mm."""
    assert cap_height_mm(100) == pytest.approx(35.4, abs=0.3)
    assert cap_height_mm(200, 2160) == pytest.approx(cap_height_mm(100, 1080))


def _board_of(db: Database, counters: int) -> None:
    """Site HQ with ``counters`` counters, each serving a 4-glyph number (A001 …)."""
    center = CenterService(db)
    center.add_site("HQ", "Trung tâm Phục vụ hành chính công phường Bến Thành")
    center.add_service("HQ", "HT", "Hộ tịch", prefix="A")
    queue = QueueService(db)
    for number in range(1, counters + 1):
        state = center.add_counter("HQ", number, f"Quầy {number}", ["HT"])
        queue.issue_ticket("HQ", "HT")
        queue.call_next(state.id)


#: The cap height (mm) each count must reach on a 43" 1080p screen. Why these bars: reading
#: from 5 m, a letter of 1/150 of the distance (33 mm; the common sign rule of about 1 inch
#: of letter height per 10–12 feet) is comfortable; 20/20 vision resolves a 5-arcminute letter
#: (7.3 mm at 5 m), and ~4× that (29 mm) is the floor for reading at a glance. Up to 12
#: counters the board keeps the project's 50 mm; 20 keep 40 mm; 30 stay above the comfortable
#: 33 mm; at 40 the screen itself is the limit (7 × 6 tiles of ~235 × 150 px for a 2.4-em
#: number), so the bar is the 30 mm floor: a center of 40 counters is better served by a
#: bigger screen, or two.
CAP_HEIGHT_BARS_MM = {6: 50.0, 12: 50.0, 20: 40.0, 30: 35.0, 40: 30.0}


@pytest.fixture
def bundled_fonts(qapp: QApplication) -> Iterator[None]:
    """The bundled Noto Sans registered, as every app does at start (app font restored)."""
    before = QGuiApplication.font()
    load_fonts()
    yield
    QGuiApplication.setFont(before)


@pytest.mark.parametrize("counters", sorted(CAP_HEIGHT_BARS_MM))
def test_ticket_numbers_stay_readable_from_5_metres_with_many_counters(
        sqlite_db: Database, qtbot: QtBot, bundled_fonts: None, counters: int) -> None:
    """The numbers actually painted on the real 1920 × 1080 board reach the bar for that many
    counters (see CAP_HEIGHT_BARS_MM for the bars and why)."""
    _board_of(sqlite_db, counters)
    board = DisplayWindow(sqlite_db, Settings(site="HQ"), "HQ", live=False)
    qtbot.addWidget(board)
    board.resize(1920, 1080)
    board.show()
    board.grab()  # paints every tile
    sizes = {tile.number_px for tile in board.grid.tiles.values()}
    assert len(board.grid.tiles) == counters
    assert cap_height_mm(min(sizes)) >= CAP_HEIGHT_BARS_MM[counters], sizes
    board.shutdown()

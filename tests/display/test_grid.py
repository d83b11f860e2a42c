"""The grid chooser fits 2–40 counters on 1080p, 4K and portrait with the biggest numbers."""

from __future__ import annotations

import pytest

from display.grid import cap_height_mm, choose_grid

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

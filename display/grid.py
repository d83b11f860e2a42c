"""Choose the counter grid: how many columns and rows make the ticket numbers biggest.

A tile shows its counter's label on top, the ticket number (the biggest text), and the
service below. The number's font size is bounded by the tile's height share and by the
width of the longest number ("A012" ≈ 4 glyphs of ~0.62 em). No Qt here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Share of a tile's height the number's font may take (the rest: label, service, margins).
NUMBER_HEIGHT_SHARE = 0.50
#: Average advance of a ticket number's glyph (bold Noto Sans digits and capitals), in em.
GLYPH_EM = 0.64
#: Noto Sans's cap height (and digit height), in em.
CAP_HEIGHT_EM = 0.714


@dataclass(frozen=True)
class Grid:
    columns: int
    rows: int
    tile_width: float
    tile_height: float
    number_px: int  # the ticket number's font size (pixels)


def number_font_px(tile_width: float, tile_height: float, glyphs: int = 4) -> int:
    """The biggest number font size that fits a tile of that size."""
    by_height = tile_height * NUMBER_HEIGHT_SHARE
    by_width = tile_width * 0.86 / (max(glyphs, 1) * GLYPH_EM)
    return max(8, int(min(by_height, by_width)))


def choose_grid(count: int, width: float, height: float, gap: float = 0.0,
                glyphs: int = 4) -> Grid:
    """The columns × rows for ``count`` tiles in a ``width`` × ``height`` area that gives the
    biggest ticket number (ties: fewer empty cells, then wider tiles)."""
    count = max(count, 1)
    best: tuple[tuple[int, int, float], Grid] | None = None
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        if columns > 1 and math.ceil(count / (columns - 1)) == rows:
            continue  # the same rows with one column fewer: wider tiles, never worse
        tile_w = (width - gap * (columns - 1)) / columns
        tile_h = (height - gap * (rows - 1)) / rows
        if tile_w <= 0 or tile_h <= 0:
            continue
        grid = Grid(columns, rows, tile_w, tile_h, number_font_px(tile_w, tile_h, glyphs))
        key = (grid.number_px, -(columns * rows - count), tile_w)
        if best is None or key > best[0]:
            best = (key, grid)
    if best is None:
        return Grid(1, count, width, height / count, number_font_px(width, height / count))
    return best[1]


def cap_height_mm(font_px: float, screen_height_px: int = 1080,
                  diagonal_inches: float = 43.0) -> float:
    """The cap height in millimetres of ``font_px`` text on a 16:9 screen of that size."""
    height_mm = diagonal_inches * 25.4 * 9 / math.hypot(16, 9)
    return font_px * CAP_HEIGHT_EM * height_mm / screen_height_px

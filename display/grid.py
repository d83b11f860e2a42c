"""Choose the counter grid: how many columns and rows make the ticket numbers biggest.

A tile (``display.tile``) keeps a thin gap around its panel; inside, the counter's label on
top, the ticket number (the biggest text) and the service below. The number's font size is
bounded by the panel's height share and by the width of the number: "A053" in bold Noto Sans
is 2.41 em wide (measured), 4 glyphs of ~0.6 em. No Qt here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The gap around a tile's panel, each side, as a share of the tile's shorter side.
TILE_GAP_SHARE = 0.01
#: Share of the panel's height the number's font (em) may take; the rest: label, service.
NUMBER_HEIGHT_SHARE = 0.60
#: Share of the panel's width the number may take.
NUMBER_WIDTH_SHARE = 0.92
#: Width of a 4-glyph ticket number ("A053") in bold Noto Sans, in em.
NUMBER_EM = 2.41
#: Average advance of a ticket number's glyph, in em.
GLYPH_EM = NUMBER_EM / 4
#: Noto Sans's cap height (and digit height), in em.
CAP_HEIGHT_EM = 0.714


@dataclass(frozen=True)
class Grid:
    columns: int
    rows: int
    tile_width: float
    tile_height: float
    number_px: int  # the ticket number's font size (pixels)


def tile_gap(tile_width: float, tile_height: float) -> float:
    """The gap around a tile's panel (each side), in pixels."""
    return max(2.0, min(tile_width, tile_height) * TILE_GAP_SHARE)


def number_font_px(tile_width: float, tile_height: float, glyphs: int = 4,
                   text_em: float | None = None) -> int:
    """The biggest number font size that fits a tile of that size (``text_em``: the
    number's measured width in em; default ``glyphs`` × GLYPH_EM)."""
    gap = tile_gap(tile_width, tile_height)
    width_em = text_em if text_em is not None else max(glyphs, 1) * GLYPH_EM
    by_height = (tile_height - 2 * gap) * NUMBER_HEIGHT_SHARE
    by_width = (tile_width - 2 * gap) * NUMBER_WIDTH_SHARE / width_em
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

"""The grid of counter tiles, laid out by ``display.grid.choose_grid`` to fit 2–40 counters."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from display.grid import Grid, choose_grid
from display.tile import CounterTileWidget
from shared.board import CounterTile


class CounterGrid(QWidget):
    """Tiles by counter number; ``set_counters`` updates them in place (new tiles only when
    counters were added or removed)."""

    def __init__(self, parent: QWidget | None = None, language: str = "vi") -> None:
        super().__init__(parent)
        self.language = language
        self.tiles: dict[int, CounterTileWidget] = {}
        self.grid: Grid | None = None
        self.on_painted: Callable[[str], None] | None = None

    def set_counters(self, counters: Sequence[CounterTile],
                     service_name: Callable[[str | None], str]) -> None:
        numbers = [tile.number for tile in counters]
        if numbers != list(self.tiles):
            for widget in self.tiles.values():
                widget.setParent(None)
                widget.deleteLater()
            self.tiles = {}
            for tile in counters:
                widget = CounterTileWidget(tile, service_name(tile.service_code), self,
                                           self.language)
                widget.on_painted = self._on_tile_painted
                self.tiles[tile.number] = widget
                widget.show()
            self._relayout()
            return
        for tile in counters:
            self.tiles[tile.number].set_tile(tile, service_name(tile.service_code))

    def tile(self, number: int) -> CounterTileWidget:
        return self.tiles[number]

    def _on_tile_painted(self, text: str) -> None:
        if self.on_painted is not None:
            self.on_painted(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        if not self.tiles:
            return
        width, height = self.width(), self.height()
        self.grid = choose_grid(len(self.tiles), width, height)
        columns = self.grid.columns
        for index, widget in enumerate(self.tiles.values()):
            row, column = divmod(index, columns)
            left = round(column * width / columns)
            right = round((column + 1) * width / columns)
            top = round(row * height / self.grid.rows)
            bottom = round((row + 1) * height / self.grid.rows)
            widget.setGeometry(left, top, right - left, bottom - top)

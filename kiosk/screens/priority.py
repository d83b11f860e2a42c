"""Priority: after choosing a group on home, one tap on a service gives a priority number."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.screens.base import Screen
from kiosk.screens.home import PRIORITY_GROUPS, service_name
from kiosk.widgets import Tile, label, service_icon
from shared.i18n import tr
from shared.models import Priority
from shared.views import ServiceView


class PriorityScreen(Screen):
    """The services as brown tiles, for the priority group chosen on home."""

    service_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.priority = Priority.ELDERLY
        self.heading = label("", "heading")
        self.heading.setObjectName("bigTitle")
        self.explain = label("", "lead")
        self.body.addWidget(self.heading)
        self.body.addWidget(self.explain)
        self._grid = QGridLayout()
        self._grid.setSpacing(14)
        self.body.addLayout(self._grid, 1)
        self._services: list[ServiceView] = []
        self.tiles: dict[str, Tile] = {}
        self._sold_out: set[str] = set()

    def set_services(self, services: list[ServiceView]) -> None:
        if [s.code for s in services] == [s.code for s in self._services]:
            return
        for tile in self.tiles.values():
            tile.deleteLater()
        self.tiles = {}
        for service in services:
            tile = Tile(service_icon(service), "priorityTile")
            tile.setObjectName(f"priority_service_{service.code}")
            tile.clicked.connect(partial(self.service_chosen.emit, service.code))
            self.tiles[service.code] = tile
        self._services = list(services)
        self._place()
        self.retranslate(self.language)

    def set_sold_out(self, codes: set[str]) -> None:
        """Services without numbers left today can't be tapped here either."""
        self._sold_out = set(codes)
        self.retranslate(self.language)

    def set_priority(self, priority: Priority) -> None:
        self.priority = priority
        self.retranslate(self.language)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        group = dict(PRIORITY_GROUPS).get(self.priority, "kiosk.priority_title")
        self.heading.setText(f"{tr('kiosk.priority_title', language)}: {tr(group, language)}")
        self.explain.setText(tr("kiosk.priority_explain", language))
        for service in self._services:
            sold_out = service.code in self._sold_out
            self.tiles[service.code].setEnabled(not sold_out)
            self.tiles[service.code].set_texts(
                service_name(service, language), tr("kiosk.sold_out", language) if sold_out
                else "")

    def set_shape(self, portrait: bool, font_px: int, width: int = 1280) -> None:
        super().set_shape(portrait, font_px, width)
        for tile in self.tiles.values():
            tile.set_icon_px(round(font_px * 2.4))
        self._place()

    def _place(self) -> None:
        for tile in self.tiles.values():
            self._grid.removeWidget(tile)
        columns = 2 if self.portrait or len(self.tiles) <= 4 else 3
        for index, tile in enumerate(self.tiles.values()):
            self._grid.addWidget(tile, index // columns, index % columns)

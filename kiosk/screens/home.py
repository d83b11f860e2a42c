"""Home: one big tile per service, the priority choice, procedure and dossier lookup."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.screens.base import Screen
from kiosk.widgets import Tile, label, service_icon, touch_px
from shared.i18n import tr
from shared.models import Priority
from shared.ui.icons import icon
from shared.views import ServiceView

#: The priority groups of DOMAIN.md, in the order they are shown, with their text keys.
PRIORITY_GROUPS: tuple[tuple[Priority, str], ...] = (
    (Priority.ELDERLY, "kiosk.group_elderly"),
    (Priority.DISABLED, "kiosk.group_disabled"),
    (Priority.PREGNANT, "kiosk.group_pregnant"),
    (Priority.MERIT, "kiosk.group_merit"),
)


def service_name(service: ServiceView, language: str) -> str:
    return service.name_en if language == "en" and service.name_en else service.name


class HomeScreen(Screen):
    """The first screen. Services left (landscape) or on top (portrait), the rest beside."""

    service_chosen = Signal(str)
    priority_chosen = Signal(object)  # Priority
    lookup_clicked = Signal()
    dossier_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(with_nav=False, parent=parent)
        self.heading = label("", "heading")
        self.body.addWidget(self.heading)
        self._services: list[ServiceView] = []
        self._counts: dict[str, int] = {}
        self.tiles: dict[str, Tile] = {}
        self._tile_box = QWidget()
        self._tile_grid = QGridLayout(self._tile_box)
        self._tile_grid.setContentsMargins(0, 0, 0, 0)
        self._tile_grid.setSpacing(14)
        # The priority panel: a tinted card with one button per group.
        self.priority_card = QFrame()
        self.priority_card.setProperty("kiosk", "priorityCard")
        card = QVBoxLayout(self.priority_card)
        card.setContentsMargins(14, 10, 14, 14)
        self.priority_heading = label("", "section")
        self.priority_heading.setStyleSheet("color: #8C2F00;")
        self.priority_icon = QLabel()
        heading = QHBoxLayout()
        heading.addWidget(self.priority_icon)
        heading.addWidget(self.priority_heading, 1)
        card.addLayout(heading)
        self._group_grid = QGridLayout()
        self._group_grid.setSpacing(10)
        card.addLayout(self._group_grid)
        self.priority_buttons: dict[Priority, QPushButton] = {}
        for index, (priority, _key) in enumerate(PRIORITY_GROUPS):
            tile = QPushButton()
            tile.setProperty("kiosk", "groupButton")
            tile.setMinimumHeight(touch_px(tile))
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            tile.clicked.connect(partial(self.priority_chosen.emit, priority))
            tile.setObjectName(f"priority_{priority.value}")
            self.priority_buttons[priority] = tile
            self._group_grid.addWidget(tile, index // 2, index % 2)
        self.lookup = Tile("search", "lightTile")
        self.lookup.setObjectName("lookupTile")
        self.lookup.clicked.connect(self.lookup_clicked)
        self.dossier = Tile("dossier_lookup", "lightTile")
        self.dossier.setObjectName("dossierTile")
        self.dossier.clicked.connect(self.dossier_clicked)
        self._side_box = QWidget()
        self._side = QGridLayout(self._side_box)
        self._side.setContentsMargins(0, 0, 0, 0)
        self._side.setSpacing(14)
        self._main = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._main.setSpacing(18)
        self._main.addWidget(self._tile_box, 3)
        self._main.addWidget(self._side_box, 2)
        self.body.addLayout(self._main, 1)
        self._place()

    # -- data -----------------------------------------------------------------------------------
    def set_services(self, services: list[ServiceView], counts: dict[str, int]) -> None:
        """One tile per service (rebuilt when the services change)."""
        if [s.code for s in services] != [s.code for s in self._services]:
            for tile in self.tiles.values():
                tile.deleteLater()
            self.tiles = {}
            for service in services:
                tile = Tile(service_icon(service))
                tile.setObjectName(f"service_{service.code}")
                tile.clicked.connect(partial(self.service_chosen.emit, service.code))
                self.tiles[service.code] = tile
        self._services = list(services)
        self._counts = dict(counts)
        self._place()
        self.retranslate(self.language)

    def set_counts(self, counts: dict[str, int]) -> None:
        self._counts = dict(counts)
        self.retranslate(self.language)

    # -- hooks ----------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.heading.setText(tr("kiosk.welcome", language))
        for service in self._services:
            count = self._counts.get(service.code, 0)
            waiting = (tr("kiosk.waiting_count", language, count=count) if count
                       else tr("kiosk.nobody_waiting", language))
            self.tiles[service.code].set_texts(service_name(service, language), waiting)
        self.priority_heading.setText(tr("kiosk.priority_title", language))
        for priority, key in PRIORITY_GROUPS:
            self.priority_buttons[priority].setText(tr(key, language))
        self.lookup.set_texts(tr("kiosk.lookup_button", language),
                              tr("kiosk.lookup_hint", language))
        self.dossier.set_texts(tr("kiosk.dossier_button", language),
                               tr("kiosk.dossier_hint_short", language))

    def set_shape(self, portrait: bool, font_px: int, width: int = 1280) -> None:
        super().set_shape(portrait, font_px, width)
        for tile in self.tiles.values():
            tile.set_icon_px(round(font_px * 2.6))
        side = round(font_px * 1.5)
        self.priority_icon.setPixmap(icon("priority", "#8C2F00").pixmap(QSize(side, side)))
        for tile in (self.lookup, self.dossier):
            tile.set_icon_px(round(font_px * 1.6))
        self._place()

    # -- layout ---------------------------------------------------------------------------------
    def _place(self) -> None:
        for tile in self.tiles.values():
            self._tile_grid.removeWidget(tile)
        # Tiles at least ~13 characters wide: fewer columns on narrow windows.
        area = self.window_width * (1.0 if self.portrait else 0.58)
        fit = max(1, int(area // (self.font_px * 13)))
        columns = max(1, min(fit, 3, 2 if len(self.tiles) <= 4 else 3))
        for index, tile in enumerate(self.tiles.values()):
            self._tile_grid.addWidget(tile, index // columns, index % columns)
        for column in range(3):
            self._tile_grid.setColumnStretch(column, 1 if column < columns else 0)
        for widget in (self.priority_card, self.lookup, self.dossier):
            self._side.removeWidget(widget)
        self._side.addWidget(self.priority_card, 0, 0, 1, 2)
        if self.portrait:
            self._main.setDirection(QBoxLayout.Direction.TopToBottom)
            self._main.setStretch(0, 1)
            self._main.setStretch(1, 0)
            self._side.addWidget(self.lookup, 1, 0)
            self._side.addWidget(self.dossier, 1, 1)
            self._side.setRowStretch(2, 0)
        else:
            self._main.setDirection(QBoxLayout.Direction.LeftToRight)
            self._main.setStretch(0, 3)
            self._main.setStretch(1, 2)
            self._side.addWidget(self.lookup, 1, 0, 1, 2)
            self._side.addWidget(self.dossier, 2, 0, 1, 2)
        self._side.setRowStretch(1, 1)
        self._side.setRowStretch(2, 0 if self.portrait else 1)
        for tile in (self.lookup, self.dossier):
            tile.setMinimumHeight(round(touch_px(tile) * 1.4))

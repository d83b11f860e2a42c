"""Home: one big tile per service, the priority choice, procedure and dossier lookup.

The service tiles are sized by their wrapped names: the grid takes the fewest columns (and the
largest title and icon) with which every name fits whole in its tile, so six or eight services
on a 1024x768 screen never lose part of a name. A sold-out tile says what to do (come back on
the next working day, or file online), dark on light; while the printer fails a warning in
body-size text over the tiles says the number will be on the screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
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
from shared.ui.theme import MIN_TOUCH_MM, mm_to_px
from shared.views import ServiceView

#: The priority groups of DOMAIN.md, in the order they are shown, with their text keys.
PRIORITY_GROUPS: tuple[tuple[Priority, str], ...] = (
    (Priority.ELDERLY, "kiosk.group_elderly"),
    (Priority.DISABLED, "kiosk.group_disabled"),
    (Priority.PREGNANT, "kiosk.group_pregnant"),
    (Priority.MERIT, "kiosk.group_merit"),
)


#: More services than this on a landscape screen get a narrower side panel.
MANY_SERVICES = 5
#: Tile title sizes (× body text) and icon sizes tried, largest first.
TITLE_SCALES = (1.15, 1.0, 0.9, 0.8, 0.72)
ICON_SCALES = (2.6, 1.8, 1.3)
#: A tile's inner margins and the gap between its icon and text (see kiosk.widgets.Tile).
_TILE_MARGINS = (18 + 18, 10 + 10)
_TILE_GAP = 16


@dataclass(frozen=True)
class TileFit:
    """How the service tiles are laid out: columns, title and icon size in pixels."""

    columns: int
    title_px: int
    icon_px: int


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
        self.printer_notice = QFrame()
        self.printer_notice.setObjectName("printerNotice")
        self.printer_notice.setProperty("kiosk", "notice")
        notice = QHBoxLayout(self.printer_notice)
        notice.setContentsMargins(16, 8, 16, 8)
        self.printer_text = label("", name="printerNoticeText")
        notice.addWidget(self.printer_text, 1)
        self.printer_notice.hide()
        self.body.addWidget(self.printer_notice)
        self._printer_follow = False
        self._services: list[ServiceView] = []
        self._counts: dict[str, int] = {}
        self._sold_out: set[str] = set()
        self._next_day: datetime | None = None
        self.tiles: dict[str, Tile] = {}
        self._tile_box = QWidget()
        # Its size comes from the window, never from the tiles: the tiles adapt to it (see
        # _fit_tiles), so a fit cannot feed back into the size it was made for.
        self._tile_box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
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
        self.fit = TileFit(1, 0, 0)
        self._fit_key: tuple[object, ...] = ()
        self._tile_box.installEventFilter(self)
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
        self._fit_key = ()
        self._place()
        self.retranslate(self.language)

    def set_sold_out(self, codes: set[str], next_day: datetime | None = None) -> None:
        """Services that gave their last number today: not tappable, and saying what to do
        ("come back on Thứ Tư 25/11 or file online"); ``next_day`` is the next day numbers
        are issued."""
        if codes != self._sold_out or next_day != self._next_day:
            self._sold_out = set(codes)
            self._next_day = next_day
            self.retranslate(self.language)

    def set_printer_trouble(self, failing: bool, *, follow: bool = False) -> None:
        """Show (or hide) the printer warning; ``follow``: the phone page exists (QR)."""
        self._printer_follow = follow
        self.printer_notice.setVisible(failing)
        self.retranslate(self.language)

    def sold_out_text(self, language: str) -> str:
        if self._next_day is None:
            return tr("kiosk_help.sold_out_online", language)
        weekday = tr(f"kiosk.weekday_{self._next_day.weekday()}", language)
        return tr("kiosk_help.sold_out_next", language,
                  day=f"{weekday} {self._next_day:%d/%m}")

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
            tile = self.tiles[service.code]
            sold_out = service.code in self._sold_out
            tile.setEnabled(not sold_out)
            tile.set_sold_out(sold_out)
            tile.set_texts(service_name(service, language),
                           self.sold_out_text(language) if sold_out else waiting)
        self.printer_text.setText("⚠ " + tr("kiosk_help.printer_down_follow"
                                            if self._printer_follow
                                            else "kiosk_help.printer_down", language))
        self.priority_heading.setText(tr("kiosk.priority_title", language))
        for priority, key in PRIORITY_GROUPS:
            self.priority_buttons[priority].setText(tr(key, language))
        self.lookup.set_texts(tr("kiosk.lookup_button", language),
                              tr("kiosk.lookup_hint", language))
        self.dossier.set_texts(tr("kiosk.dossier_button", language),
                               tr("kiosk.dossier_hint_short", language))
        self._fit_tiles()

    def set_shape(self, portrait: bool, font_px: int, width: int = 1280) -> None:
        super().set_shape(portrait, font_px, width)
        side = round(font_px * 1.5)
        self.priority_icon.setPixmap(icon("priority", "#8C2F00").pixmap(QSize(side, side)))
        for tile in (self.lookup, self.dossier):
            tile.set_icon_px(round(font_px * 1.6))
        self._place()

    # -- layout ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._tile_box and event.type() == QEvent.Type.Resize:
            self._fit_tiles()
        return super().eventFilter(watched, event)

    def _fit_tiles(self) -> None:
        """Choose columns, title and icon sizes so every service name fits whole."""
        tiles = list(self.tiles.values())
        box = self._tile_box.size()
        key = (box.width(), box.height(), self.font_px, self.portrait,
               tuple(tile.title.text() for tile in tiles), tuple(tile.subtitle.text()
                                                                 for tile in tiles))
        if not tiles or box.width() <= 0 or box.height() <= 0 or key == self._fit_key:
            return
        self._fit_key = key
        fit = self._best_fit(tiles, box.width(), box.height())
        for tile in tiles:
            tile.set_icon_px(fit.icon_px)
            tile.title.setStyleSheet(f"font-size: {fit.title_px}px; font-weight: bold;")
        if fit.columns != self.fit.columns:
            self.fit = fit
            self._place()
        self.fit = fit

    def _best_fit(self, tiles: list[Tile], width: int, height: int) -> TileFit:
        spacing = self._tile_grid.spacing()
        subtitle = QFont(self.font())
        subtitle.setPixelSize(max(8, round(self.font_px * 0.8)))
        fallback = TileFit(min(3, len(tiles)), round(self.font_px * TITLE_SCALES[-1]),
                           round(self.font_px * ICON_SCALES[-1]))
        for title_scale in TITLE_SCALES:
            title = QFont(self.font())
            title.setPixelSize(max(8, round(self.font_px * title_scale)))
            title.setBold(True)
            for icon_scale in ICON_SCALES:
                icon_px = round(self.font_px * icon_scale)
                for columns in range(1, min(3, len(tiles)) + 1):
                    rows = math.ceil(len(tiles) / columns)
                    tile_width = (width - spacing * (columns - 1)) // columns
                    share = (height - spacing * (rows - 1)) / rows
                    text_width = tile_width - _TILE_MARGINS[0] - icon_px - _TILE_GAP
                    needed = [self._tile_height(tile, title, subtitle, text_width, icon_px)
                              for tile in tiles]
                    if max(needed) <= share:
                        return TileFit(columns, title.pixelSize(), icon_px)
        return fallback

    @staticmethod
    def _tile_height(tile: Tile, title: QFont, subtitle: QFont, text_width: int,
                     icon_px: int) -> float:
        """The tile's height with its title wrapped at ``text_width``; infinite when a word
        of the title is wider than that (it would be cut)."""
        metrics = QFontMetrics(title)
        words = tile.title.text().split()
        if text_width <= 0 or any(metrics.horizontalAdvance(w) > text_width for w in words):
            return math.inf
        flags = int(Qt.TextFlag.TextWordWrap)
        area = QRect(0, 0, text_width, 100_000)
        text_height = metrics.boundingRect(area, flags, tile.title.text()).height()
        if tile.subtitle.text():
            text_height += QFontMetrics(subtitle).boundingRect(
                area, flags, tile.subtitle.text()).height() + 2
        return max(text_height, icon_px) + _TILE_MARGINS[1]

    def _place(self) -> None:
        for tile in self.tiles.values():
            self._tile_grid.removeWidget(tile)
        columns = max(1, self.fit.columns)
        for index, tile in enumerate(self.tiles.values()):
            self._tile_grid.addWidget(tile, index // columns, index % columns)
        for column in range(3):
            self._tile_grid.setColumnStretch(column, 1 if column < columns else 0)
        # Many services on a landscape screen: a narrower side panel (the priority groups in
        # one column) leaves the tiles room for their names.
        many = not self.portrait and len(self.tiles) > MANY_SERVICES
        for button in self.priority_buttons.values():
            self._group_grid.removeWidget(button)
        for index, (priority, _key) in enumerate(PRIORITY_GROUPS):
            row, column = (index, 0) if many else (index // 2, index % 2)
            button = self.priority_buttons[priority]
            self._group_grid.addWidget(button, row, column)
            # 15 mm (the least a finger needs) when four of them stand in one column.
            button.setMinimumHeight(mm_to_px(button, MIN_TOUCH_MM) if many else touch_px(button))
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
            self._main.setStretch(0, 2 if len(self.tiles) > MANY_SERVICES else 3)
            self._main.setStretch(1, 1 if len(self.tiles) > MANY_SERVICES else 2)
            self._side.addWidget(self.lookup, 1, 0, 1, 2)
            self._side.addWidget(self.dossier, 2, 0, 1, 2)
        self._side.setRowStretch(1, 1)
        self._side.setRowStretch(2, 0 if self.portrait else 1)
        for tile in (self.lookup, self.dossier):
            tile.setMinimumHeight(round(touch_px(tile) * (1.1 if many else 1.4)))

"""Small kiosk widgets: the top bar, big tiles, the navigation bar, label helpers."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.style import SOLD_OUT_ICON
from shared.i18n import tr
from shared.printing.linebreak import units
from shared.textfold import fold
from shared.ui.icons import ICON_NAMES, icon
from shared.ui.theme import mm_to_px
from shared.views import ServiceView

log = logging.getLogger(__name__)

#: The smallest touch target, in millimetres (the brief asks for at least 15 mm).
TOUCH_MM = 18.0

#: Service icon names of other spellings (the demo's "ho-tich") → the bundled icon.
_ICON_ALIASES = {
    "ho-tich": "civil_status", "chung-thuc": "certification", "dat-dai": "land",
    "xa-hoi": "social", "kinh-doanh": "business",
}
#: A word of a service's name or field (folded) → its icon, when the service names none.
_ICON_WORDS = (("ho tich", "civil_status"), ("chung thuc", "certification"),
               ("dat dai", "land"), ("xa hoi", "social"), ("nguoi co cong", "social"),
               ("kinh doanh", "business"))


def service_icon(service: ServiceView) -> str:
    """The icon of a service: its own, an alias of it, or one guessed from its name."""
    if service.icon in ICON_NAMES:
        return service.icon
    if service.icon in _ICON_ALIASES:
        return _ICON_ALIASES[service.icon]
    text = fold(" ".join((service.name, *service.fields)))
    return next((name for word, name in _ICON_WORDS if word in text), "other")


def keep_words(text: str) -> str:
    """``text`` with no-break spaces inside each word and name, so Qt wraps only between
    them."""
    return " ".join(unit.replace(" ", "\u00a0") for unit in units(text))


def touch_px(widget: QWidget | None) -> int:
    return mm_to_px(widget, TOUCH_MM)


def nav_button(name: str, owner: QWidget) -> QPushButton:
    """A top-row "back" or "home" button of a screen that puts its own search field there."""
    button = QPushButton()
    button.setObjectName(f"nav_{name}")
    button.setProperty("kiosk", "nav")
    button.setIcon(icon(name, "#0B4A8F"))
    button.setIconSize(QSize(34, 34))
    button.setMinimumHeight(touch_px(owner))
    return button


def label(text: str = "", role: str = "", *, wrap: bool = True, name: str = "",
          align: Qt.AlignmentFlag | None = None) -> QLabel:
    """A QLabel with a kiosk stylesheet role."""
    widget = QLabel(text)
    if role:
        widget.setProperty("kiosk", role)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    if align is not None:
        widget.setAlignment(align)
    return widget


def restyle(widget: QWidget) -> None:
    """Apply a changed dynamic property to the stylesheet."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Tile(QPushButton):
    """A big button with an icon, a title and a subtitle (all readable from one metre)."""

    def __init__(self, icon_name: str, role: str = "tile",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kiosk", role)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(touch_px(self) + 20)
        self._icon_name = icon_name
        self._icon = QLabel(self)
        self._icon.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.title = label("", wrap=True)
        self.title.setProperty("tile", "title")
        self.subtitle = label("", wrap=True)
        self.subtitle.setProperty("tile", "subtitle")
        for part in (self.title, self.subtitle):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addStretch(1)
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 10, 18, 10)
        row.setSpacing(16)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text, 1)
        self._color = "#FFFFFF" if role in ("tile", "priorityTile") else "#0B4A8F"
        self._icon_px = 48
        self.sold_out = False
        self.set_icon_px(48)

    def set_sold_out(self, sold_out: bool) -> None:
        """Dark text on a light tile, icon in slate: it reads as "not now", and its words
        (what to do instead) keep a contrast above 4.5:1 (kiosk.style SOLD_OUT_*)."""
        if sold_out == self.sold_out:
            return
        self.sold_out = sold_out
        self.setProperty("soldOut", "true" if sold_out else "")
        restyle(self)
        for part in (self.title, self.subtitle):
            restyle(part)
        self.set_icon_px(self._icon_px)

    def set_texts(self, title: str, subtitle: str = "") -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))
        self.setAccessibleName(title)

    def text(self) -> str:  # tests and screen readers find tiles by their title
        return self.title.text()

    def set_icon_px(self, size: int) -> None:
        self._icon_px = size
        color = SOLD_OUT_ICON if getattr(self, "sold_out", False) else self._color
        self._icon.setPixmap(icon(self._icon_name, color, 128).pixmap(QSize(size, size)))
        self._icon.setFixedSize(size, size)


class TopBar(QFrame):
    """Center name, date and time, the printer mark and the language switch."""

    language_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.logo = QLabel()
        self.logo.setObjectName("centerLogo")
        self.logo.hide()
        self._logo: QPixmap | None = None
        self._logo_px = 64
        self.center = label("", name="centerName")
        self.agency = label("", name="agencyName")
        self.clock = label("", name="clock", wrap=False,
                           align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.date = label("", name="date", wrap=False,
                          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.printer_mark = label("", name="printerMark", wrap=False)
        self.printer_mark.hide()
        self.language = QPushButton()
        self.language.setObjectName("languageButton")
        self.language.setMinimumHeight(touch_px(self))
        self.language.setIcon(icon("language", "#FFFFFF"))
        self.language.setIconSize(QSize(32, 32))
        self.language.clicked.connect(self.language_clicked)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.center)
        names.addWidget(self.agency)
        when = QVBoxLayout()
        when.setSpacing(0)
        when.addWidget(self.clock)
        when.addWidget(self.date)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 8, 20, 8)
        row.setSpacing(18)
        row.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(names, 1)
        row.addWidget(self.printer_mark, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(when)
        row.addWidget(self.language, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_center(self, name: str, agency: str) -> None:
        """The names wrap between whole words and names only ("phường Bến Thành" stays on
        one line), as on the printed ticket (shared.printing.linebreak)."""
        self.center.setText(keep_words(name))
        self.agency.setText(keep_words(agency))
        self.agency.setVisible(bool(agency))

    def set_logo(self, path: str) -> bool:
        """Show the center's logo (``[kiosk] logo``) left of its name; a missing or unreadable
        file is logged and leaves the bar without a logo. True when a logo is shown."""
        self._logo = None
        if path:
            reader = QImageReader(str(Path(path).expanduser()))
            reader.setAutoTransform(True)
            image = reader.read()
            if image.isNull():
                log.warning("kiosk logo %s not shown: %s", path, reader.errorString())
            else:
                self._logo = QPixmap.fromImage(image)
        self._show_logo()
        return self._logo is not None

    def set_shape(self, font_px: int) -> None:
        """The logo as tall as the two lines of the center's name."""
        self._logo_px = round(font_px * 2.6)
        self._show_logo()

    def _show_logo(self) -> None:
        if self._logo is None:
            self.logo.clear()
            self.logo.hide()
            return
        side = self._logo_px
        scaled = self._logo.scaled(side * 3, side, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self.logo.setPixmap(scaled)
        self.logo.setFixedSize(scaled.size())
        self.logo.show()

    def show_time(self, now: datetime, language: str) -> None:
        self.clock.setText(f"{now:%H:%M}")
        weekday = tr(f"kiosk.weekday_{now.weekday()}", language)
        self.date.setText(tr("kiosk.date_line", language, weekday=weekday,
                             date=f"{now:%d/%m/%Y}"))

    def retranslate(self, language: str) -> None:
        self.language.setText(tr("kiosk.language_switch", language))
        self.printer_mark.setText("⚠ " + tr("kiosk.printer_mark", language))


class NavBar(QFrame):
    """"Quay lại" and "Trang chủ" along the bottom of every screen but home."""

    back_clicked = Signal()
    home_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = QPushButton()
        self.home = QPushButton()
        for button, name in ((self.back, "back"), (self.home, "home")):
            button.setProperty("kiosk", "nav")
            button.setObjectName(f"nav_{name}")
            button.setIcon(icon(name, "#0B4A8F"))
            button.setIconSize(QSize(36, 36))
            button.setMinimumHeight(touch_px(self))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.back.clicked.connect(self.back_clicked)
        self.home.clicked.connect(self.home_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(self.back)
        row.addWidget(self.home)

    def retranslate(self, language: str) -> None:
        self.back.setText(tr("kiosk.back", language))
        self.home.setText(tr("kiosk.home", language))

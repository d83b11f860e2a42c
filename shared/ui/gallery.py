"""A one-page gallery of the kit, to look at: ``python -m shared.ui.gallery gallery.png``.

Service tiles with icons, navigation buttons, the on-screen keyboard typing into a field, a QR
code, a banner, and a strip in the display's dark theme.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shared.i18n import tr
from shared.ui.icons import icon
from shared.ui.keyboard import OnScreenKeyboard
from shared.ui.messages import Banner
from shared.ui.qr_widget import QrWidget
from shared.ui.theme import COLORS, build_stylesheet, touch_px

SERVICES = (("civil_status", "field.civil_status"), ("certification", "field.certification"),
            ("land", "field.land"), ("social", "field.social"), ("business", "field.business"),
            ("other", "field.other"))
NAVIGATION = (("search", "button.procedure_lookup"), ("dossier_lookup", "button.dossier_lookup"),
              ("back", "button.back"), ("home", "button.home"), ("language", "button.language"))
PORTAL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193"


def _tile(name: str, key: str, role: str, icon_px: int, color: str) -> QPushButton:
    button = QPushButton(tr(key))
    button.setProperty("role", role)
    button.setIcon(icon(name, color))
    button.setIconSize(QSize(icon_px, icon_px))
    return button


def _display_strip() -> QFrame:
    strip = QFrame()
    strip.setStyleSheet(build_stylesheet("display", 30))
    row = QHBoxLayout(strip)
    for number, counter in (("A012", 1), ("B007", 2), ("U003", 3)):
        cell = QVBoxLayout()
        caption = QLabel(tr("label.counter_number", counter=counter))
        caption.setProperty("role", "muted")
        shown = QLabel(number)
        shown.setProperty("role", "number")
        cell.addWidget(caption)
        cell.addWidget(shown)
        row.addLayout(cell)
    return strip


def build_gallery(font_px: int = 24) -> QWidget:
    """The gallery widget, in the kiosk theme."""
    page = QWidget()
    page.setStyleSheet(build_stylesheet("kiosk", font_px, touch_px("kiosk", page)))
    icon_px = font_px * 2
    white = COLORS["kiosk"].on_primary
    ink = COLORS["kiosk"].text
    layout = QVBoxLayout(page)
    layout.addSpacing(font_px * 3)  # room for the banner, which floats over the top
    title = QLabel(tr("app.center"))
    title.setProperty("role", "title")
    layout.addWidget(title)

    tiles = QGridLayout()
    for index, (name, key) in enumerate(SERVICES):
        tiles.addWidget(_tile(name, key, "tile", icon_px, white), index // 3, index % 3)
    tiles.addWidget(_tile("priority", "button.priority", "priority", icon_px, white), 2, 0, 1, 3)
    layout.addLayout(tiles)

    navigation = QHBoxLayout()
    for name, key in NAVIGATION:
        navigation.addWidget(_tile(name, key, "", font_px + 8, ink))
    layout.addLayout(navigation)

    middle = QHBoxLayout()
    typing = QVBoxLayout()
    field = QLineEdit()
    field.setPlaceholderText(tr("label.search_hint"))
    keyboard = OnScreenKeyboard(target=field, key_mm=15)
    for key in ("đ", "ă", "n", "g", "space", "k", "y", "acute", "space", "k", "h", "a", "i",
                "space", "s", "i", "n", "h"):
        keyboard.key(key).click()
    typing.addWidget(field)
    typing.addWidget(keyboard)
    middle.addLayout(typing, 3)
    qr_column = QVBoxLayout()
    qr_column.addWidget(QrWidget(PORTAL), 1)
    caption = QLabel("1.001193")
    caption.setProperty("role", "muted")
    qr_column.addWidget(caption)
    middle.addLayout(qr_column, 1)
    layout.addLayout(middle)
    layout.addWidget(_display_strip())
    Banner.for_window(page).show_message(tr("message.recovered"), "success", timeout_ms=0)
    return page


def main(argv: list[str]) -> int:
    from shared.ui.app import create_application, screenshot

    create_application("gallery", argv[:1], language="vi")
    path = Path(argv[1] if len(argv) > 1 else "gallery.png")
    screenshot(build_gallery(), path, (1400, 1500))
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Tests for shared/ui/fonts.py: the bundled Noto Sans is loaded and renders Vietnamese."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QFontInfo, QGuiApplication, QImage
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from shared.ui.fonts import FAMILY, load_fonts

SAMPLE = "Đăng ký khai sinh – Người có công"


def test_noto_sans_is_loaded_and_becomes_the_app_font(font_family: str) -> None:
    """load_fonts() registers Noto Sans and makes it the application's font family."""
    assert font_family == FAMILY == "Noto Sans"
    assert FAMILY in QFontDatabase.families()
    assert QGuiApplication.font().family() == FAMILY


def test_loading_twice_registers_the_files_once(font_family: str) -> None:
    """A second call (a second window, a test) adds no duplicate font."""
    before = QFontDatabase.families().count(FAMILY)
    assert load_fonts() == FAMILY
    assert QFontDatabase.families().count(FAMILY) == before


def test_a_vietnamese_label_renders_in_noto_sans(
        qtbot: QtBot, font_family: str, tmp_path: Path) -> None:
    """A label with every kind of Vietnamese mark uses Noto Sans and draws ink (PNG saved)."""
    label = QLabel(SAMPLE)
    label.setStyleSheet("font-size: 40px; background: white; color: black; padding: 10px;")
    qtbot.addWidget(label)
    label.show()
    assert QFontInfo(label.font()).family() == FAMILY
    path = tmp_path / "vietnamese-label.png"
    assert label.grab().save(str(path))
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_Grayscale8)
    dark = sum(1 for y in range(image.height()) for x in range(image.width())
               if image.pixelColor(x, y).value() < 100)
    assert dark > 2000

"""Tests for shared/ui/gallery.py: the kit renders together into one PNG to look at."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from shared.ui.app import screenshot
from shared.ui.gallery import build_gallery


def test_gallery_renders_with_the_keyboard_having_typed_vietnamese(
        qtbot: QtBot, font_family: str, tmp_path: Path) -> None:
    """The gallery builds, its keyboard typed "đăng ký khai sinh", and it saves a full PNG."""
    page = build_gallery()
    qtbot.addWidget(page)
    field = page.findChild(QLineEdit)
    assert field is not None and field.text() == "đăng ký khai sinh"
    path = screenshot(page, tmp_path / "gallery.png", (1400, 1500))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1400, 1500)

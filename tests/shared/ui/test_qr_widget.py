"""Tests for shared/ui/qr_widget.py: what the widget paints decodes back to its text."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from shared.ui.qr_widget import QUIET_ZONE, QrWidget, qr_matrix

PORTAL = ("https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html"
          "?ma_thu_tuc=1.001193")


def to_pil(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data().data())))


def decode(widget: QrWidget) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(to_pil(widget.grab().toImage()))]


@pytest.mark.parametrize("text", [PORTAL, "000.00.53.H48-220921-0099", "Hồ sơ: Đăng ký khai sinh"])
def test_painted_code_decodes_to_its_text(qtbot: QtBot, text: str) -> None:
    """A grab of the widget, read by zxing-cpp, gives back exactly the text it was given."""
    widget = QrWidget(text)
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    widget.show()
    assert decode(widget) == [text]


def test_code_is_centred_square_with_whole_pixel_modules(qtbot: QtBot) -> None:
    """In a wide widget the code is square, centred, whole pixels per module, quiet zone white."""
    widget = QrWidget(PORTAL)
    qtbot.addWidget(widget)
    widget.resize(500, 260)
    widget.show()
    module, count = widget.module_px(), widget.module_count()
    assert module == 260 // count
    image = widget.grab().toImage()
    left = (500 - module * count) // 2
    top = (260 - module * count) // 2
    finder = image.pixelColor(left + QUIET_ZONE * module, top + QUIET_ZONE * module)
    quiet = image.pixelColor(left + module, top + module)
    assert (finder.value(), quiet.value()) == (0, 255)


def test_changing_text_repaints_the_new_code(qtbot: QtBot) -> None:
    """set_text() replaces the code; empty text paints a blank white square."""
    widget = QrWidget("first")
    qtbot.addWidget(widget)
    widget.resize(240, 240)
    widget.show()
    widget.set_text("second")
    assert decode(widget) == ["second"]
    widget.set_text("")
    assert widget.module_count() == 0
    assert decode(widget) == []


def test_matrix_has_the_standard_quiet_zone(qtbot: QtBot) -> None:
    """The matrix carries 4 light modules on every side, and the layout asks for a square."""
    matrix = qr_matrix("A012")
    assert not any(matrix[0]) and not any(row[0] for row in matrix)
    assert len(matrix) == 21 + 2 * QUIET_ZONE
    widget = QrWidget("A012")
    qtbot.addWidget(widget)
    assert widget.heightForWidth(123) == 123

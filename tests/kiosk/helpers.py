"""Helpers of the kiosk tests: reading a QR code off a widget, and the printed ticket."""

from __future__ import annotations

import zxingcpp
from PIL import Image
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from tests.tools.escpos_render import parse, render


def qr_texts_on(widget: QWidget) -> list[str]:
    """The texts of the QR codes painted by ``widget`` (grabbed as an image)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(image.constBits())[: image.bytesPerLine() * image.height()]
    picture = Image.frombuffer("RGB", (image.width(), image.height()), data, "raw", "RGB",
                               image.bytesPerLine(), 1)
    return [code.text for code in zxingcpp.read_barcodes(picture)]


def raster_of(data: bytes) -> Image.Image:
    """The images of an ESC/POS stream stacked into one page, as the printer prints them."""
    images = [item.image for item in parse(data).items if item.kind == "image"]
    assert images, "no image in the printed bytes"
    page = Image.new("1", (max(i.width for i in images), sum(i.height for i in images)), 1)
    top = 0
    for image in images:
        page.paste(image, (0, top))
        top += image.height
    return page


def printed_qr_texts(data: bytes, width: int = 576) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(render(parse(data), width))]

"""A widget that paints a QR code for a string: crisp square modules, white quiet zone.

The code fills the largest square that fits the widget with a whole number of pixels per
module, so its edges stay sharp and scanners read it from the screen; the layout decides the
size (it asks for a square through heightForWidth).
"""

from __future__ import annotations

import qrcode
import qrcode.constants
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

#: The quiet zone the QR standard asks for, in modules, on every side.
QUIET_ZONE = 4


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules of ``text`` (True = dark), quiet zone included, error correction M."""
    code = qrcode.QRCode(border=QUIET_ZONE,
                         error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


class QrWidget(QWidget):
    """Paints the QR code of ``text()``; empty text paints nothing but the background."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._matrix: list[list[bool]] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.set_text(text)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Show the code of ``text`` (a URL, a dossier code…)."""
        if text == self._text and (self._matrix or not text):
            return
        self._text = text
        self._matrix = qr_matrix(text) if text else []
        self.updateGeometry()
        self.update()

    def module_count(self) -> int:
        """Modules per side, quiet zone included (0 without text)."""
        return len(self._matrix)

    def module_px(self) -> int:
        """Whole pixels per module at the current size (at least 1)."""
        count = self.module_count()
        return max(1, min(self.width(), self.height()) // count) if count else 0

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def sizeHint(self) -> QSize:
        side = max(self.module_count(), 21) * 4
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        side = max(self.module_count(), 21) * 2
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        count = self.module_count()
        if count:
            module = self.module_px()
            side = module * count
            left = (self.width() - side) // 2
            top = (self.height() - side) // 2
            dark = QColor("#000000")
            for row_index, row in enumerate(self._matrix):
                for col_index, is_dark in enumerate(row):
                    if is_dark:
                        painter.fillRect(QRect(left + col_index * module,
                                               top + row_index * module, module, module), dark)
        painter.end()

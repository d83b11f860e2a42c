"""The province's dossier code on the receive form: typed, or scanned with a barcode or QR
scanner that types like a keyboard and ends with Enter (Enter moves on, it never submits).
Checked by ``shared.dossier_codes.province_code``; empty means a local code when the center
allows them (the service refuses otherwise, with the reason)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from counter.text import localized, t
from shared.dossier_codes import province_code
from shared.errors import InvalidOperation


class ProvinceCodeField(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("provinceCode")
        self.setPlaceholderText(t("province_code_placeholder"))
        self.setMaxLength(120)

    def code(self) -> str:
        """The code as stored (cleaned), "" when none was given."""
        text = self.text().strip()
        if not text:
            return ""
        try:
            return province_code(text)
        except InvalidOperation:
            return ""

    def problem(self) -> str:
        """Why the code typed is not valid ("" when it is, or when the field is empty)."""
        if not self.text().strip():
            return ""
        try:
            province_code(self.text())
        except InvalidOperation as error:
            return localized(error.message, error.message_en)
        return ""

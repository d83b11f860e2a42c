"""The dossier code's pad: big digits, a dot and a dash (a code is numbers between separators:
``000.00.53.H48-261204-0099``), backspace and clear. Most citizens type only the last part
("0099") or the date and the number ("261204.0099"). The rare letter (the "H48" of a prefix)
is on the full keyboard, one key away ("ABC"); "123" comes back.

Keys never take the focus: the code field keeps it, so a scanner still types into it."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QWidget,
)

from shared.i18n import tr
from shared.ui.keyboard import OnScreenKeyboard
from shared.ui.theme import MIN_TOUCH_MM, mm_to_px

#: (label or action, row, column); actions: "back", "clear", "letters"
KEYS: tuple[tuple[str, int, int], ...] = (
    ("1", 0, 0), ("2", 0, 1), ("3", 0, 2), ("back", 0, 3),
    ("4", 1, 0), ("5", 1, 1), ("6", 1, 2), ("clear", 1, 3),
    ("7", 2, 0), ("8", 2, 1), ("9", 2, 2), ("letters", 2, 3),
    (".", 3, 0), ("0", 3, 1), ("-", 3, 2),
)


class NumberPad(QWidget):
    """Digits, ".", "-", backspace, clear; ``letters_requested`` on "ABC"."""

    letters_requested = Signal()

    def __init__(self, target: QLineEdit, parent: QWidget | None = None, *,
                 key_mm: float = 17.0) -> None:
        super().__init__(parent)
        self.setObjectName("numberPad")
        self.target = target
        self.buttons: dict[str, QPushButton] = {}
        size = mm_to_px(self, max(MIN_TOUCH_MM, key_mm))
        grid = QGridLayout(self)
        grid.setSpacing(max(6, size // 8))
        grid.setContentsMargins(4, 4, 4, 4)
        for key, row, column in KEYS:
            button = QPushButton(key if len(key) == 1 else "", self)
            button.setObjectName(f"pad_{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(size * 2, size)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            if key == "back":
                button.setAutoRepeat(True)
            if key in ("back", "clear"):
                button.setProperty("role", "danger")
            button.clicked.connect(partial(self._on_key_clicked, key))
            grid.addWidget(button, row, column)
            self.buttons[key] = button
        # The kiosk's style sets every button's font: the pad's keys are bigger, and the red
        # keys' words white, to be read at arm's length.
        self.setStyleSheet(
            f"QPushButton {{ font-size: {int(size * 0.55)}px; font-weight: 700; }}"
            f"QPushButton#pad_back, QPushButton#pad_clear, QPushButton#pad_letters "
            f"{{ font-size: {int(size * 0.36)}px; }}"
            "QPushButton#pad_back, QPushButton#pad_clear { color: #FFFFFF; }")
        self.retranslate(None)

    def retranslate(self, language: str | None) -> None:
        self.buttons["back"].setText("⌫")
        self.buttons["clear"].setText(tr("kiosk.pad_clear", language))
        self.buttons["letters"].setText("ABC")

    def _on_key_clicked(self, key: str) -> None:
        target = self.target
        text, cursor = target.text(), target.cursorPosition()
        if target.hasSelectedText():  # a scanned code left selected is replaced
            text, cursor = "", 0
        if key == "letters":
            self.letters_requested.emit()
            return
        if key == "back":
            text, cursor = text[:max(0, cursor - 1)] + text[cursor:], max(0, cursor - 1)
        elif key == "clear":
            text, cursor = "", 0
        else:
            text, cursor = text[:cursor] + key + text[cursor:], cursor + 1
        target.setText(text)
        target.setCursorPosition(cursor)


class DossierKeys(QWidget):
    """The number pad, or the full keyboard for a letter ("123" goes back)."""

    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierKeys")
        self.pad = NumberPad(target, self)
        self.letters = OnScreenKeyboard(target, self, key_mm=13.0)
        self.back_to_digits = QPushButton("123", self)
        self.back_to_digits.setObjectName("pad_digits")
        self.back_to_digits.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_to_digits.setMinimumHeight(mm_to_px(self, MIN_TOUCH_MM))
        full = QWidget(self)
        column = QGridLayout(full)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.letters, 0, 0)
        column.addWidget(self.back_to_digits, 1, 0)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.pad)
        self._stack.addWidget(full)
        self.pad.letters_requested.connect(lambda: self._stack.setCurrentIndex(1))
        self.back_to_digits.clicked.connect(self.show_digits)

    def show_digits(self) -> None:
        self._stack.setCurrentIndex(0)

    def showing_letters(self) -> bool:
        return self._stack.currentIndex() == 1

    def retranslate(self, language: str | None) -> None:
        self.pad.retranslate(language)

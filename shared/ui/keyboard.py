"""A Vietnamese on-screen keyboard for the kiosk, which has no physical keyboard.

QWERTY letters, a digits row, ă â đ ê ô ơ ư, and five tone keys (sắc, huyền, hỏi, ngã, nặng)
that put the tone on the right vowel of the word before the cursor (see ``tone_marks``).
Typing a letter after a tone moves the tone where it belongs ("hóa" + "n" → "hoán").

    keyboard = OnScreenKeyboard(target=line_edit)
    keyboard.text_changed.connect(self._on_search_text_changed)

Keys never take the focus, so the target's cursor stays where it is.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from shared.i18n import tr
from shared.ui.icons import icon
from shared.ui.keyboard_layout import ROWS, TONE_EXAMPLES, KeyAction, KeySpec
from shared.ui.theme import MIN_TOUCH_MM, mm_to_px
from shared.ui.tone_marks import Tone, apply_tone, replace_tone_position

#: Grid columns per key unit (keys of width 1.4 take 7 columns of 5).
_UNIT = 5


class OnScreenKeyboard(QWidget):
    """Big touch keys that edit a target QLineEdit and emit ``text_changed(str)``."""

    text_changed = Signal(str)

    def __init__(self, target: QLineEdit | None = None, parent: QWidget | None = None, *,
                 language: str | None = None, modern_tones: bool = False,
                 key_mm: float = 16.0) -> None:
        super().__init__(parent)
        self.setObjectName("onScreenKeyboard")
        self._target: QLineEdit | None = None
        self._modern = modern_tones
        self._shift = False
        self._language = language
        self._text = ""
        self._key_px = mm_to_px(self, max(MIN_TOUCH_MM, key_mm))
        self._buttons: dict[str, QPushButton] = {}
        self._build()
        self.set_target(target)

    # --- public API ---------------------------------------------------------------------------
    def set_target(self, target: QLineEdit | None) -> None:
        """Edit ``target`` from now on (None: keys only emit ``text_changed``)."""
        self._target = target

    def target(self) -> QLineEdit | None:
        return self._target

    def key(self, name: str) -> QPushButton:
        """The button of a key: a letter ("a", "đ"), a tone ("acute"), or "backspace",
        "clear", "space", "shift"."""
        return self._buttons[name]

    def key_names(self) -> list[str]:
        return list(self._buttons)

    def is_shifted(self) -> bool:
        return self._shift

    def sizeHint(self) -> QSize:
        columns = max(sum(round(spec.width * _UNIT) for spec in row) for row in ROWS) / _UNIT
        spacing = self._grid.spacing()
        return QSize(round(columns * (self._key_px + spacing)),
                     len(ROWS) * (self._key_px + spacing))

    # --- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self._grid = QGridLayout(self)
        self._grid.setSpacing(max(4, self._key_px // 10))
        self._grid.setContentsMargins(4, 4, 4, 4)
        for row_index, row in enumerate(ROWS):
            column = 0
            for spec in row:
                span = round(spec.width * _UNIT)
                button = self._make_button(spec)
                self._grid.addWidget(button, row_index, column, 1, span)
                column += span
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 1)

    def _make_button(self, spec: KeySpec) -> QPushButton:
        button = QPushButton(self._label(spec), self)
        button.setObjectName(spec.object_name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumSize(self._key_px, self._key_px)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setAutoRepeat(spec.action is KeyAction.BACKSPACE)
        if spec.icon:
            button.setIcon(icon(spec.icon))
            button.setIconSize(QSize(self._key_px * 5 // 10, self._key_px * 5 // 10))
        if spec.action in (KeyAction.CLEAR, KeyAction.BACKSPACE):
            button.setProperty("role", "danger")
        elif spec.action is KeyAction.TONE:
            button.setProperty("role", "primary")
        button.clicked.connect(partial(self._on_key_clicked, spec))
        name = spec.value if spec.action in (KeyAction.CHAR, KeyAction.TONE) else spec.action
        self._buttons[str(name)] = button
        return button

    def _label(self, spec: KeySpec) -> str:
        if spec.action is KeyAction.CHAR:
            return spec.value.upper() if self._shift else spec.value
        if spec.action is KeyAction.TONE:
            return f"{TONE_EXAMPLES[spec.value]}  {tr(spec.label_key, self._language)}"
        if spec.action is KeyAction.SHIFT:
            return ""
        return tr(spec.label_key, self._language)

    # --- editing ------------------------------------------------------------------------------
    def _on_key_clicked(self, spec: KeySpec) -> None:
        before, after = self._split_at_cursor()
        if spec.action is KeyAction.CHAR:
            char = spec.value.upper() if self._shift else spec.value
            before = replace_tone_position(before + char, modern=self._modern)
            self._set_shift(False)
        elif spec.action is KeyAction.SPACE:
            before += " "
        elif spec.action is KeyAction.TONE:
            tone: Tone = spec.value  # type: ignore[assignment]
            before = apply_tone(before, tone, modern=self._modern)
        elif spec.action is KeyAction.BACKSPACE:
            before = before[:-1]
        elif spec.action is KeyAction.CLEAR:
            before, after = "", ""
        elif spec.action is KeyAction.SHIFT:
            self._set_shift(not self._shift)
            return
        self._write(before, after)

    def _split_at_cursor(self) -> tuple[str, str]:
        if self._target is None:
            return self._text, ""
        text, cursor = self._target.text(), self._target.cursorPosition()
        return text[:cursor], text[cursor:]

    def _write(self, before: str, after: str) -> None:
        text = before + after
        if self._target is not None:
            self._target.setText(text)
            self._target.setCursorPosition(len(before))
        self._text = text
        self.text_changed.emit(text)

    def _set_shift(self, on: bool) -> None:
        if on == self._shift:
            return
        self._shift = on
        self._buttons[KeyAction.SHIFT].setProperty("role", "primary" if on else "")
        self._buttons[KeyAction.SHIFT].style().polish(self._buttons[KeyAction.SHIFT])
        for row in ROWS:
            for spec in row:
                if spec.action is KeyAction.CHAR:
                    self._buttons[spec.value].setText(self._label(spec))

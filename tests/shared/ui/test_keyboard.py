"""Tests for shared/ui/keyboard.py: typing Vietnamese by clicking keys, as a finger would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from shared.ui.keyboard import OnScreenKeyboard
from shared.ui.theme import mm_to_px


@pytest.fixture
def typing(qtbot: QtBot, font_family: str) -> tuple[OnScreenKeyboard, QLineEdit]:
    field = QLineEdit()
    keyboard = OnScreenKeyboard(target=field)
    qtbot.addWidget(field)
    qtbot.addWidget(keyboard)
    keyboard.show()
    return keyboard, field


def press(qtbot: QtBot, keyboard: OnScreenKeyboard, *names: str) -> None:
    for name in names:
        qtbot.mouseClick(keyboard.key(name), Qt.MouseButton.LeftButton)


def type_text(qtbot: QtBot, keyboard: OnScreenKeyboard, text: str) -> None:
    press(qtbot, keyboard, *["space" if char == " " else char for char in text])


def test_typing_letters_and_space_fills_the_field(
        qtbot: QtBot, typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    """Clicking k-h-a-i, space, s-i-n-h types "khai sinh" and emits text_changed."""
    keyboard, field = typing
    emitted: list[str] = []
    keyboard.text_changed.connect(emitted.append)
    type_text(qtbot, keyboard, "khai sinh")
    assert field.text() == "khai sinh"
    assert emitted[-1] == "khai sinh"
    assert len(emitted) == len("khai sinh")


def test_dang_ky_with_the_d_bar_breve_and_tone_keys(
        qtbot: QtBot, typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    """đ, ă and the sắc key type "đăng ký"."""
    keyboard, field = typing
    press(qtbot, keyboard, "đ", "ă", "n", "g", "space", "k", "y", "acute")
    assert field.text() == "đăng ký"


def test_tone_key_marks_the_right_vowel_and_follows_later_letters(
        qtbot: QtBot, typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    """"hoa" + huyền gives "hòa"; typing "n" then moves it: "hoàn"."""
    keyboard, field = typing
    press(qtbot, keyboard, "h", "o", "a", "grave")
    assert field.text() == "hòa"
    press(qtbot, keyboard, "n")
    assert field.text() == "hoàn"


def test_nguoi_co_cong(qtbot: QtBot, typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    """ư, ơ, ô and the tone keys type "người có công"."""
    keyboard, field = typing
    press(qtbot, keyboard, "n", "g", "ư", "ơ", "i", "grave", "space",
          "c", "o", "acute", "space", "c", "ô", "n", "g")
    assert field.text() == "người có công"


def test_backspace_and_clear(qtbot: QtBot,
                             typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    """Backspace deletes one character before the cursor; clear empties the field."""
    keyboard, field = typing
    type_text(qtbot, keyboard, "abc")
    press(qtbot, keyboard, "backspace")
    assert field.text() == "ab"
    press(qtbot, keyboard, "clear")
    assert field.text() == ""


def test_shift_capitalises_the_next_letter_only(
        qtbot: QtBot, typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    """Shift then "đ" types "Đ"; the following letter is small again."""
    keyboard, field = typing
    press(qtbot, keyboard, "shift", "đ", "a")
    assert field.text() == "Đa"
    assert not keyboard.is_shifted()


def test_keys_edit_at_the_cursor_and_keep_it_there(
        qtbot: QtBot, typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    """With the cursor in the middle, a key inserts there and the cursor moves past it."""
    keyboard, field = typing
    field.setText("ac")
    field.setCursorPosition(1)
    press(qtbot, keyboard, "b")
    assert field.text() == "abc"
    assert field.cursorPosition() == 2


def test_keys_are_touch_sized_and_never_take_focus(
        typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    """Every key is at least 15 mm square and leaves the focus on the field."""
    keyboard, _ = typing
    minimum = mm_to_px(keyboard, 15)
    for name in keyboard.key_names():
        button = keyboard.key(name)
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert button.width() >= minimum and button.height() >= minimum, name


def test_without_a_target_the_keyboard_only_emits(qtbot: QtBot, font_family: str) -> None:
    """A keyboard with no target still emits the text it builds."""
    keyboard = OnScreenKeyboard()
    qtbot.addWidget(keyboard)
    emitted: list[str] = []
    keyboard.text_changed.connect(emitted.append)
    press(qtbot, keyboard, "g", "i", "a", "acute")
    assert emitted == ["g", "gi", "gia", "giá"]

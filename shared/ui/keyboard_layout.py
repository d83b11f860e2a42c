"""The keys of the Vietnamese on-screen keyboard, row by row (data only, no widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class KeyAction(StrEnum):
    """What pressing a key does."""

    CHAR = "char"            # insert ``value``
    TONE = "tone"            # put tone ``value`` on the current word
    BACKSPACE = "backspace"  # delete one character before the cursor
    CLEAR = "clear"          # empty the field
    SPACE = "space"          # insert a space
    SHIFT = "shift"          # next letter in capitals


@dataclass(frozen=True)
class KeySpec:
    """One key: its action, its value (a letter or a tone name) and its width in key units."""

    action: KeyAction
    value: str = ""
    width: float = 1.0
    #: translation key of the label under the symbol, for keys that are not plain letters.
    label_key: str = ""
    #: an icon name from assets/icons/ shown instead of text.
    icon: str = ""

    @property
    def object_name(self) -> str:
        """A stable Qt object name, so tests and stylesheets can find the key."""
        suffix = self.value or self.action.value
        return f"key_{self.action.value}_{suffix}"


def _chars(letters: str) -> list[KeySpec]:
    return [KeySpec(KeyAction.CHAR, letter) for letter in letters]


#: The tone keys: sắc, huyền, hỏi, ngã, nặng, each shown with an example letter.
TONE_EXAMPLES: dict[str, str] = {
    "acute": "á", "grave": "à", "hook": "ả", "tilde": "ã", "dot": "ạ",
}

#: Rows of about 12.4 key units, so the keyboard is a tidy rectangle.
ROWS: tuple[tuple[KeySpec, ...], ...] = (
    (*_chars("1234567890"),
     KeySpec(KeyAction.BACKSPACE, width=2.4, label_key="keyboard.backspace", icon="backspace")),
    (*_chars("qwertyuiop"), *_chars("ăâ")),
    (*_chars("asdfghjkl"), *_chars("đêô")),
    (KeySpec(KeyAction.SHIFT, width=1.4, label_key="keyboard.shift", icon="shift"),
     *_chars("zxcvbnm"), *_chars("ơư"), *_chars("-.")),
    tuple(KeySpec(KeyAction.TONE, tone, width=2.4, label_key=f"keyboard.{tone}")
          for tone in TONE_EXAMPLES),
    (KeySpec(KeyAction.CLEAR, width=2.4, label_key="keyboard.clear"),
     KeySpec(KeyAction.SPACE, " ", width=8.0, label_key="keyboard.space"),
     *_chars("/,")),
)

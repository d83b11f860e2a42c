"""Vietnamese tone marks for the on-screen keyboard: put a tone on the right vowel of a word.

``apply_tone("hoa", "acute")`` → "hóa" (traditional placement, the default) or "hoá"
(``modern=True``). The rules, for the last word of a text:

- ``qu`` and ``gi`` (before another vowel) belong to the consonant: "quá", "giá", but "gì".
- A vowel with a mark (ă â ê ô ơ ư) takes the tone; in "ươ"/"uơ" it is the ơ: "người", "thuở".
- One vowel takes it: "sinh" → "sính".
- A vowel group followed by a consonant: the last vowel ("hoàn", "huýt", "khoáng").
- Three vowels at the end of the word: the middle one ("ngoài", "khuỷu").
- Two vowels at the end: the first ("mùa", "tài", "hóa"), except "oa", "oe", "uy" in the
  modern style, which mark the second ("hoá", "khoẻ", "thuỷ").

Pressing the same tone twice removes it. Pure text logic, no Qt.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Tone = Literal["acute", "grave", "hook", "tilde", "dot"]

#: The combining character of each tone (sắc, huyền, hỏi, ngã, nặng).
TONE_MARKS: dict[str, str] = {
    "acute": "\u0301",
    "grave": "\u0300",
    "hook": "\u0309",
    "tilde": "\u0303",
    "dot": "\u0323",
}
_MARK_TONES = {mark: tone for tone, mark in TONE_MARKS.items()}
_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")
_MODERN_SECOND = {"oa", "oe", "uy"}


def apply_tone(text: str, tone: Tone, *, modern: bool = False) -> str:
    """``text`` with ``tone`` on the last word's vowel; the same tone again removes it."""
    head, word = _split_last_word(text)
    base, old_tone = strip_tone(word)
    new_tone: str | None = None if old_tone == tone else tone
    return head + place_tone(base, new_tone, modern=modern)


def replace_tone_position(text: str, *, modern: bool = False) -> str:
    """Move the last word's tone to the right vowel (after a letter was typed behind it)."""
    head, word = _split_last_word(text)
    base, tone = strip_tone(word)
    if tone is None:
        return text
    return head + place_tone(base, tone, modern=modern)


def strip_tone(word: str) -> tuple[str, str | None]:
    """``word`` without its tone mark, and the tone it had (None if none)."""
    tone: str | None = None
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", word):
        if char in _MARK_TONES:
            tone = _MARK_TONES[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def place_tone(word: str, tone: str | None, *, modern: bool = False) -> str:
    """``word`` (toneless) with ``tone`` put on the vowel the rules above choose."""
    if tone is None:
        return word
    index = tone_position(word, modern=modern)
    if index is None:
        return word
    marked = unicodedata.normalize("NFD", word[index]) + TONE_MARKS[tone]
    return word[:index] + unicodedata.normalize("NFC", marked) + word[index + 1:]


def tone_position(word: str, *, modern: bool = False) -> int | None:
    """Index in ``word`` of the vowel that takes the tone, or None if it has no vowel."""
    lower = word.lower()
    group = _vowel_group(lower)
    if group is None:
        return None
    start, end = group
    vowels = lower[start:end]
    if "ơ" in vowels:
        return start + vowels.index("ơ")
    for offset, char in enumerate(vowels):
        if char in _MARKED_VOWELS:
            return start + offset
    if len(vowels) == 1:
        return start
    if end < len(lower):
        return end - 1
    if len(vowels) >= 3:
        return start + 1
    if modern and vowels in _MODERN_SECOND:
        return start + 1
    return start


def _vowel_group(lower: str) -> tuple[int, int] | None:
    """Start and end of the last run of vowels, without the u of "qu" or the i of "gi"."""
    end = len(lower)
    while end > 0 and lower[end - 1] not in _VOWELS:
        end -= 1
    if end == 0:
        return None
    start = end
    while start > 0 and lower[start - 1] in _VOWELS:
        start -= 1
    if end - start >= 2 and start >= 1:
        pair = lower[start - 1:start + 1]
        if pair in ("qu", "gi"):
            start += 1
    return start, end


def _split_last_word(text: str) -> tuple[str, str]:
    index = len(text)
    while index > 0 and text[index - 1].isalpha():
        index -= 1
    return text[:index], text[index:]

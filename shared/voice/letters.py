"""Letters of a ticket prefix as spoken: B is "bê" (alphabet) or "bờ" (phonic) in Vietnamese."""

from __future__ import annotations

from collections.abc import Mapping

from shared.voice.settings import VoiceSettings

VI_ALPHABET = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e",
    "Ê": "ê", "F": "ép phờ", "G": "giê", "H": "hát", "I": "i", "J": "di", "K": "ca",
    "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê",
    "Q": "quy", "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "Ư": "ư", "V": "vê",
    "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét",
}

VI_PHONIC = {
    **VI_ALPHABET,
    "B": "bờ", "C": "cờ", "D": "dờ", "Đ": "đờ", "F": "phờ", "G": "gờ", "H": "hờ", "J": "giờ",
    "L": "lờ", "M": "mờ", "N": "nờ", "P": "pờ", "Q": "quờ", "R": "rờ", "S": "sờ", "T": "tờ",
    "V": "vờ", "W": "vờ kép", "X": "xờ", "Z": "dờ",
}

#: A recorded voice's clip file stem for each letter (Vietnamese letters with marks too).
LETTER_CLIPS = {
    "Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw",
}


def letter_name(letter: str, settings: VoiceSettings) -> str:
    """How ``letter`` is spoken with ``settings`` (overrides first, then the style's table)."""
    upper = letter.upper()
    overrides: Mapping[str, str] = {key.upper(): value for key, value in
                                    settings.letter_names.items()}
    if upper in overrides:
        return overrides[upper]
    if settings.language == "en":
        return upper
    table = VI_PHONIC if settings.letter_style == "phonic" else VI_ALPHABET
    return table.get(upper, upper.lower())


def letter_clip(letter: str) -> str:
    """The clip file stem of ``letter`` in a recorded voice: "B" → "b", "Đ" → "dd"."""
    upper = letter.upper()
    return LETTER_CLIPS.get(upper, upper.lower())

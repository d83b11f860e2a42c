"""The words of a call: "Kính mời công dân có số thứ tự A012 đến quầy số 3", as spoken.

A ``Phrase`` is groups of ``Word``s with a short pause between groups; each word knows its
spoken text (for the speech engine) and its clip file stem (for a recorded voice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.voice.letters import letter_clip, letter_name
from shared.voice.numbers import EN_DIGITS, VI_DIGITS, digit_words, number_words
from shared.voice.settings import VoiceSettings

#: Clip file stems of the Vietnamese words; other words' stems are the word itself.
VI_WORD_CLIPS = {
    **{word: str(digit) for digit, word in enumerate(VI_DIGITS)},
    "mười": "muoi", "mươi": "muoi_ngang", "mốt": "mot", "lăm": "lam", "tư": "tu",
    "trăm": "tram", "nghìn": "nghin", "ngàn": "ngan", "linh": "linh", "lẻ": "le",
    "triệu": "trieu", "tỷ": "ty",
}
EN_WORD_CLIPS = {word: str(digit) for digit, word in enumerate(EN_DIGITS)}

#: The fixed parts of the call: (clip stem, Vietnamese text, English text).
LEAD_IN = ("kinh_moi", "Kính mời công dân")
TICKET = ("so_thu_tu", "có số thứ tự")
TO_COUNTER = ("den_quay_so", "đến quầy số")
EN_TICKET = ("ticket_number", "Ticket number")
EN_TO_COUNTER = ("please_come_to_counter", "please come to counter")
#: The short call's counter word ("A mười hai, quầy ba"), said when calls are waiting.
COUNTER_WORD = ("quay", "quầy")
EN_COUNTER_WORD = ("counter", "counter")

_PARTS = re.compile(r"[^\W\d_]+|\d+")


@dataclass(frozen=True)
class Word:
    """One spoken unit: ``text`` for the speech engine, ``clip`` for a recorded voice."""

    text: str
    clip: str


@dataclass(frozen=True)
class Phrase:
    """Groups of words; a pause separates groups (written as a comma)."""

    language: str
    groups: tuple[tuple[Word, ...], ...]

    @property
    def text(self) -> str:
        """The phrase as one line of text: "Kính mời công dân có số thứ tự a, mười hai, ..."."""
        return ", ".join(" ".join(word.text for word in group) for group in self.groups)

    @property
    def clips(self) -> tuple[tuple[str, ...], ...]:
        """The clip stems, group by group."""
        return tuple(tuple(word.clip for word in group) for group in self.groups)


def _word(text: str, language: str) -> Word:
    table = EN_WORD_CLIPS if language == "en" else VI_WORD_CLIPS
    return Word(text, table.get(text, text))


def _number_group(digits: str, settings: VoiceSettings, as_number: bool) -> tuple[Word, ...]:
    language = settings.language
    if as_number:
        words = number_words(int(digits), language, settings.number_style)
    else:
        words = digit_words(digits, language)
    return tuple(_word(text, language) for text in words)


def spoken_code(code: str, settings: VoiceSettings,
                as_number: bool | None = None) -> tuple[tuple[Word, ...], ...]:
    """A ticket number (or counter name) as groups of words.

    Letters are spelled one by one ("AB12" → a, bê, ...); a run of digits is read as a number
    or digit by digit as ``as_number`` says (default: the ``ticket_reading`` setting);
    separators (spaces, dashes) are skipped.
    """
    if as_number is None:
        as_number = settings.ticket_reading == "number"
    groups: list[tuple[Word, ...]] = []
    for part in _PARTS.findall(code):
        if part.isdigit():
            groups.append(_number_group(part, settings, as_number))
        else:
            groups.extend(
                (Word(letter_name(letter, settings), letter_clip(letter)),) for letter in part
            )
    if not groups:
        raise ValueError(f"nothing to speak in {code!r}")
    if not as_number:
        # Digit by digit: each digit is its own group ("a, không, một, hai").
        groups = [(word,) for group in groups for word in group]
    return tuple(groups)


def _fixed(part: tuple[str, str]) -> Word:
    clip, text = part
    return Word(text, clip)


def call_phrase(ticket_number: str, counter: int | str, settings: VoiceSettings) -> Phrase:
    """The call for ``ticket_number`` to ``counter`` in the settings' language.

    Vietnamese: "Kính mời công dân có số thứ tự a, mười hai, đến quầy số ba".
    English: "Ticket number A, twelve, please come to counter three".
    The counter is always read as a number.
    """
    ticket = spoken_code(ticket_number, settings)
    counter_groups = spoken_code(str(counter), settings, as_number=True)
    counter_words = tuple(word for group in counter_groups for word in group)
    head: tuple[Word, ...]
    if settings.language == "en":
        head = (_fixed(EN_TICKET),)
        tail = (_fixed(EN_TO_COUNTER), *counter_words)
    else:
        head = (_fixed(LEAD_IN), _fixed(TICKET))
        tail = (_fixed(TO_COUNTER), *counter_words)
    return Phrase(settings.language, (head, *ticket, tail))


def short_phrase(ticket_number: str, counter: int | str, settings: VoiceSettings) -> Phrase:
    """The short call, said when calls are waiting (and for a repeat): "a mười hai, quầy ba"
    (English "A twelve, counter three"): the ticket in one breath, then the counter."""
    ticket = spoken_code(ticket_number, settings)
    counter_words = tuple(word for group in spoken_code(str(counter), settings, as_number=True)
                          for word in group)
    word = EN_COUNTER_WORD if settings.language == "en" else COUNTER_WORD
    return Phrase(settings.language, (tuple(word for group in ticket for word in group),
                                      (_fixed(word), *counter_words)))

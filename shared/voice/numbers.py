"""Numbers as spoken words, in Vietnamese and English.

Vietnamese rules: 1 after a tens word is "mốt" (21 hai mươi mốt; but 11 mười một, 101 một trăm
linh một), 5 after a tens word is "lăm" (15 mười lăm, 25 hai mươi lăm; but 105 một trăm linh
năm), 4 after "mươi" is "tư" or "bốn" (configurable), a zero tens digit is "linh" or "lẻ"
(configurable), and a group after the first reads its hundreds even when zero (1012 một
nghìn không trăm mười hai). 1000 is "nghìn" (North) or "ngàn" (South).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
             "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_SCALES = ("", "thousand", "million", "billion")

#: The largest number spoken (below one thousand billion).
MAX_NUMBER = 10**12 - 1


@dataclass(frozen=True)
class VietnameseNumberStyle:
    """Regional choices in reading Vietnamese numbers."""

    zero_tens: Literal["linh", "lẻ"] = "linh"
    thousand: Literal["nghìn", "ngàn"] = "nghìn"
    four_after_tens: Literal["tư", "bốn"] = "tư"

    def __post_init__(self) -> None:
        for value, allowed in ((self.zero_tens, ("linh", "lẻ")),
                               (self.thousand, ("nghìn", "ngàn")),
                               (self.four_after_tens, ("tư", "bốn"))):
            if value not in allowed:
                raise ValueError(f"{value!r} is not one of {allowed}")


def _check(number: int) -> None:
    if not 0 <= number <= MAX_NUMBER:
        raise ValueError(f"cannot speak {number}: must be within 0..{MAX_NUMBER}")


def _groups_of_three(number: int) -> list[int]:
    """Split into groups of three digits, highest first: 1012 → [1, 12]."""
    groups: list[int] = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    return groups[::-1]


def _vietnamese_group(group: int, full: bool, style: VietnameseNumberStyle) -> list[str]:
    """One group below 1000; ``full`` reads a zero hundreds ("không trăm") and "linh"."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words: list[str] = []
    if hundreds or full:
        words += [VI_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(style.zero_tens)
            words.append(VI_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else VI_DIGITS[units])
    else:
        words += [VI_DIGITS[tens], "mươi"]
        special = {1: "mốt", 4: style.four_after_tens, 5: "lăm"}
        if units:
            words.append(special.get(units, VI_DIGITS[units]))
    return words


def vietnamese_number_words(number: int,
                            style: VietnameseNumberStyle | None = None) -> list[str]:
    """``number`` in Vietnamese words: 1012 → ["một", "nghìn", "không", "trăm", "mười", "hai"]."""
    _check(number)
    style = style or VietnameseNumberStyle()
    if number == 0:
        return [VI_DIGITS[0]]
    scales = ("", style.thousand, "triệu", "tỷ")
    groups = _groups_of_three(number)
    words: list[str] = []
    for position, group in enumerate(groups):
        if group == 0:
            continue
        words += _vietnamese_group(group, full=bool(words), style=style)
        scale = scales[len(groups) - 1 - position]
        if scale:
            words.append(scale)
    return words


def _english_group(group: int) -> list[str]:
    hundreds, rest = divmod(group, 100)
    words: list[str] = []
    if hundreds:
        words += [EN_DIGITS[hundreds], "hundred"]
    if 10 <= rest < 20:
        words.append(_EN_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        if tens:
            words.append(_EN_TENS[tens])
        if units:
            words.append(EN_DIGITS[units])
    return words


def english_number_words(number: int) -> list[str]:
    """``number`` in English words: 1012 → ["one", "thousand", "twelve"]."""
    _check(number)
    if number == 0:
        return [EN_DIGITS[0]]
    groups = _groups_of_three(number)
    words: list[str] = []
    for position, group in enumerate(groups):
        if group:
            words += _english_group(group)
            scale = _EN_SCALES[len(groups) - 1 - position]
            if scale:
                words.append(scale)
    return words


def number_words(number: int, language: str,
                 style: VietnameseNumberStyle | None = None) -> list[str]:
    """``number`` in words of ``language`` ("vi" or "en")."""
    if language == "en":
        return english_number_words(number)
    return vietnamese_number_words(number, style)


def digit_words(digits: str, language: str) -> list[str]:
    """Each digit of ``digits`` as a word: "012" → ["không", "một", "hai"]."""
    table = EN_DIGITS if language == "en" else VI_DIGITS
    return [table[int(digit)] for digit in digits]

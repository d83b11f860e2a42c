"""Number words: tests for shared/voice/numbers.py."""

from __future__ import annotations

import pytest

from shared.voice.numbers import (
    VietnameseNumberStyle,
    digit_words,
    english_number_words,
    vietnamese_number_words,
)


@pytest.mark.parametrize(("number", "words"), [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (1012, "một nghìn không trăm mười hai"),
    (1005, "một nghìn không trăm linh năm"),
    (2000, "hai nghìn"),
    (21000, "hai mươi mốt nghìn"),
    (1_000_005, "một triệu không trăm linh năm"),
])
def test_vietnamese_number_words_follow_the_reading_rules(number: int, words: str) -> None:
    """mốt after a tens word only, lăm after mười/mươi only, tư after mươi, linh for a zero
    tens digit, and "không trăm" inside a number above a thousand."""
    assert " ".join(vietnamese_number_words(number)) == words


def test_vietnamese_number_style_is_configurable() -> None:
    """lẻ instead of linh, ngàn instead of nghìn, bốn instead of tư: all regional settings."""
    southern = VietnameseNumberStyle(zero_tens="lẻ", thousand="ngàn", four_after_tens="bốn")
    assert " ".join(vietnamese_number_words(1005, southern)) == "một ngàn không trăm lẻ năm"
    assert " ".join(vietnamese_number_words(24, southern)) == "hai mươi bốn"
    assert " ".join(vietnamese_number_words(2000, southern)) == "hai ngàn"


def test_vietnamese_number_style_refuses_unknown_words() -> None:
    """A misspelt style value is refused, not spoken."""
    with pytest.raises(ValueError):
        VietnameseNumberStyle(zero_tens="le")  # type: ignore[arg-type]


@pytest.mark.parametrize(("number", "words"), [
    (0, "zero"), (5, "five"), (10, "ten"), (11, "eleven"), (15, "fifteen"),
    (21, "twenty one"), (24, "twenty four"), (25, "twenty five"), (100, "one hundred"),
    (105, "one hundred five"), (1012, "one thousand twelve"), (2000, "two thousand"),
])
def test_english_number_words(number: int, words: str) -> None:
    """English numbers for the English voice setting."""
    assert " ".join(english_number_words(number)) == words


def test_digit_words_read_each_digit_including_leading_zeros() -> None:
    """Digit by digit keeps leading zeros: 012 is "không một hai"."""
    assert digit_words("012", "vi") == ["không", "một", "hai"]
    assert digit_words("105", "en") == ["one", "zero", "five"]


def test_negative_and_huge_numbers_are_refused() -> None:
    """Only 0 … 999 999 999 999 can be spoken."""
    with pytest.raises(ValueError):
        vietnamese_number_words(-1)
    with pytest.raises(ValueError):
        english_number_words(10**12)

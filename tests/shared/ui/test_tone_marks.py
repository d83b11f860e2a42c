"""Tests for shared/ui/tone_marks.py: tones land on the vowel Vietnamese spelling puts them."""

from __future__ import annotations

import pytest

from shared.ui.tone_marks import apply_tone, replace_tone_position, strip_tone

TRADITIONAL = [
    ("hoa", "acute", "hóa"), ("thuy", "hook", "thủy"), ("khoe", "hook", "khỏe"),
    ("mua", "grave", "mùa"), ("tai", "grave", "tài"), ("sinh", "acute", "sính"),
    ("ky", "acute", "ký"), ("đăng", "acute", "đắng"), ("ngươi", "grave", "người"),
    ("thuơ", "hook", "thuở"), ("quyên", "grave", "quyền"), ("chuyên", "grave", "chuyền"),
    ("tuôi", "hook", "tuổi"), ("gia", "acute", "giá"), ("gi", "grave", "gì"),
    ("giêng", "acute", "giếng"), ("qua", "acute", "quá"), ("quy", "acute", "quý"),
    ("hoan", "grave", "hoàn"), ("huyt", "acute", "huýt"), ("ngoai", "grave", "ngoài"),
    ("khuyu", "hook", "khuỷu"), ("BÔ", "dot", "BỘ"), ("Viêt", "dot", "Việt"),
    ("nguyên", "tilde", "nguyễn"),
]


@pytest.mark.parametrize(("word", "tone", "expected"), TRADITIONAL)
def test_tone_goes_on_the_vowel_the_traditional_rules_choose(
        word: str, tone: str, expected: str) -> None:
    """Traditional placement: marked vowel first, then last before a consonant, etc."""
    assert apply_tone(word, tone) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("word", "tone", "expected"), [
    ("hoa", "acute", "hoá"), ("thuy", "hook", "thuỷ"), ("khoe", "hook", "khoẻ"),
    ("mua", "grave", "mùa"), ("tai", "grave", "tài"),
])
def test_modern_style_marks_the_second_vowel_of_oa_oe_uy(
        word: str, tone: str, expected: str) -> None:
    """Modern placement puts the tone on a, e, y in open oa/oe/uy, other pairs unchanged."""
    assert apply_tone(word, tone, modern=True) == expected  # type: ignore[arg-type]


def test_tone_applies_to_the_last_word_only() -> None:
    """Only the word before the cursor changes: "đăng ky" + sắc → "đăng ký"."""
    assert apply_tone("đăng ky", "acute") == "đăng ký"


def test_same_tone_twice_removes_it_and_another_tone_replaces_it() -> None:
    """Pressing sắc on "hóa" gives "hoa"; pressing huyền gives "hòa"."""
    assert apply_tone("hóa", "acute") == "hoa"
    assert apply_tone("hóa", "grave") == "hòa"


def test_a_word_without_vowel_is_left_alone() -> None:
    """A tone on "nh" or on an empty text changes nothing."""
    assert apply_tone("nh", "acute") == "nh"
    assert apply_tone("", "acute") == ""


def test_typing_after_a_tone_moves_it_to_the_right_vowel() -> None:
    """"hóa" + "n" becomes "hoán": the tone follows the syllable as it grows."""
    assert replace_tone_position("hóan") == "hoán"
    assert replace_tone_position("hòang") == "hoàng"


def test_strip_tone_keeps_the_vowel_marks() -> None:
    """Removing the tone of "người" keeps ư and ơ: "ngươi", tone grave."""
    assert strip_tone("người") == ("ngươi", "grave")

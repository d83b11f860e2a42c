"""Tests for shared/textfold.py: Vietnamese accent folding for search."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from shared.textfold import fold


def test_fold_strips_vietnamese_diacritics_and_lowercases() -> None:
    """Every Vietnamese tone and vowel mark is dropped and the text is lower-cased."""
    assert fold("Thủ tục ĐĂNG KÝ khai sinh") == "thu tuc dang ky khai sinh"
    assert fold("Chứng thực bản sao") == "chung thuc ban sao"
    assert fold("ưởng ợ ẫ ệ ỹ") == "uong o a e y"


def test_fold_maps_d_with_stroke_to_plain_d() -> None:
    """"đ" and "Đ" are letters of their own (no combining mark) and still fold to "d"."""
    assert fold("đ") == "d"
    assert fold("Đất đai") == "dat dai"


def test_fold_collapses_whitespace() -> None:
    """Runs of spaces, tabs and newlines become one space; none are left at either end."""
    assert fold("  khai \t\n sinh  ") == "khai sinh"


def test_fold_handles_decomposed_input() -> None:
    """Text typed as base letter + combining marks (NFD) folds like precomposed text."""
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Hộ tịch")) == fold("Hộ tịch") == "ho tich"


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    """Folding folded text changes nothing."""
    once = fold(text)
    assert fold(once) == once


@given(st.text(alphabet=string.printable))
def test_fold_leaves_ascii_unchanged_apart_from_case_and_spacing(text: str) -> None:
    """On ASCII input, folding equals lower-casing plus collapsing whitespace."""
    assert fold(text) == " ".join(text.lower().split())


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíị"
                        "òỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐĂÂÊÔƠƯ"))
def test_fold_of_vietnamese_text_is_plain_ascii(text: str) -> None:
    """Any Vietnamese text folds to lower-case ASCII letters and single spaces."""
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert "  " not in folded

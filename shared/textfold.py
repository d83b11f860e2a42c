"""Accent folding for Vietnamese search: "Đăng ký  KHAI SINH" → "dang ky khai sinh".

Lower-cases, strips every diacritic (NFD, then drops combining marks), maps "đ"/"Đ" (a letter
of its own, not a base letter plus a mark) to "d", and collapses runs of whitespace to one
space with none at either end. Folding is idempotent, and ASCII text only changes case and
spacing, so a user typing without accents finds the accented names.
"""

from __future__ import annotations

import unicodedata

_D_STROKE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics, "đ" as "d", whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE).lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Lower-casing again: a few letters (e.g. "İ") decompose into a base letter that is upper.
    return " ".join(unicodedata.normalize("NFC", bare).lower().translate(_D_STROKE).split())

"""Words as the catalog search compares them, and the catalog's vocabulary.

:func:`words_of` turns a name or a query into comparable words: accents folded
(:func:`shared.textfold.fold`), punctuation as spaces, and the two spellings of the same
syllable made one: after a consonant a final "y" is written "i" ("ký"/"kí" → "ki", "lý"/"lí"
→ "li", "Mỹ"/"Mĩ" → "mi"); "uy", "ay", "ey" and a lone "y" are left alone ("quy", "tay").

:class:`Vocabulary` holds every distinct word of the catalog's names with, for each, the set
of procedures using it as a bit mask (bit ``i`` = the ``i``-th procedure). It answers the
three ways a typed word may match a name's word: equal, a prefix of it (the word still being
typed), or one typo away from it (a letter wrong, missing, added, or two letters swapped:
optimal string alignment distance 1, computed by rapidfuzz in C).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from shared.textfold import fold

_SEPARATORS = re.compile(r"[^0-9a-z]+")
#: A syllable of consonants then a final "y": written with "i" just as well (kí/ký, lí/lý).
_CONSONANTS_Y = re.compile(r"^[bcdghklmnpqrstvx]+y$")
_LETTERS = re.compile(r"[^\W_]+")
#: The shortest typed word a typo is forgiven in: shorter ones are one letter from too many
#: words ("ho" is one letter from "hộ", "hồ", "họ", "hô", "hòa"...).
MIN_FUZZY_LENGTH = 3
#: "y" with a tone mark → "i" with the same mark (kí/ký as one word, accents kept).
_Y_AS_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


def canonical_word(word: str) -> str:
    """``word`` (folded) with a consonant's final "y" written "i": "ky" → "ki", "quy" kept."""
    return word[:-1] + "i" if _CONSONANTS_Y.match(word) else word


def words_of(text: str) -> list[str]:
    """The comparable words of ``text``: folded, split on punctuation, "y" as "i" (above)."""
    return [canonical_word(word) for word in _SEPARATORS.sub(" ", fold(text)).split()]


@functools.lru_cache(maxsize=16384)
def _spelling(word: str) -> tuple[str, str]:
    """A lower-case word as written ("ký") → (its spelling with "y" as "i", its comparable
    form): ("kí", "ki"). Cached: names repeat the same few hundred words."""
    folded = fold(word)
    canonical = canonical_word(folded)
    return (word.translate(_Y_AS_I) if canonical != folded else word), canonical


def accented_words_of(text: str, folded: list[str] | None = None) -> list[str] | None:
    """The words of ``text`` lower-cased with their accents, "y" after a consonant as "i",
    one for each of :func:`words_of` (given as ``folded`` when already known; None if they
    don't line up, e.g. odd symbols)."""
    words = _LETTERS.findall(unicodedata.normalize("NFC", text.lower()))
    spellings = [_spelling(word) for word in words]
    expected = words_of(text) if folded is None else folded
    if [canonical for _spelt, canonical in spellings] != expected:
        return None
    return [spelt for spelt, _canonical in spellings]


def has_accents(word: str) -> bool:
    """Whether a typed word carries Vietnamese marks (then it is not merely folded)."""
    return word != fold(word)


class Vocabulary:
    """Every word of the catalog's names, and which procedures use it (bit masks)."""

    def __init__(self, names: Iterable[list[str]],
                 accented: Iterable[list[str] | None] = ()) -> None:
        postings: dict[str, int] = {}
        for index, words in enumerate(names):
            bit = 1 << index
            for word in words:
                postings[word] = postings.get(word, 0) | bit
        self._postings = postings
        #: The names' words as written (accents kept) → the procedures using them, for a
        #: typed word with marks; names whose words don't line up are in ``_unspelt``.
        spelt: dict[str, int] = {}
        self._unspelt = 0
        for index, spelling in enumerate(accented):
            for word in spelling or ():
                spelt[word] = spelt.get(word, 0) | (1 << index)
            if spelling is None:
                self._unspelt |= 1 << index
        self._spelt = spelt
        self._spelt_sorted = sorted(spelt)
        self._sorted = sorted(postings)
        self._prefixes: dict[int, list[str]] = {}  # length → each word's prefix of it

    def __contains__(self, word: str) -> bool:
        return word in self._postings

    def mask(self, words: Iterable[str]) -> int:
        """The procedures that use any of ``words``."""
        mask = 0
        for word in words:
            mask |= self._postings.get(word, 0)
        return mask

    def starting_with(self, prefix: str) -> list[str]:
        """The words that start with ``prefix`` (itself included), in order."""
        start = bisect.bisect_left(self._sorted, prefix)
        end = bisect.bisect_left(self._sorted, prefix + "\x7f")
        return self._sorted[start:end]

    def continuing(self, typed: str) -> tuple[list[str], int]:
        """The words a word typed with its marks may be the beginning of, and the procedures
        writing them so: "trú" begins "trú" but not "trước"; the same letters without marks
        ("tru") are a whole word too (a citizen may miss a mark)."""
        folded = canonical_word(fold(typed))
        start = bisect.bisect_left(self._spelt_sorted, typed)
        end = bisect.bisect_left(self._spelt_sorted, typed + "\U0010ffff")
        spellings = self._spelt_sorted[start:end]
        words = {canonical_word(fold(spelling)) for spelling in spellings}
        mask = self._postings.get(folded, 0)
        for spelling in spellings:
            mask |= self._spelt[spelling]
        unspelt = self.mask(self.starting_with(folded)) & self._unspelt
        if unspelt:
            words.update(self.starting_with(folded))
        if folded in self._postings:
            words.add(folded)
        return sorted(words), mask | unspelt

    def near(self, word: str, *, typing: bool) -> list[str]:
        """The words one typo away from ``word`` (not ``word`` itself); while ``typing``, also
        the words whose beginning is one typo away from it ("chun" → "chung", "chứng")."""
        if len(word) < MIN_FUZZY_LENGTH:
            return []
        found = {choice for choice, _score, _index in process.extract(
            word, self._sorted, scorer=OSA.distance, score_cutoff=1, limit=None)}
        if typing:
            prefixes = self._prefixes_of_length(len(word))
            found.update(self._sorted[index] for _choice, _score, index in process.extract(
                word, prefixes, scorer=OSA.distance, score_cutoff=1, limit=None))
        found.discard(word)
        return sorted(found)

    def _prefixes_of_length(self, length: int) -> list[str]:
        prefixes = self._prefixes.get(length)
        if prefixes is None:
            # Words shorter than ``length`` are kept whole: "khai" typed as "khaii".
            prefixes = [word[:length] for word in self._sorted]
            self._prefixes[length] = prefixes
        return prefixes

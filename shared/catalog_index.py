"""The in-memory search index of the procedure catalog: in the citizen's words, ranked, fast.

Built once from the procedures (:class:`ProcedureView`), it keeps each name as comparable
words (:func:`shared.catalog_words.words_of`: accents optional, "kí" = "ký") and a bit mask
of the procedures using each word, so a search on every keystroke is a few set operations.

A query's words must each be a word of the name; the last one may be a word's beginning (it
is still being typed). When that finds nothing, a word that matches no name may be one typo
away from a name's word ("khia sinh"; at least one other word must match as typed); when
that still finds nothing, filler words ("làm", "xin") are dropped. When some names hold the
query as a phrase, names that only have its words here and there are left out.
A query containing a citizen's phrase of the synonyms file ("sao y", "sổ đỏ") is also tried
with the name's phrase instead (shared/catalog_synonyms.py). Ranking, best first:

0. the code equals the query; 1. the code starts with it (a code typed digit by digit);
2. the name equals the query; 3. the name starts with the query as whole words;
4. the name starts with the query (the last word still being typed);
5. the query is a whole-word phrase inside the name; 6. a phrase starting at a word;
7. every query word is a word of the name; 8. the same, the last word still being typed.

A leading "thủ tục" ("procedure") is ignored on both sides, since most names start with it.
The ranks are grouped (0–1, 2, 3–6, 7–8): within a group the more common procedure (the
synonyms file's ``common`` list) comes first ("trợ cấp" → the monthly social allowance before
a name that starts with "Trợ cấp"), then the better rank, the shorter name, the code.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass

from shared.catalog_synonyms import Synonyms
from shared.catalog_words import Vocabulary, accented_words_of, has_accents, words_of

_GENERIC_PREFIX = "thu tuc "
_CODE_QUERY = re.compile(r"^\d[\d.]*[0-9a-z.]*$")
#: Ranks that count as equally good before the common procedures are put first: the code,
#: the whole name, the query as a phrase anywhere in the name, its words anywhere.
_TIERS = (0, 0, 1, 2, 2, 2, 2, 3, 3)
#: The worst rank of a name holding the query as a phrase (see _name_ranks).
_PHRASE = 6
#: Token matches kept between keystrokes (the earlier words of a query repeat); then cleared.
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class ProcedureView:
    """A procedure of the catalog, as the apps see it. ``time_limit`` None = not known."""

    code: str
    name: str
    field: str
    level: str | None
    time_limit: int | None
    time_unit: str | None
    fee: str | None
    online_level: str | None
    documents: tuple[str, ...]
    steps: tuple[str, ...]
    portal_url: str
    source: str | None
    note: str | None = None
    #: The laws and decisions the procedure rests on ("Luật Hộ tịch 2014, Điều 16").
    legal_basis: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Entry:
    view: ProcedureView
    code: str  # lower-case
    words: str  # comparable words of the name, without the generic prefix
    full: str  # comparable words of the name
    padded: str  # " " + full + " "
    word_set: frozenset[str]
    length: int  # of the name, for ties


def _without_generic_prefix(words: str) -> str:
    return words[len(_GENERIC_PREFIX):] if words.startswith(_GENERIC_PREFIX) else words


class CatalogIndex:
    """Procedures held in memory, searchable by name (in the citizen's words) or code."""

    def __init__(self, procedures: Iterable[ProcedureView] = (),
                 synonyms: Synonyms | None = None) -> None:
        self._entries: list[_Entry] = []
        self._by_code: dict[str, ProcedureView] = {}
        self._vocabulary = Vocabulary(())
        self._synonyms = synonyms or Synonyms()
        self._popularity = self._synonyms.popularity()
        self._tokens: dict[tuple[str, bool, bool], tuple[frozenset[str], int]] = {}
        self.replace(procedures)

    @property
    def synonyms(self) -> Synonyms:
        return self._synonyms

    def replace(self, procedures: Iterable[ProcedureView]) -> None:
        """Rebuild the index from ``procedures`` (after an import, say)."""
        entries = []
        names = []
        spellings = []
        for view in procedures:
            words = words_of(view.name)
            full = " ".join(words)
            names.append(words)
            spellings.append(accented_words_of(view.name, words))
            entries.append(_Entry(view, view.code.lower(), _without_generic_prefix(full), full,
                                  f" {full} ", frozenset(words), len(view.name)))
        self._entries = entries
        self._by_code = {entry.view.code: entry.view for entry in entries}
        self._vocabulary = Vocabulary(names, spellings)
        self._tokens = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, code: str) -> ProcedureView | None:
        """The procedure with this exact code, if any."""
        return self._by_code.get(code.strip())

    def all(self) -> list[ProcedureView]:
        """Every procedure, in index order."""
        return [entry.view for entry in self._entries]

    def search(self, query: str, limit: int = 20) -> list[ProcedureView]:
        """The procedures matching ``query``, best first (see the module's ranking)."""
        code_query = query.strip().lower()
        words = words_of(query)
        if not words and not code_query:
            return []
        ranks: dict[int, int] = {}
        if code_query and _CODE_QUERY.match(code_query):
            for index, entry in enumerate(self._entries):
                if entry.code.startswith(code_query):
                    ranks[index] = 0 if entry.code == code_query else 1
        elif words:
            typed = accented_words_of(query)
            last = typed[-1] if typed and has_accents(typed[-1]) else None
            ranks = self._name_ranks(words, last)
        never = len(self._popularity)
        best = heapq.nsmallest(limit, ranks.items(), key=lambda item: (
            _TIERS[item[1]], self._popularity.get(self._entries[item[0]].view.code, never),
            item[1], self._entries[item[0]].length, self._entries[item[0]].code))
        return [self._entries[index].view for index, _rank in best]

    # -- matching -------------------------------------------------------------------------
    def _name_ranks(self, words: list[str], typed_last: str | None) -> dict[int, int]:
        """Entry → rank for the query's words and the synonyms' rewrites of them: strictly;
        else forgiving a typo in the words that match nothing (one word at least must match
        as typed); else without filler words ("làm", "xin"), strictly. When some name holds
        the query as a phrase (rank 6 or better), names that only have its words scattered
        are left out ("sổ đỏ" is not "cơ sở ... do"). ``typed_last`` is the query's last word
        as typed when it has marks: it then only begins words spelt so ("trú", not "trước")."""
        synonyms = self._synonyms
        variants = [words, *synonyms.rewrites(words)]
        stripped: list[list[str]] = []
        for variant in variants:
            kept = synonyms.without_filler(variant)
            if kept and kept != variant and kept not in stripped:
                stripped.append(kept)
        for tried, fuzzy in ((variants, False), (variants, True), (stripped, False)):
            ranks: dict[int, int] = {}
            for variant in tried:
                for index, rank in self._variant_ranks(variant, fuzzy, typed_last).items():
                    if rank < ranks.get(index, 99):
                        ranks[index] = rank
            if fuzzy:  # a corrected word must give a name's phrase, not scattered words
                ranks = {index: rank for index, rank in ranks.items() if rank <= _PHRASE}
            if ranks:
                if min(ranks.values()) <= _PHRASE:
                    return {index: rank for index, rank in ranks.items() if rank <= _PHRASE}
                return ranks
        return {}

    def _variant_ranks(self, tokens: list[str], fuzzy: bool,
                       typed_last: str | None) -> dict[int, int]:
        last = len(tokens) - 1
        typed = typed_last if typed_last and words_of(typed_last) == tokens[-1:] else None
        choices = [self._token(token, index == last, False, typed if index == last else None)
                   for index, token in enumerate(tokens)]
        #: The query words replaced by a name's word one typo away (resolved per name).
        corrected = [False] * len(tokens)
        if fuzzy:
            if all(not mask for _words, mask in choices):
                return {}  # every word a typo: too far from what was typed
            for index, (token, (_words, mask)) in enumerate(zip(tokens, choices, strict=True)):
                if not mask:
                    choices[index] = self._token(token, index == last, True)
                    corrected[index] = True
        mask = -1
        for _words, token_mask in choices:
            mask &= token_mask
            if not mask:
                return {}
        ranks: dict[int, int] = {}
        entries = self._entries
        while mask:
            low = mask & -mask
            index = low.bit_length() - 1
            mask ^= low
            entry = entries[index]
            resolved = [_resolve(token, words, entry.word_set) if fixed else token
                        for token, (words, _mask), fixed in zip(tokens, choices, corrected,
                                                                 strict=True)]
            ranks[index] = _rank(entry, resolved)
        return ranks

    def _token(self, token: str, last: bool, fuzzy: bool,
               typed: str | None = None) -> tuple[frozenset[str], int]:
        """The name words a query word may stand for, and the procedures using them; the
        last word typed with marks (``typed``) only begins words spelt so."""
        key = (typed or token, last, fuzzy)
        found = self._tokens.get(key)
        if found is None:
            vocabulary = self._vocabulary
            if typed and not fuzzy:
                spelt, mask = vocabulary.continuing(typed)
                found = (frozenset(spelt), mask)
            else:
                words = set(vocabulary.starting_with(token)) if last else (
                    {token} if token in vocabulary else set())
                if fuzzy:
                    words.update(vocabulary.near(token, typing=last))
                found = (frozenset(words), vocabulary.mask(words))
            if len(self._tokens) >= _CACHE_SIZE:
                self._tokens.clear()
            self._tokens[key] = found
        return found


def _resolve(token: str, choices: frozenset[str], word_set: frozenset[str]) -> str:
    """The name's word a mistyped query word stands for (the first in order, if several)."""
    return min(choices & word_set, default=token)


def _rank(entry: _Entry, tokens: list[str]) -> int:
    """The rank of a matching ``entry`` for the query words ``tokens`` (lower is better)."""
    full_phrase = " ".join(tokens)
    phrase = _without_generic_prefix(full_phrase)
    words = entry.words
    if phrase and words == phrase:
        return 2
    if phrase and words.startswith(phrase):
        return 3 if words.startswith(phrase + " ") else 4
    padded = entry.padded
    if f" {full_phrase} " in padded:
        return 5
    if f" {full_phrase}" in padded:
        return 6
    return 7 if all(token in entry.word_set for token in tokens) else 8

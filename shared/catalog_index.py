"""The in-memory search index of the procedure catalog: accent-insensitive, ranked, fast.

Built once from the procedures (:class:`ProcedureView`), it keeps each name folded
(:func:`shared.textfold.fold`) and answers a search by one pass over ~2,000 short strings,
fast enough to search on every keystroke. Ranking, best first:

0. the code equals the query; 1. the code starts with it (a code typed digit by digit);
2. the name equals the query; 3. the name starts with the query as whole words;
4. the name starts with the query (the last word still being typed);
5. the query is a whole-word phrase inside the name; 6. a phrase starting at a word;
7. every query word is a whole word of the name; 8. every query word starts a word of the name;
9. every query word (3 letters or more) is somewhere in the name.

A leading "thủ tục" ("procedure") is ignored on both sides, since most names start with it.
Ties go to the shorter name, then the code.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass

from shared.textfold import fold

_GENERIC_PREFIX = "thu tuc "
_WORD_SEPARATORS = re.compile(r"[^0-9a-z]+")


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


@dataclass(frozen=True)
class _Entry:
    view: ProcedureView
    code: str  # lower-case
    words: str  # folded name, punctuation as spaces, without the generic prefix
    full: str  # folded name, punctuation as spaces
    padded: str  # " " + full + " "
    word_set: frozenset[str]


def _full_words_of(text: str) -> str:
    return " ".join(_WORD_SEPARATORS.sub(" ", fold(text)).split())


def _without_generic_prefix(words: str) -> str:
    return words[len(_GENERIC_PREFIX):] if words.startswith(_GENERIC_PREFIX) else words


class CatalogIndex:
    """Procedures held in memory, searchable by name (accents optional) or code."""

    def __init__(self, procedures: Iterable[ProcedureView] = ()) -> None:
        self._entries: list[_Entry] = []
        self._by_code: dict[str, ProcedureView] = {}
        # The last search's candidates (see _candidates): typing one more letter only
        # re-ranks those, since a longer query can only match fewer entries.
        self._last: tuple[str, str, list[_Entry]] | None = None
        self.replace(procedures)

    def replace(self, procedures: Iterable[ProcedureView]) -> None:
        """Rebuild the index from ``procedures`` (after an import, say)."""
        entries = []
        for view in procedures:
            full = _full_words_of(view.name)
            entries.append(_Entry(view, view.code.lower(), _without_generic_prefix(full), full,
                                  f" {full} ", frozenset(full.split())))
        self._entries = entries
        self._by_code = {entry.view.code: entry.view for entry in entries}
        self._last = None

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
        full_phrase = _full_words_of(query)
        phrase = _without_generic_prefix(full_phrase)
        if not full_phrase and not code_query:
            return []
        tokens = full_phrase.split()
        scored: list[tuple[int, int, str, ProcedureView]] = []
        for entry in self._candidates(code_query, full_phrase, tokens):
            rank = _rank(entry, code_query, phrase, full_phrase, tokens)
            if rank is not None:
                scored.append((rank, len(entry.view.name), entry.view.code, entry.view))
        best = heapq.nsmallest(limit, scored, key=lambda item: item[:3])
        return [item[3] for item in best]

    def _candidates(self, code_query: str, full_phrase: str, tokens: list[str]) -> list[_Entry]:
        """The entries whose code starts with the query or whose name contains every token.

        Every match is among them. When the query extends the previous one (one more letter
        typed), each earlier token is part of a new one, so only the previous candidates need
        looking at."""
        pool = self._entries
        if self._last is not None:
            last_code, last_phrase, last_pool = self._last
            if code_query.startswith(last_code) and full_phrase.startswith(last_phrase):
                pool = last_pool
        found = [entry for entry in pool
                 if entry.code.startswith(code_query) or all(t in entry.full for t in tokens)]
        self._last = (code_query, full_phrase, found)
        return found


def _rank(entry: _Entry, code_query: str, phrase: str, full_phrase: str,
          tokens: list[str]) -> int | None:
    """The rank of ``entry`` for the query (lower is better), or None if it doesn't match.

    ``phrase`` is the folded query without a leading "thu tuc", ``full_phrase`` with it.
    """
    if code_query and entry.code.startswith(code_query):
        return 0 if entry.code == code_query else 1
    if not tokens:
        return None
    full = entry.full
    for token in tokens:  # cheap rejection first: most entries miss some token entirely
        if token not in full:
            return None
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
    if all(token in entry.word_set for token in tokens):
        return 7
    if all(f" {token}" in padded for token in tokens):
        return 8
    # Inside a word: only for tokens long enough not to match half the catalog ("d", "an").
    return 9 if all(len(token) >= 3 for token in tokens) else None

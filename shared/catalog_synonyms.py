"""The citizen's words for the catalog search: synonyms, the most common procedures, filler.

A synonyms file is TOML (assets/catalog/synonyms.toml is the bundled one; a center adds its
own words in ``synonyms.toml`` in the data folder, read after it)::

    common = ["2.000815", "1.001193"]        # asked for most, most common first
    filler = ["làm", "xin", "cho con"]       # words a query may drop when nothing matches
    [synonyms]
    "chứng thực bản sao" = ["sao y", "công chứng bản sao"]   # name phrase = citizen's words

A query containing one of the citizen's phrases (as whole words; its last word may still be
being typed: "giấy độc th") is also searched with it replaced by the name's phrase, so
"sao y giấy khai sinh" finds "chứng thực bản sao ...". Among equally good matches the
``common`` procedures come first, in that order. Words are compared as the search compares
them (:func:`shared.catalog_words.words_of`: accents, case and kí/ký don't matter).
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from shared.catalog_words import words_of
from shared.errors import CatalogError

log = logging.getLogger(__name__)

#: A query is tried with at most this many replacements (a long query of many synonyms).
MAX_REWRITES = 8


@dataclass(frozen=True)
class Synonyms:
    """Citizen's phrase → name phrase (as word tuples), common codes, filler words."""

    phrases: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    common: tuple[str, ...] = ()
    filler: tuple[tuple[str, ...], ...] = ()
    sources: tuple[str, ...] = field(default=(), compare=False)

    def popularity(self) -> dict[str, int]:
        """Code → its place among the common procedures (0 = the most common)."""
        places: dict[str, int] = {}
        for place, code in enumerate(self.common):
            places.setdefault(code, place)
        return places

    def rewrites(self, words: list[str]) -> list[list[str]]:
        """``words`` with one citizen's phrase replaced by its name phrase, for every phrase
        found (whole words; the query's last word may be the start of the phrase's last)."""
        found: list[list[str]] = []
        for alias, target in self.phrases:
            if _contains(words, target) and not _contains(list(alias), target):
                continue  # "đăng ký khai sinh cho con" has its name phrase already
            for start in range(len(words)):
                end = _match(words, start, alias)
                if end is not None:
                    rewritten = [*words[:start], *target, *words[end:]]
                    if rewritten not in found and rewritten != words:
                        found.append(rewritten)
                if len(found) >= MAX_REWRITES:
                    return found
        return found

    def without_filler(self, words: list[str]) -> list[str]:
        """``words`` without the filler phrases ("làm", "xin", "thủ tục")."""
        kept = list(words)
        for phrase in sorted(self.filler, key=len, reverse=True):
            start = 0
            while start <= len(kept) - len(phrase):
                if tuple(kept[start:start + len(phrase)]) == phrase:
                    del kept[start:start + len(phrase)]
                else:
                    start += 1
        return kept

    def merged(self, other: Synonyms) -> Synonyms:
        """These words and ``other``'s (a center's file after the bundled one): its common
        procedures first, its phrases tried first."""
        return Synonyms(phrases=other.phrases + self.phrases,
                        common=other.common + self.common,
                        filler=tuple(dict.fromkeys(other.filler + self.filler)),
                        sources=self.sources + other.sources)


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    return any(tuple(words[start:start + len(phrase)]) == phrase
               for start in range(len(words) - len(phrase) + 1))


def _match(words: list[str], start: int, alias: tuple[str, ...]) -> int | None:
    """Where ``alias`` ends if it starts at ``words[start]``. When the query ends with it, its
    last word may be typed in part ("giay doc th" → "giấy độc thân"), unless it has one word."""
    end = start + len(alias)
    if end > len(words) or tuple(words[start:end - 1]) != alias[:-1]:
        return None
    last = words[end - 1]
    if last == alias[-1]:
        return end
    if end == len(words) and len(alias) > 1 and alias[-1].startswith(last):
        return end
    return None


def parse_synonyms(text: str, source: str = "") -> Synonyms:
    """Read a synonyms file's text; CatalogError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _error(source, [f"không đọc được TOML: {exc}"]) from exc
    problems: list[str] = []
    unknown = sorted(set(data) - {"common", "filler", "synonyms"})
    if unknown:
        problems.append(f"mục không được hỗ trợ: {', '.join(unknown)}")
    common = _strings(data.get("common", []), "common", problems)
    filler = tuple(tuple(words_of(item)) for item in
                   _strings(data.get("filler", []), "filler", problems) if words_of(item))
    phrases: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    table = data.get("synonyms", {})
    if not isinstance(table, dict):
        problems.append("[synonyms] phải là một bảng: \"cụm từ trong tên\" = [\"từ người dân "
                        "dùng\", ...]")
        table = {}
    for target_text, aliases in table.items():
        target = tuple(words_of(target_text))
        if not target:
            problems.append(f"cụm từ rỗng: {target_text!r}")
            continue
        for alias_text in _strings(aliases, f"synonyms.{target_text!r}", problems):
            alias = tuple(words_of(alias_text))
            if alias and alias != target:
                phrases.append((alias, target))
    if problems:
        raise _error(source, problems)
    # Longer citizen's phrases first: "sao y bản chính" before "sao y".
    phrases.sort(key=lambda pair: -len(pair[0]))
    return Synonyms(phrases=tuple(phrases), common=tuple(c.strip() for c in common),
                    filler=filler, sources=(source,) if source else ())


def _strings(value: object, key: str, problems: list[str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    problems.append(f"{key} phải là một danh sách chuỗi")
    return []


def _error(source: str, problems: list[str]) -> CatalogError:
    where = f" {source}" if source else ""
    return CatalogError(f"Tệp từ đồng nghĩa{where} có lỗi.",
                        f"The synonyms file{where} has problems.",
                        problems=[f"{source or 'synonyms'}: {p}" for p in problems])


def load_synonyms(paths: Iterable[Path]) -> Synonyms:
    """The synonyms of the files that exist, in order (later files' words first). A file that
    cannot be read or is wrong is logged and skipped: the search keeps working without it."""
    merged = Synonyms()
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("Bỏ qua tệp từ đồng nghĩa %s: %s", path, exc)
            continue
        try:
            merged = merged.merged(parse_synonyms(text, str(path)))
        except CatalogError as exc:
            log.warning("Bỏ qua tệp từ đồng nghĩa %s: %s", path, "; ".join(exc.problems))
    return merged

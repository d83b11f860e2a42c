"""A tiny translation layer: ``tr("button.take_number")`` → "Lấy số" (or "Take a number").

Tables are TOML files in ``assets/translations/``: ``vi.toml`` and ``en.toml`` hold the common
strings; each app may own extra files named ``<part>.vi.toml`` / ``<part>.en.toml`` (for example
``kiosk.vi.toml`` with a ``[kiosk]`` table). Nested tables are flattened into dotted keys, so
``[button] take_number = "Lấy số"`` is the key ``button.take_number``. A key defined twice in one
language is a mistake and raises :class:`~shared.errors.ConfigError`.

Vietnamese is the default and the source of truth: a key missing in English falls back to the
Vietnamese text (logged once per key); a key missing everywhere returns the key itself (logged
once). No Qt here.
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from shared.errors import ConfigError
from shared.paths import ASSETS_DIR

log = logging.getLogger(__name__)

#: The languages the product ships; the first is the default and the source of truth.
LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

TRANSLATIONS_DIR = ASSETS_DIR / "translations"

_current_language = DEFAULT_LANGUAGE
_warned: set[tuple[str, str]] = set()


def set_language(language: str) -> None:
    """Make ``language`` ("vi" or "en") the one :func:`tr` uses when none is given."""
    global _current_language
    _current_language = _checked(language)


def current_language() -> str:
    """The language :func:`tr` uses by default ("vi" unless :func:`set_language` changed it)."""
    return _current_language


def tr(key: str, language: str | None = None, **fmt: Any) -> str:
    """The text for ``key`` in ``language`` (default: the current one), formatted with ``fmt``.

    ``tr("queue.call", number="A012", counter=3)`` fills ``{number}`` and ``{counter}``.
    """
    lang = _checked(language or _current_language)
    text = table(lang).get(key)
    if text is None and lang != DEFAULT_LANGUAGE:
        text = table(DEFAULT_LANGUAGE).get(key)
        if text is not None:
            _warn_once(lang, key, "translation missing in %s, using Vietnamese: %s")
    if text is None:
        _warn_once(DEFAULT_LANGUAGE, key, "no text for key (%s): %s")
        return key
    if not fmt:
        return text
    try:
        return text.format(**fmt)
    except (KeyError, IndexError, ValueError):
        log.error("cannot format %r (%s) with %r", key, lang, sorted(fmt))
        return text


@cache
def table(language: str) -> dict[str, str]:
    """Every key of ``language``: the common file plus the apps' ``*.<language>.toml`` files."""
    lang = _checked(language)
    merged: dict[str, str] = {}
    for path in translation_files(lang):
        for key, text in _flatten(_read(path)).items():
            if key in merged:
                raise ConfigError(
                    f"Khóa dịch «{key}» được khai báo hai lần ({path.name}).",
                    f"Translation key '{key}' is defined twice ({path.name}).",
                )
            merged[key] = text
    return merged


def translation_files(language: str) -> list[Path]:
    """``<language>.toml`` first, then every ``*.<language>.toml`` in name order."""
    main = TRANSLATIONS_DIR / f"{language}.toml"
    extra = sorted(TRANSLATIONS_DIR.glob(f"*.{language}.toml"))
    return ([main] if main.exists() else []) + extra


def reload() -> None:
    """Forget the loaded tables (after a translation file changed)."""
    table.cache_clear()
    _warned.clear()


def _checked(language: str) -> str:
    if language not in LANGUAGES:
        raise ConfigError(
            f"Ngôn ngữ «{language}» không được hỗ trợ (chọn: {', '.join(LANGUAGES)}).",
            f"Language '{language}' is not supported (choose: {', '.join(LANGUAGES)}).",
        )
    return language


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"Tệp bản dịch {path.name} bị lỗi: {error}",
            f"Translation file {path.name} is malformed: {error}",
        ) from error


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{key}."))
        elif isinstance(value, str):
            flat[key] = value
        else:
            raise ConfigError(
                f"Bản dịch «{key}» phải là chuỗi ký tự.",
                f"Translation '{key}' must be a string.",
            )
    return flat


def _warn_once(language: str, key: str, message: str) -> None:
    if (language, key) not in _warned:
        _warned.add((language, key))
        log.warning(message, language, key)

"""The counter app's words: ``t("call_next")`` is ``tr("counter.call_next")`` in the current
language (assets/translations/counter.vi.toml and counter.en.toml)."""

from __future__ import annotations

from typing import Any

from shared.i18n import current_language, tr


def t(key: str, **fmt: Any) -> str:
    return tr(f"counter.{key}", **fmt)


def english() -> bool:
    return current_language() == "en"


def localized(vi: str, en: str) -> str:
    """Pick the Vietnamese or English one of a pair the core returns (e.g. a rating label)."""
    return en if english() and en else vi

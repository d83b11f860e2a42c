"""Tests for shared/i18n.py: Vietnamese first, English complete, fallbacks that never crash."""

from __future__ import annotations

import logging
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared import i18n
from shared.errors import ConfigError


@pytest.fixture(autouse=True)
def _fresh_tables() -> Iterator[None]:
    i18n.reload()
    yield
    i18n.set_language("vi")
    i18n.reload()


@pytest.fixture
def custom_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    i18n.reload()
    return tmp_path


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_vietnamese_key_has_an_english_translation() -> None:
    """Every key in the Vietnamese tables (the source of truth) also exists in English."""
    missing = sorted(set(i18n.table("vi")) - set(i18n.table("en")))
    assert missing == []


def test_english_has_no_key_that_vietnamese_lacks() -> None:
    """English may not invent keys: Vietnamese is the source of truth."""
    assert sorted(set(i18n.table("en")) - set(i18n.table("vi"))) == []


def test_translations_use_the_same_placeholders_in_both_languages() -> None:
    """A {placeholder} in Vietnamese is also in English, so tr(..., **fmt) works in both."""
    vi, en = i18n.table("vi"), i18n.table("en")
    wrong = [key for key in vi if key in en and _placeholders(vi[key]) != _placeholders(en[key])]
    assert wrong == []


def test_vietnamese_is_the_default_language() -> None:
    """tr() with no language gives Vietnamese, with correct diacritics."""
    assert i18n.tr("button.take_number") == "Lấy số"
    assert i18n.tr("button.dossier_lookup") == "Tra cứu hồ sơ"
    assert i18n.tr("button.call_next") == "Gọi số tiếp theo"


def test_english_is_chosen_per_call_or_globally() -> None:
    """tr(key, "en") and set_language("en") both give English."""
    assert i18n.tr("button.back", "en") == "Back"
    i18n.set_language("en")
    assert i18n.tr("button.back") == "Back"
    assert i18n.tr("button.back", "vi") == "Quay lại"


def test_format_arguments_fill_placeholders() -> None:
    """tr() fills {placeholders} from keyword arguments."""
    assert i18n.tr("message.call", number="A012", counter=3) == (
        "Kính mời công dân có số thứ tự A012 đến quầy số 3"
    )


def test_missing_english_key_falls_back_to_vietnamese_and_logs_once(
    custom_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A key missing in English shows the Vietnamese text, with one warning per key."""
    (custom_dir / "vi.toml").write_text('[button]\nnew = "Mới"\n', encoding="utf-8")
    (custom_dir / "en.toml").write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="shared.i18n"):
        assert i18n.tr("button.new", "en") == "Mới"
        assert i18n.tr("button.new", "en") == "Mới"
    assert len([r for r in caplog.records if "button.new" in r.getMessage()]) == 1


def test_unknown_key_returns_the_key_instead_of_crashing(custom_dir: Path) -> None:
    """A key no table has comes back as the key itself, so a screen still shows something."""
    (custom_dir / "vi.toml").write_text("", encoding="utf-8")
    assert i18n.tr("nowhere.key") == "nowhere.key"


def test_app_files_add_keys_and_duplicates_are_refused(custom_dir: Path) -> None:
    """<part>.vi.toml files extend the table; a key defined twice raises ConfigError."""
    (custom_dir / "vi.toml").write_text('[button]\nok = "Đồng ý"\n', encoding="utf-8")
    (custom_dir / "kiosk.vi.toml").write_text('[kiosk]\ntitle = "Chào"\n', encoding="utf-8")
    assert i18n.tr("kiosk.title") == "Chào"
    (custom_dir / "other.vi.toml").write_text('[button]\nok = "Được"\n', encoding="utf-8")
    i18n.reload()
    with pytest.raises(ConfigError):
        i18n.tr("button.ok")


def test_unsupported_language_is_a_friendly_error() -> None:
    """Asking for a language we do not ship raises ConfigError with a Vietnamese message."""
    with pytest.raises(ConfigError, match="không được hỗ trợ"):
        i18n.tr("button.ok", "fr")


def test_a_format_mistake_returns_the_unformatted_text() -> None:
    """A missing format argument never crashes a screen: the raw text is returned."""
    assert i18n.tr("label.counter_number", counter=None) == "Quầy số None"
    assert i18n.tr("label.counter_number", other=1) == "Quầy số {counter}"

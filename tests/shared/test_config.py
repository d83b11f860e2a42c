"""Settings: TOML file + LAYSO_* variables, validated with messages naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.config import load_settings
from shared.errors import ConfigError


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    """LAYSO_* variables win over the TOML file; the file wins over defaults."""
    config = tmp_path / "layso.toml"
    config.write_text('site = "CS1"\ncounter = 2\nlanguage = "en"\n'
                      '[printer]\nspec = "file:/tmp/p.bin"\npaper_mm = 58\n', encoding="utf-8")
    settings = load_settings(config, environ={"LAYSO_COUNTER": "5",
                                              "LAYSO_DATABASE_URL": "sqlite:///x.db"})
    assert settings.site == "CS1" and settings.counter == 5 and settings.language == "en"
    assert settings.printer.spec == "file:/tmp/p.bin" and settings.printer.paper_mm == 58
    assert settings.resolved_database_url() == "sqlite:///x.db"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    """No file: Vietnamese, SQLite in the data folder, strict priority, 3-level rating."""
    settings = load_settings(environ={"LAYSO_DATA_DIR": str(tmp_path)})
    assert settings.language == "vi" and settings.queue.priority_policy == "strict"
    assert settings.resolved_database_url().startswith("sqlite:///")
    assert settings.rating.scale == 3


@pytest.mark.parametrize(("text", "key"), [
    ("counter = \"hai\"\n", "counter"),
    ("[printer]\npaper_mm = 70\n", "printer.paper_mm"),
    ("language = \"fr\"\n", "language"),
    ("[queue]\npriority_policy = \"random\"\n", "queue.priority_policy"),
    ("[kiosk]\nidle_seconds = \"soon\"\n", "kiosk.idle_seconds"),
    ("[kiosk]\nunknown = 1\n", "kiosk.unknown"),
    ("printer = 3\n", "printer"),
])
def test_wrong_values_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    """Each wrong value raises ConfigError naming the key, in Vietnamese and English."""
    config = tmp_path / "layso.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(config, environ={})
    assert f"'{key}'" in error.value.message and f"'{key}'" in error.value.message_en


def test_broken_toml_is_reported(tmp_path: Path) -> None:
    """A syntax error in the file gives a clear message with the file's name."""
    config = tmp_path / "layso.toml"
    config.write_text("site = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cú pháp"):
        load_settings(config, environ={})


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    """LAYSO_CONFIG pointing nowhere is an error, not silently ignored."""
    with pytest.raises(ConfigError, match="Không tìm thấy"):
        load_settings(environ={"LAYSO_CONFIG": str(tmp_path / "missing.toml")})

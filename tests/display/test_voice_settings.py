"""The config file's [voice] section reaches the board's voice (display/voice.py): regional
number readings, speech rate, chime and cache size, each validated."""

from __future__ import annotations

from pathlib import Path

import pytest

from display.voice import voice_settings
from shared.config import load_settings
from shared.errors import ConfigError
from shared.voice import call_phrase


def _config(tmp_path: Path, voice: str) -> Path:
    path = tmp_path / "layso.toml"
    path.write_text(f"[voice]\n{voice}\n", encoding="utf-8")
    return path


def test_regional_readings_rate_chime_and_cache_come_from_the_config_file(
        tmp_path: Path) -> None:
    """`zero_tens = "lẻ"`, `thousand = "ngàn"`, `four_after_tens = "bốn"`, `rate`, `chime`
    and `cache_mb` are accepted and used: 1104 is read "một ngàn một trăm lẻ bốn", 24 "hai
    mươi bốn"."""
    path = _config(tmp_path, 'zero_tens = "lẻ"\nthousand = "ngàn"\nfour_after_tens = "bốn"\n'
                             "rate = 120\nchime = false\ncache_mb = 50")
    settings = voice_settings(load_settings(path, environ={}).voice)
    assert settings is not None
    assert (settings.rate, settings.chime, settings.cache_mb) == (120, False, 50)
    spoken = call_phrase("A1104", 24, settings).text
    assert "một ngàn một trăm lẻ bốn" in spoken
    assert spoken.endswith("đến quầy số hai mươi bốn")


def test_the_defaults_read_numbers_the_northern_way_with_a_chime(tmp_path: Path) -> None:
    """Without those keys: "linh", "nghìn", "tư", 140 words a minute, a chime, 200 MB."""
    settings = voice_settings(load_settings(_config(tmp_path, ""), environ={}).voice)
    assert settings is not None
    assert (settings.rate, settings.chime, settings.cache_mb) == (140, True, 200)
    assert "một nghìn một trăm linh bốn" in call_phrase("A1104", 24, settings).text
    assert call_phrase("A1", 24, settings).text.endswith("hai mươi tư")


@pytest.mark.parametrize("line, key", [
    ('zero_tens = "không"', "voice.zero_tens"),
    ('thousand = "ngìn"', "voice.thousand"),
    ('four_after_tens = "4"', "voice.four_after_tens"),
    ("rate = 20", "voice.rate"),
    ("rate = 900", "voice.rate"),
    ('chime = "yes"', "voice.chime"),
    ("cache_mb = 0", "voice.cache_mb"),
])
def test_a_wrong_voice_value_is_refused_by_name(tmp_path: Path, line: str, key: str) -> None:
    """A value outside its choices or range is a ConfigError naming the key."""
    with pytest.raises(ConfigError) as error:
        load_settings(_config(tmp_path, line), environ={})
    assert key in error.value.message

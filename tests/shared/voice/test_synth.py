"""Real espeak-ng synthesis and its disk cache: tests for shared/voice/synth.py, espeak.py."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from shared.errors import ConfigError
from shared.voice.errors import VoiceUnavailable
from shared.voice.settings import VoiceSettings
from shared.voice.synth import EspeakSynthesizer, default_cache_dir, make_synthesizer
from shared.voice.text import call_phrase
from shared.voice.wav import pcm_to_wav, silence, wav_info


def test_espeak_speaks_the_vietnamese_call_as_a_valid_wav(espeak_vi: EspeakSynthesizer) -> None:
    """The Vietnamese call becomes a 22050 Hz mono 16-bit WAV of a plausible length."""
    wav = espeak_vi.speak(call_phrase("A012", 3, VoiceSettings()))
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    info = wav_info(wav)
    assert (info.sample_rate, info.channels, info.sample_width) == (22050, 1, 2)
    assert 2.5 < info.duration < 9.0
    assert any(wav[44:])  # not silence


def test_espeak_speaks_english(tmp_path: Path) -> None:
    """The English voice is a setting: "en" speaks the English call."""
    english = EspeakSynthesizer("en", 140, cache_dir=tmp_path)
    info = wav_info(english.speak(call_phrase("A012", 3, VoiceSettings(language="en"))))
    assert 1.5 < info.duration < 8.0


def test_a_longer_number_takes_longer_to_say(espeak_vi: EspeakSynthesizer) -> None:
    """Speech follows the words: 1012 read as a number is longer than 3."""
    settings = VoiceSettings()
    short = wav_info(espeak_vi.speak(call_phrase("3", 1, settings))).duration
    long = wav_info(espeak_vi.speak(call_phrase("1012", 1, settings))).duration
    assert long > short + 0.5


def test_the_cache_is_hit_the_second_time(espeak_vi: EspeakSynthesizer) -> None:
    """A phrase spoken twice is synthesised once, then read from the cache file."""
    phrase = call_phrase("B105", 2, VoiceSettings())
    first = espeak_vi.speak(phrase)
    cached = espeak_vi.cache_path(phrase.text)
    assert cached is not None and cached.read_bytes() == first
    assert (espeak_vi.cache_misses, espeak_vi.cache_hits) == (1, 0)
    # Prove the second answer comes from the file: change the file, get the change.
    marker = pcm_to_wav(silence(0.1))
    cached.write_bytes(marker)
    assert espeak_vi.speak(phrase) == marker
    assert (espeak_vi.cache_misses, espeak_vi.cache_hits) == (1, 1)


def test_the_cache_key_includes_voice_and_rate(tmp_path: Path) -> None:
    """Another voice or rate never reuses a cached phrase."""
    text = "mười hai"
    paths = {EspeakSynthesizer(voice, rate, cache_dir=tmp_path).cache_path(text)
             for voice, rate in (("vi", 140), ("vi", 170), ("en", 140))}
    assert len(paths) == 3


def test_the_default_cache_is_in_the_data_directory(tmp_path: Path) -> None:
    """Synthesised clips go to shared.paths.cache_dir()/voice."""
    assert default_cache_dir() == tmp_path / "data" / "cache" / "voice"
    synthesizer = make_synthesizer(VoiceSettings())
    assert isinstance(synthesizer, EspeakSynthesizer)
    assert synthesizer.cache_dir == default_cache_dir()


def test_a_missing_engine_library_is_reported_in_vietnamese(tmp_path: Path) -> None:
    """Without libespeak-ng, check() says so (VoiceUnavailable, Vietnamese first)."""
    missing = EspeakSynthesizer("vi", library_path=str(tmp_path / "libespeak-ng.so"),
                                data_path=str(tmp_path))
    with pytest.raises(VoiceUnavailable) as caught:
        missing.check()
    assert "espeak-ng" in caught.value.message and "Không tìm thấy" in caught.value.message


def test_an_unknown_voice_is_reported() -> None:
    """A voice name espeak-ng does not have is a VoiceUnavailable naming it."""
    with pytest.raises(VoiceUnavailable) as caught:
        EspeakSynthesizer("no-such-voice").check()
    assert "no-such-voice" in caught.value.message


def test_the_cache_is_bounded_and_drops_the_least_recently_used_phrases(
        tmp_path: Path) -> None:
    """With a limit of about 3.5 phrases, speaking 6 new ones keeps the cache under the limit;
    the files removed are the least recently used (a phrase read again from the cache outlives
    two phrases written before that read), and the newest phrase is always kept."""
    folder = tmp_path / "cache"
    settings = VoiceSettings()
    phrases = [call_phrase(f"A10{index}", 1, settings) for index in range(6)]
    probe = EspeakSynthesizer("vi", 140, cache_dir=tmp_path / "probe")
    size = max(len(probe.speak(phrase)) for phrase in phrases)
    synth = EspeakSynthesizer("vi", 140, cache_dir=folder, cache_limit_bytes=int(size * 3.5))

    def cached(index: int) -> bool:
        path = synth.cache_path(phrases[index].text)
        return path is not None and path.is_file()

    for age, phrase in zip((300, 200, 100), phrases[:3], strict=True):
        synth.speak(phrase)
        path = synth.cache_path(phrase.text)
        assert path is not None
        os.utime(path, (time.time() - age, time.time() - age))  # spoken minutes ago
    assert all(cached(index) for index in range(3))
    synth.speak(phrases[0])  # used again: now the most recently used
    assert synth.cache_hits == 1
    for index, phrase in enumerate(phrases[3:], start=3):
        synth.speak(phrase)
        total = sum(path.stat().st_size for path in folder.glob("*.wav"))
        assert total <= synth.cache_limit_bytes
        if index == 4:  # 1 and 2 went first: 0 was used after them
            assert [cached(i) for i in range(5)] == [True, False, False, True, True]
    assert [cached(i) for i in range(6)] == [False, False, False, True, True, True]
    assert not list(folder.glob("*.part"))


def test_the_cache_limit_comes_from_the_voice_settings(tmp_path: Path) -> None:
    """``VoiceSettings.cache_mb`` sets the espeak synthesizer's limit; 0 MB is refused."""
    synth = make_synthesizer(VoiceSettings(cache_mb=50))
    assert isinstance(synth, EspeakSynthesizer)
    assert synth.cache_limit_bytes == 50 * 1024 * 1024
    with pytest.raises(ConfigError):
        VoiceSettings(cache_mb=0)

"""A recorded clip voice with espeak-ng behind it ([voice] engine = "clips", fallback =
"espeak", the default): what the clips cannot say is said by espeak-ng, never skipped."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from shared.voice.announcer import Announcer, Call
from shared.voice.clips import ClipVoice
from shared.voice.settings import VoiceSettings
from shared.voice.sink import AVAILABLE, VoiceStatus
from shared.voice.synth import EspeakSynthesizer, FallbackSynthesizer, make_synthesizer
from shared.voice.text import call_phrase


class CountingSink:
    def __init__(self) -> None:
        self.received: list[bytes] = []

    @property
    def status(self) -> VoiceStatus:
        return AVAILABLE

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        self.received.append(wav)
        threading.Thread(target=on_done).start()

    def stop(self) -> None:
        """Nothing plays."""


@pytest.fixture
def espeak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> EspeakSynthesizer:
    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))
    return EspeakSynthesizer("vi", 140, cache_dir=tmp_path / "cache")


def _voice_without(folder: Path, espeak: EspeakSynthesizer, missing: str) -> ClipVoice:
    """A clip voice recorded (here: by espeak-ng, one file per word) for A12 → 3, every digit,
    but without ``missing``.wav."""
    folder.mkdir()
    phrase = call_phrase("A12", 3, VoiceSettings())
    words = [word for group in phrase.groups for word in group]
    from shared.voice.numbers import VI_DIGITS
    from shared.voice.text import Word

    words += [Word(digit, str(index)) for index, digit in enumerate(VI_DIGITS)]
    for word in words:
        if word.clip != missing:
            (folder / f"{word.clip}.wav").write_bytes(espeak.speak_text(word.text))
    return ClipVoice(folder)


def test_a_missing_clip_is_said_by_espeak_and_the_call_is_heard(
        tmp_path: Path, espeak: EspeakSynthesizer) -> None:
    clips = _voice_without(tmp_path / "hoa", espeak, "lam")
    voice = FallbackSynthesizer(clips, espeak)
    sink = CountingSink()
    settings = VoiceSettings(engine="clips", clip_voice="hoa", chime=False)
    with Announcer(sink, settings, synthesizer=voice) as announcer:
        announcer.announce(Call("A12", 3))  # the clips say it
        assert announcer.wait_idle(10)
        announcer.announce(Call("A15", 3))  # no lam.wav: espeak-ng says it
        assert announcer.wait_idle(10)
        assert announcer.available
    assert len(sink.received) == 2
    assert sink.received[0] == clips.speak(call_phrase("A12", 3, settings))
    assert sink.received[1] == espeak.speak(call_phrase("A15", 3, settings))
    assert voice.fallbacks == 1


def test_no_clip_folder_at_all_means_espeak_speaks_every_call(
        tmp_path: Path, espeak: EspeakSynthesizer) -> None:
    voice = FallbackSynthesizer(ClipVoice(tmp_path / "nobody"), espeak)
    voice.check()
    assert not voice.primary_ok
    phrase = call_phrase("B7", 2, VoiceSettings())
    assert voice.speak(phrase) == espeak.speak(phrase)


def test_the_config_chooses_the_fallback(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))
    with_espeak = make_synthesizer(VoiceSettings(engine="clips", clip_voice="hoa"))
    assert isinstance(with_espeak, FallbackSynthesizer)
    alone = make_synthesizer(VoiceSettings(engine="clips", clip_voice="hoa", fallback="none"))
    assert isinstance(alone, ClipVoice)
    assert isinstance(make_synthesizer(VoiceSettings()), EspeakSynthesizer)

"""A call's audio without a sink: tests for shared/voice/call_audio.py."""

from __future__ import annotations

from dataclasses import replace

from shared.config import VoiceSettings as VoiceConfig
from shared.voice.announcer import Announcer, Call
from shared.voice.call_audio import CallAudio, voice_settings
from shared.voice.chime import load_chime
from shared.voice.wav import read_pcm
from tests.shared.voice.conftest import FakeSpeaker


def test_a_call_renders_as_the_announcer_plays_it(speaker: FakeSpeaker) -> None:
    """The browser board's WAV is the Qt board's announcement: chime, gap, the same speech."""
    config = VoiceConfig()
    audio = CallAudio(config)
    assert audio.available
    wav = audio.render(Call("A012", 3))
    settings = voice_settings(config)
    with Announcer(speaker, settings) as announcer:
        assert wav == announcer.render(Call("A012", 3))
    assert read_pcm(wav).startswith(read_pcm(load_chime()))


def test_engine_none_means_no_audio_and_says_why() -> None:
    """With the voice turned off nothing is rendered, and the reason is in Vietnamese."""
    audio = CallAudio(replace(VoiceConfig(), engine="none"))
    assert not audio.available
    assert "tắt" in audio.status.reason
    assert voice_settings(replace(VoiceConfig(), engine="none")) is None


def test_without_the_chime_only_speech_is_rendered() -> None:
    """chime = false: the WAV is the spoken call alone."""
    with_chime = CallAudio(VoiceConfig()).render(Call("B002", 2))
    without = CallAudio(replace(VoiceConfig(), chime=False)).render(Call("B002", 2))
    assert read_pcm(with_chime).endswith(read_pcm(without))
    assert len(without) < len(with_chime)

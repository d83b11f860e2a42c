"""Recorded clip voices: tests for shared/voice/clips.py and the WAV conversions in wav.py."""

from __future__ import annotations

import io
import wave
from array import array
from pathlib import Path

import pytest

from shared.voice.clips import GROUP_GAP, WORD_GAP, ClipVoice
from shared.voice.errors import ClipFormatError, VoiceUnavailable
from shared.voice.settings import VoiceSettings
from shared.voice.synth import EspeakSynthesizer
from shared.voice.text import Phrase, call_phrase
from shared.voice.wav import SAMPLE_RATE, read_pcm, wav_info


def _record_clips(folder: Path, phrase: Phrase, espeak: EspeakSynthesizer) -> dict[str, int]:
    """Make a tiny clip voice by speaking each word of ``phrase`` into its own file."""
    folder.mkdir(exist_ok=True)
    frames: dict[str, int] = {}
    for group in phrase.groups:
        for word in group:
            wav = espeak.speak_text(word.text)
            (folder / f"{word.clip}.wav").write_bytes(wav)
            frames[word.clip] = wav_info(wav).frames
    return frames


def _wav(rate: int, channels: int, width: int, frames: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(bytes([0x10, 0x20] * (frames * channels * width // 2)))
    return buffer.getvalue()


def test_a_clip_voice_joins_its_clips_in_order(tmp_path: Path,
                                               espeak_vi: EspeakSynthesizer) -> None:
    """The call is the words' clips one after another, with short gaps between words and
    longer ones between groups."""
    phrase = call_phrase("B25", 3, VoiceSettings())
    frames = _record_clips(tmp_path / "hoa", phrase, espeak_vi)
    voice = ClipVoice(tmp_path / "hoa")
    wav = voice.speak(phrase)
    words = sum(len(group) for group in phrase.groups)
    groups = len(phrase.groups)
    expected = (sum(frames[clip] for group in phrase.clips for clip in group)
                + round(WORD_GAP * SAMPLE_RATE) * (words - groups)
                + round(GROUP_GAP * SAMPLE_RATE) * (groups - 1))
    assert wav_info(wav).frames == expected
    # The first clip opens the call, sample for sample.
    first = read_pcm((tmp_path / "hoa" / "kinh_moi.wav").read_bytes())
    assert read_pcm(wav)[:len(first)] == first


def test_check_names_the_first_missing_clip(tmp_path: Path,
                                            espeak_vi: EspeakSynthesizer) -> None:
    """A voice lacking a required clip is unavailable, and the reason names the file."""
    _record_clips(tmp_path / "hoa", call_phrase("1", 2, VoiceSettings()), espeak_vi)
    with pytest.raises(VoiceUnavailable) as caught:
        ClipVoice(tmp_path / "hoa").check()
    assert ".wav" in caught.value.message and "thiếu" in caught.value.message
    with pytest.raises(VoiceUnavailable):
        ClipVoice(tmp_path / "nobody").check()


def test_a_word_without_a_clip_fails_with_its_name(tmp_path: Path,
                                                   espeak_vi: EspeakSynthesizer) -> None:
    """Speaking a word the center never recorded (lăm) names lam.wav."""
    _record_clips(tmp_path / "hoa", call_phrase("A12", 3, VoiceSettings()), espeak_vi)
    with pytest.raises(VoiceUnavailable, match=r"lam\.wav"):
        ClipVoice(tmp_path / "hoa").speak(call_phrase("A15", 3, VoiceSettings()))


def test_clips_in_another_rate_or_stereo_are_converted() -> None:
    """A 44.1 kHz stereo clip becomes 22050 Hz mono of the same length."""
    pcm = read_pcm(_wav(44100, 2, 2, 44100))
    assert len(pcm) == 2 * SAMPLE_RATE
    samples = array("h")
    samples.frombytes(pcm)
    assert set(samples) == {0x2010}


def test_clips_of_another_sample_width_are_refused_clearly() -> None:
    """An 8-bit clip is refused with a ClipFormatError naming the file, in Vietnamese."""
    with pytest.raises(ClipFormatError) as caught:
        read_pcm(_wav(22050, 1, 1, 100), "a.wav")
    assert "a.wav" in caught.value.message and "16-bit" in caught.value.message
    with pytest.raises(ClipFormatError):
        read_pcm(b"not a wav", "b.wav")

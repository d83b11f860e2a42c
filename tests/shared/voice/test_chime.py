"""The chime: tests for shared/voice/chime.py and assets/sounds/chime.wav."""

from __future__ import annotations

from array import array
from pathlib import Path

from shared.voice.chime import CHIME_PATH, load_chime, make_chime
from shared.voice.wav import read_pcm, wav_info


def test_the_bundled_chime_is_a_one_second_wav_in_the_call_format() -> None:
    """assets/sounds/chime.wav is about one second of 22050 Hz mono 16-bit sound."""
    info = wav_info(CHIME_PATH.read_bytes())
    assert (info.sample_rate, info.channels, info.sample_width) == (22050, 1, 2)
    assert 0.8 < info.duration < 1.5


def test_the_chime_is_two_tones_that_fade_out_without_clipping() -> None:
    """Ding then dong: loud at both strikes, quiet at the end, never at full scale."""
    samples = array("h")
    samples.frombytes(read_pcm(make_chime()))
    rate = 22050

    def loudness(start: float, end: float) -> int:
        return max(abs(value) for value in samples[int(start * rate):int(end * rate)])

    assert loudness(0.0, 0.05) > 10000  # ding
    assert loudness(0.42, 0.47) > loudness(0.35, 0.41)  # dong strikes again
    assert loudness(1.13, 1.15) < 1500  # faded out
    assert max(abs(value) for value in samples) < 32000


def test_a_missing_chime_file_is_generated_instead(tmp_path: Path) -> None:
    """Without the file the chime is still there (generated), not an error."""
    assert load_chime(tmp_path / "none.wav") == make_chime()

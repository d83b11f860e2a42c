"""WAV bytes in and out, in the one format the voice call uses: 22050 Hz, mono, 16-bit PCM.

Reading converts stereo to mono and resamples other rates (linear interpolation); other
sample widths and compressed files are refused with a ClipFormatError.
"""

from __future__ import annotations

import io
import wave
from array import array
from dataclasses import dataclass

from shared.voice.errors import ClipFormatError

SAMPLE_RATE = 22050
SAMPLE_WIDTH = 2
CHANNELS = 1


@dataclass(frozen=True)
class WavInfo:
    """What a WAV header says."""

    sample_rate: int
    channels: int
    sample_width: int
    frames: int

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def pcm_to_wav(pcm: bytes, sample_rate: int = SAMPLE_RATE) -> bytes:
    """Wrap 16-bit mono PCM samples in a WAV header."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(CHANNELS)
        writer.setsampwidth(SAMPLE_WIDTH)
        writer.setframerate(sample_rate)
        writer.writeframes(pcm)
    return buffer.getvalue()


def wav_info(data: bytes) -> WavInfo:
    """The header of a WAV file; ClipFormatError when it is not a readable PCM WAV."""
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            return WavInfo(reader.getframerate(), reader.getnchannels(),
                           reader.getsampwidth(), reader.getnframes())
    except (wave.Error, EOFError) as error:
        raise ClipFormatError(
            "Tệp âm thanh không phải WAV PCM đọc được.",
            "The sound file is not a readable PCM WAV file.", detail=str(error),
        ) from error


def _samples(pcm: bytes) -> array[int]:
    samples = array("h")
    samples.frombytes(pcm)
    return samples


def _to_mono(samples: array[int], channels: int) -> array[int]:
    if channels == 1:
        return samples
    return array("h", (sum(samples[i:i + channels]) // channels
                       for i in range(0, len(samples) - channels + 1, channels)))


def resample(samples: array[int], from_rate: int, to_rate: int) -> array[int]:
    """Linear-interpolation resampling of 16-bit mono samples."""
    if from_rate == to_rate or not samples:
        return samples
    count = max(1, round(len(samples) * to_rate / from_rate))
    step = from_rate / to_rate
    last = len(samples) - 1
    out = array("h", bytes(2 * count))
    for index in range(count):
        position = index * step
        left = min(int(position), last)
        right = min(left + 1, last)
        fraction = position - left
        out[index] = round(samples[left] + (samples[right] - samples[left]) * fraction)
    return out


def read_pcm(data: bytes, name: str = "") -> bytes:
    """The samples of a WAV file as 22050 Hz mono 16-bit PCM (converted when needed)."""
    info = wav_info(data)
    if info.sample_width != SAMPLE_WIDTH:
        raise ClipFormatError(
            f"Tệp âm thanh {name} phải là PCM 16-bit (tệp này {8 * info.sample_width}-bit).",
            f"Sound file {name} must be 16-bit PCM (this one is {8 * info.sample_width}-bit).",
        )
    with wave.open(io.BytesIO(data), "rb") as reader:
        samples = _samples(reader.readframes(info.frames))
    samples = _to_mono(samples, info.channels)
    return resample(samples, info.sample_rate, SAMPLE_RATE).tobytes()


def silence(seconds: float, sample_rate: int = SAMPLE_RATE) -> bytes:
    """``seconds`` of silent 16-bit mono PCM."""
    return bytes(SAMPLE_WIDTH * round(seconds * sample_rate))


def join_wavs(*parts: bytes, gap: float = 0.0) -> bytes:
    """WAV files played one after another (with ``gap`` seconds of silence between)."""
    pcm = silence(gap).join(read_pcm(part) for part in parts)
    return pcm_to_wav(pcm)

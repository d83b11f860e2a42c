"""Speech synthesis: a phrase in, WAV bytes out; espeak-ng results are cached on disk.

The cache lives in ``shared.paths.cache_dir()/voice``, one WAV per (engine, voice, rate,
volume, text), named by the SHA-256 of that key, so a recall or a common number is spoken at
once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Protocol

from shared import paths
from shared.voice import espeak
from shared.voice.settings import VoiceSettings
from shared.voice.text import Phrase
from shared.voice.wav import pcm_to_wav

log = logging.getLogger(__name__)


class Synthesizer(Protocol):
    """Turns a phrase into WAV bytes (22050 Hz, mono, 16-bit)."""

    def check(self) -> None:
        """Raise VoiceUnavailable (with the reason) when this synthesizer cannot speak."""

    def speak(self, phrase: Phrase) -> bytes:
        """The phrase as WAV bytes; raises a LaysoError subclass when it cannot."""


def default_cache_dir() -> Path:
    """Where synthesised phrases are kept: ``cache_dir()/voice``."""
    return paths.cache_dir() / "voice"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class EspeakSynthesizer:
    """Offline synthesis with libespeak-ng; ``cache_dir=None`` turns the disk cache off."""

    def __init__(self, voice: str = "vi", rate: int = 140, *,
                 cache_dir: Path | None = None, use_cache: bool = True,
                 library_path: str = "", data_path: str = "") -> None:
        self.voice = voice
        self.rate = rate
        self.cache_dir = (cache_dir or default_cache_dir()) if use_cache else None
        self._library_path = library_path
        self._data_path = data_path
        self.cache_hits = 0
        self.cache_misses = 0

    def check(self) -> None:
        espeak.check_voice(self.voice, self._library_path, self._data_path)

    def cache_path(self, text: str) -> Path | None:
        """The cache file for ``text`` (None when caching is off)."""
        if self.cache_dir is None:
            return None
        key = f"espeak\n{self.voice}\n{self.rate}\n{espeak.VOLUME}\n{text}".encode()
        return self.cache_dir / f"{hashlib.sha256(key).hexdigest()}.wav"

    def speak(self, phrase: Phrase) -> bytes:
        return self.speak_text(phrase.text)

    def speak_text(self, text: str) -> bytes:
        """``text`` as WAV bytes, from the cache when it was spoken before."""
        cached = self.cache_path(text)
        if cached is not None and cached.is_file():
            try:
                data = cached.read_bytes()
            except OSError as error:
                log.warning("voice cache unreadable, synthesising again: %s", error)
            else:
                self.cache_hits += 1
                return data
        self.cache_misses += 1
        pcm, sample_rate = espeak.synthesize(
            text, self.voice, self.rate, self._library_path, self._data_path
        )
        data = pcm_to_wav(pcm, sample_rate)
        if cached is not None:
            try:
                _write_atomically(cached, data)
            except OSError as error:
                log.warning("cannot write the voice cache %s: %s", cached, error)
        return data


def make_synthesizer(settings: VoiceSettings) -> Synthesizer:
    """The synthesizer the settings ask for: espeak-ng or a recorded clip voice."""
    if settings.engine == "clips":
        from shared.voice.clips import ClipVoice

        return ClipVoice.named(settings.clip_voice, settings.language)
    return EspeakSynthesizer(settings.synth_voice, settings.rate)

"""Speech synthesis: a phrase in, WAV bytes out; espeak-ng results are cached on disk.

The cache lives in ``shared.paths.cache_dir()/voice``, one WAV per (engine, voice, rate,
volume, text), named by the SHA-256 of that key, so a recall or a common number is spoken at
once. It is bounded (``cache_limit_bytes``, 200 MB by default, about 700 phrases): a hit
touches its file's mtime, and after each new file the least recently used files are removed
until the cache is under 90 % of the limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Protocol

from shared import paths
from shared.errors import LaysoError
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


#: The cache's default size limit.
DEFAULT_CACHE_LIMIT_BYTES = 200 * 1024 * 1024
#: After pruning, the cache holds at most this share of its limit (so not every new phrase
#: makes a scan that removes one file).
PRUNE_TO = 0.9


def prune_cache(folder: Path, limit_bytes: int, keep: Path | None = None) -> int:
    """Remove the least recently used ``*.wav`` files of ``folder`` (oldest mtime first, never
    ``keep``) until they take no more than ``limit_bytes``, or ``PRUNE_TO`` of it once pruning
    started. Returns the number of files removed."""
    entries: list[tuple[float, int, Path]] = []
    total = 0
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.name.endswith(".wav") and entry.is_file():
                    stat = entry.stat()
                    entries.append((stat.st_mtime, stat.st_size, Path(entry.path)))
                    total += stat.st_size
    except OSError as error:
        log.warning("voice cache %s not scanned: %s", folder, error)
        return 0
    if total <= limit_bytes:
        return 0
    removed = 0
    target = limit_bytes * PRUNE_TO
    for _mtime, size, path in sorted(entries, key=lambda item: item[0]):
        if total <= target:
            break
        if keep is not None and path == keep:
            continue
        try:
            path.unlink()
        except OSError as error:
            log.warning("voice cache file %s not removed: %s", path, error)
            continue
        total -= size
        removed += 1
    return removed


class EspeakSynthesizer:
    """Offline synthesis with libespeak-ng; ``cache_dir=None`` turns the disk cache off."""

    def __init__(self, voice: str = "vi", rate: int = 140, *,
                 cache_dir: Path | None = None, use_cache: bool = True,
                 cache_limit_bytes: int = DEFAULT_CACHE_LIMIT_BYTES,
                 library_path: str = "", data_path: str = "") -> None:
        self.voice = voice
        self.rate = rate
        self.cache_dir = (cache_dir or default_cache_dir()) if use_cache else None
        self.cache_limit_bytes = cache_limit_bytes
        self._library_path = library_path
        self._data_path = data_path
        self.cache_hits = 0
        self.cache_misses = 0

    def at_rate(self, rate: int) -> EspeakSynthesizer:
        """The same voice at another speech rate, sharing the cache (for calls said faster
        when they pile up)."""
        if rate == self.rate:
            return self
        other = EspeakSynthesizer(self.voice, rate, cache_dir=self.cache_dir,
                                  use_cache=self.cache_dir is not None,
                                  cache_limit_bytes=self.cache_limit_bytes,
                                  library_path=self._library_path, data_path=self._data_path)
        return other

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
                with contextlib.suppress(OSError):
                    os.utime(cached)  # recently used: pruned last
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
            else:
                prune_cache(cached.parent, self.cache_limit_bytes, keep=cached)
        return data


class FallbackSynthesizer:
    """A preferred voice (a center's recorded clips) with espeak-ng behind it: a phrase the
    preferred voice cannot say (a clip missing, a file unreadable) is said by the fallback,
    logged once per reason; when the preferred voice is not there at all, the fallback
    speaks every call. ``check`` fails only when neither can speak."""

    def __init__(self, primary: Synthesizer, fallback: Synthesizer) -> None:
        self.primary = primary
        self.fallback = fallback
        self.primary_ok = True
        self.fallbacks = 0
        self._logged: set[str] = set()

    def check(self) -> None:
        try:
            self.primary.check()
            self.primary_ok = True
        except LaysoError as error:
            self.primary_ok = False
            log.warning("preferred voice unavailable (%s); espeak-ng speaks instead",
                        error.message_en)
        if self.primary_ok:
            self._check_fallback_quietly()
        else:
            self.fallback.check()  # neither voice: the reason is the fallback's

    def _check_fallback_quietly(self) -> None:
        try:
            self.fallback.check()
        except LaysoError as error:
            log.warning("fallback voice unavailable: %s", error.message_en)

    def speak(self, phrase: Phrase) -> bytes:
        if self.primary_ok:
            try:
                return self.primary.speak(phrase)
            except LaysoError as error:
                if error.message_en not in self._logged:
                    self._logged.add(error.message_en)
                    log.warning("preferred voice cannot say %r (%s); espeak-ng says it",
                                phrase.text, error.message_en)
        self.fallbacks += 1
        return self.fallback.speak(phrase)

    def at_rate(self, rate: int) -> FallbackSynthesizer:
        """Recorded clips keep their pace; the fallback speaks at ``rate``."""
        at_rate = getattr(self.fallback, "at_rate", None)
        faster = FallbackSynthesizer(self.primary, at_rate(rate) if at_rate else self.fallback)
        faster.primary_ok = self.primary_ok
        return faster


def make_synthesizer(settings: VoiceSettings) -> Synthesizer:
    """The synthesizer the settings ask for: espeak-ng, or a recorded clip voice (with
    espeak-ng behind it unless ``fallback = "none"``)."""
    espeak_voice = EspeakSynthesizer(settings.synth_voice, settings.rate,
                                     cache_limit_bytes=settings.cache_mb * 1024 * 1024)
    if settings.engine == "clips":
        from shared.voice.clips import ClipVoice

        clips = ClipVoice.named(settings.clip_voice, settings.language)
        if settings.fallback == "espeak":
            return FallbackSynthesizer(clips, espeak_voice)
        return clips
    return espeak_voice

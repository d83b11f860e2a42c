"""A call's audio as one WAV, for a player that is not ours (the browser board).

The same sound as the Qt board's :class:`~shared.voice.announcer.Announcer`: the chime, a short
gap, then the call spoken by the configured engine (espeak-ng results come from the same disk
cache). No audio device here: :meth:`CallAudio.render` returns bytes, the page plays them.
"""

from __future__ import annotations

import logging

from shared.config import VoiceSettings as VoiceConfig
from shared.errors import LaysoError
from shared.voice.announcer import CHIME_GAP, Call
from shared.voice.chime import load_chime
from shared.voice.numbers import VietnameseNumberStyle
from shared.voice.settings import VoiceSettings
from shared.voice.sink import AVAILABLE, VoiceStatus
from shared.voice.synth import Synthesizer, make_synthesizer
from shared.voice.text import call_phrase, short_phrase
from shared.voice.wav import join_wavs

log = logging.getLogger(__name__)

#: Why there is no sound when the configuration turns the voice off.
TURNED_OFF = VoiceStatus(False, "Giọng đọc đã tắt trong cấu hình.",
                         "The voice call is turned off in the settings.")


def voice_settings(config: VoiceConfig) -> VoiceSettings | None:
    """The voice's settings from the config's [voice] section (None: turned off)."""
    if config.engine == "none":
        return None
    style = VietnameseNumberStyle(zero_tens=config.zero_tens, thousand=config.thousand,
                                  four_after_tens=config.four_after_tens)
    return VoiceSettings(language=config.language, ticket_reading=config.read_number,
                         engine=config.engine, clip_voice=config.clips, number_style=style,
                         rate=config.rate, chime=config.chime, cache_mb=config.cache_mb,
                         repeat=config.repeat, max_delay=config.max_delay,
                         fallback=config.fallback,
                         rate_max=config.rate_max)


class CallAudio:
    """Renders calls to WAV bytes; ``status`` says why it cannot (turned off, no engine)."""

    def __init__(self, config: VoiceConfig, *, synthesizer: Synthesizer | None = None,
                 chime: bytes | None = None) -> None:
        self.status: VoiceStatus = AVAILABLE
        self.chime = b""
        self._synthesizer: Synthesizer | None = None
        try:
            settings = voice_settings(config)
        except LaysoError as error:
            log.error("voice call disabled by its settings: %s", error.message_en)
            self.status = VoiceStatus(False, error.message, error.message_en)
            return
        if settings is None:
            self.status = TURNED_OFF
            return
        self.settings = settings
        try:
            self._synthesizer = synthesizer or make_synthesizer(settings)
            self._synthesizer.check()
        except LaysoError as error:
            log.warning("voice call disabled: %s (%s)", error.message_en, error.detail)
            self.status = VoiceStatus(False, error.message, error.message_en)
            self._synthesizer = None
            return
        if settings.chime:
            self.chime = chime if chime is not None else load_chime()

    @property
    def available(self) -> bool:
        return self.status.available

    def render(self, call: Call) -> bytes:
        """The WAV of one announcement: chime, gap, spoken call. Raises LaysoError (or
        RuntimeError when unavailable)."""
        if self._synthesizer is None:
            raise RuntimeError(f"no voice: {self.status.reason_en}")
        speech = self._synthesizer.speak(call_phrase(call.ticket_number, call.counter,
                                                     self.settings))
        return join_wavs(self.chime, speech, gap=CHIME_GAP) if self.chime else speech

    def rush_rate(self, waiting: int) -> int:
        """The speech rate of a short call with ``waiting`` calls behind it: halfway to
        ``rate_max`` for one to three, ``rate_max`` from four (the Qt announcer computes it
        from the calls' ages; a browser only knows how many wait)."""
        fastest = max(self.settings.rate, self.settings.rate_max)
        if waiting >= 4:
            return fastest
        return (self.settings.rate + fastest) // 2

    def render_short(self, call: Call, waiting: int = 1) -> bytes:
        """The short call of a rush, no chime: "a mười hai, quầy ba", faster as more wait.
        Falls back to the full call when the voice cannot say it short (a clip voice
        without quay.wav)."""
        if self._synthesizer is None:
            raise RuntimeError(f"no voice: {self.status.reason_en}")
        synthesizer = self._synthesizer
        at_rate = getattr(synthesizer, "at_rate", None)
        if at_rate is not None:
            synthesizer = at_rate(self.rush_rate(waiting))
        try:
            return synthesizer.speak(short_phrase(call.ticket_number, call.counter,
                                                  self.settings))
        except LaysoError as error:
            log.warning("short call unavailable (%s); the full call instead", error.message_en)
            return self.render(call)

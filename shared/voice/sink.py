"""Where announcements are played: the ``AudioSink`` protocol and its status.

A sink is asynchronous: ``play`` starts playing and returns; the sink calls ``on_done``
(from any thread) when the sound has finished or failed. The Qt sink is in shared/ui/audio.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class VoiceStatus:
    """Whether calls can be heard; ``reason`` (Vietnamese) and ``reason_en`` say why not."""

    available: bool
    reason: str = ""
    reason_en: str = ""

    def localized(self, language: str) -> str:
        """The reason in ``language`` ("vi" or "en")."""
        return self.reason_en if language == "en" else self.reason


AVAILABLE = VoiceStatus(True)


class AudioSink(Protocol):
    """An audio output that plays one WAV at a time."""

    @property
    def status(self) -> VoiceStatus:
        """Whether the sink can play (an audio device is there)."""

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        """Start playing ``wav``; call ``on_done`` once when it has finished or failed."""

    def stop(self) -> None:
        """Stop what is playing (on shutdown); ``on_done`` may still be called."""


class BlockingSink:
    """An AudioSink around a function that plays a WAV and returns when it is done."""

    def __init__(self, play_blocking: Callable[[bytes], None],
                 status: VoiceStatus = AVAILABLE) -> None:
        self._play_blocking = play_blocking
        self._status = status

    @property
    def status(self) -> VoiceStatus:
        return self._status

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        try:
            self._play_blocking(wav)
        finally:
            on_done()

    def stop(self) -> None:
        """Nothing to stop: playing has finished when ``play`` returns."""

"""The voice call's errors: users see them as a small mark on the wall display."""

from __future__ import annotations

from shared.errors import LaysoError


class VoiceUnavailable(LaysoError):
    """No way to speak: the speech engine, a voice, a clip or the audio device is missing."""


class ClipFormatError(LaysoError):
    """A recorded clip that is not a readable 16-bit PCM WAV file."""

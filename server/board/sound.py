"""The board's sounds, served to the pages: the chime and each call's WAV (chime + speech).

The same rendering as the Qt board (``shared.voice.call_audio``), so espeak-ng's phrases come
from the same disk cache; a phrase not cached yet is synthesised on demand in a thread. With
``[voice] engine = "none"`` (or no speech engine) there is no sound, and the pages say why.
"""

from __future__ import annotations

import logging
import threading

from starlette.concurrency import run_in_threadpool

from shared.config import VoiceSettings as VoiceConfig
from shared.voice import Call
from shared.voice.call_audio import CallAudio
from shared.voice.sink import VoiceStatus

log = logging.getLogger(__name__)


class BoardSound:
    """One per app: the call renderer, made on first use (loading espeak-ng takes a moment)."""

    def __init__(self, config: VoiceConfig) -> None:
        self.config = config
        self._audio: CallAudio | None = None
        self._lock = threading.Lock()

    def _get(self) -> CallAudio:
        with self._lock:
            if self._audio is None:
                self._audio = CallAudio(self.config)
            return self._audio

    async def status(self) -> VoiceStatus:
        if self._audio is not None:
            return self._audio.status
        audio = await run_in_threadpool(self._get)
        return audio.status

    async def chime(self) -> bytes:
        audio = await run_in_threadpool(self._get)
        return audio.chime if audio.available else b""

    async def call(self, ticket: str, counter: int, *, short: bool = False,
                   waiting: int = 1) -> bytes:
        """The call's WAV (synthesised in a thread, or read from the cache); ``short``: the
        short call of a rush, faster as more calls wait."""
        audio = await run_in_threadpool(self._get)
        if short:
            return await run_in_threadpool(audio.render_short, Call(ticket, counter), waiting)
        return await run_in_threadpool(audio.render, Call(ticket, counter))

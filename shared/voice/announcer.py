"""The announcer: a FIFO of calls, spoken one at a time (chime + speech), never overlapping.

Synthesis and waiting for the sink happen on one worker thread, so the GUI never blocks.
Without a speech engine or an audio device the announcer stays silent and says why through
``status``; synthesis and playback errors are logged, never raised to the app.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass

from shared.errors import LaysoError
from shared.voice.chime import load_chime
from shared.voice.settings import VoiceSettings
from shared.voice.sink import AVAILABLE, AudioSink, VoiceStatus
from shared.voice.synth import Synthesizer, make_synthesizer
from shared.voice.text import call_phrase
from shared.voice.wav import join_wavs, wav_info

log = logging.getLogger(__name__)

CHIME_GAP = 0.25
#: Extra time allowed past a sound's length before a sink that never reports is given up on.
PLAY_GRACE = 5.0


@dataclass(frozen=True)
class Call:
    """One call to announce: the ticket number and the counter it goes to."""

    ticket_number: str
    counter: int | str


class Announcer:
    """Speaks calls in order through ``sink``. Close it (or use ``with``) to stop the worker."""

    def __init__(self, sink: AudioSink, settings: VoiceSettings | None = None, *,
                 synthesizer: Synthesizer | None = None, chime: bytes | None = None,
                 max_pending: int = 10) -> None:
        self.settings = settings or VoiceSettings()
        self._sink = sink
        self._chime = (chime if chime is not None else load_chime()) if self.settings.chime else b""
        self._max_pending = max_pending
        self._pending: deque[Call] = deque()
        self._condition = threading.Condition()
        self._busy = False
        self._closing = False
        self._engine_status = AVAILABLE
        self._last_error = AVAILABLE
        self.played = 0
        try:
            self._synthesizer: Synthesizer | None = synthesizer or make_synthesizer(self.settings)
            self._synthesizer.check()
        except LaysoError as error:
            log.warning("voice call disabled: %s (%s)", error.message_en, error.detail)
            self._engine_status = VoiceStatus(False, error.message, error.message_en)
        self._worker = threading.Thread(target=self._run, name="layso-announcer", daemon=True)
        self._worker.start()

    # -- status ------------------------------------------------------------------------------
    @property
    def status(self) -> VoiceStatus:
        """Available only when the speech engine and the audio device are, and the last call
        could be synthesised (a failed call is reported until one succeeds)."""
        for status in (self._engine_status, self._sink.status, self._last_error):
            if not status.available:
                return status
        return AVAILABLE

    @property
    def available(self) -> bool:
        return self.status.available

    @property
    def reason(self) -> str:
        """Why calls are silent, in Vietnamese ("" when they are heard)."""
        return self.status.reason

    # -- calls -------------------------------------------------------------------------------
    def announce(self, call: Call) -> bool:
        """Queue ``call`` (a recall is simply announced again). False when it stays silent."""
        status = self._engine_status if not self._engine_status.available else self._sink.status
        if not status.available:
            log.info("silent call %s → %s: %s", call.ticket_number, call.counter,
                     status.reason_en)
            return False
        with self._condition:
            if self._closing:
                return False
            if len(self._pending) >= self._max_pending:
                dropped = self._pending.popleft()
                log.warning("voice queue full: dropping the call of %s", dropped.ticket_number)
            self._pending.append(call)
            self._condition.notify_all()
        return True

    def render(self, call: Call) -> bytes:
        """The WAV of one announcement: chime, a short gap, then the spoken call."""
        if self._synthesizer is None:
            raise RuntimeError("no synthesizer")
        phrase = call_phrase(call.ticket_number, call.counter, self.settings)
        speech = self._synthesizer.speak(phrase)
        if not self._chime:
            return speech
        return join_wavs(self._chime, speech, gap=CHIME_GAP)

    @property
    def pending(self) -> int:
        """Calls waiting (not counting the one playing)."""
        with self._condition:
            return len(self._pending)

    @property
    def is_running(self) -> bool:
        """Whether the worker thread is alive (False after ``close``)."""
        return self._worker.is_alive()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued or playing; False on timeout."""
        with self._condition:
            return self._condition.wait_for(
                lambda: self._closing or (not self._pending and not self._busy), timeout
            )

    # -- worker ------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._closing or bool(self._pending))
                if self._closing:
                    return
                call = self._pending.popleft()
                self._busy = True
            try:
                self._speak(call)
            except Exception:  # a worker must survive anything; the app never sees it
                log.exception("voice call %s failed", call)
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()

    def _speak(self, call: Call) -> None:
        try:
            wav = self.render(call)
        except LaysoError as error:
            log.error("cannot synthesise %s: %s (%s)", call, error.message_en, error.detail)
            self._last_error = VoiceStatus(False, error.message, error.message_en)
            return
        self._last_error = AVAILABLE
        if not self._sink.status.available:
            return
        done = threading.Event()
        self._sink.play(wav, done.set)
        deadline = time.monotonic() + wav_info(wav).duration + PLAY_GRACE
        while not done.wait(0.05):
            if self._closing:
                return
            if time.monotonic() > deadline:
                log.warning("audio sink never finished %s; going on", call)
                return
        self.played += 1

    def close(self, timeout: float = 5.0) -> None:
        """Drop queued calls, stop playback and end the worker thread."""
        with self._condition:
            self._closing = True
            self._pending.clear()
            self._condition.notify_all()
        try:
            self._sink.stop()
        except Exception:
            log.exception("audio sink failed to stop")
        self._worker.join(timeout)

    def __enter__(self) -> Announcer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

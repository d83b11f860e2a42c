"""The announcer: a queue of calls, spoken one at a time (chime + speech), never overlapping,
none dropped, none heard long after it was made.

Synthesis and waiting for the sink happen on one worker thread, so the GUI never blocks.
A new call for a counter that already has one waiting replaces it in its place (the counter has
moved on; its latest call is said). When calls wait behind the one being said ("a rush", from
``RUSH_FROM`` waiting until the queue is empty again) each is said short, without the chime:
"a mười hai, quầy ba", and faster when needed (up to ``rate_max``) so that every waiting call
starts within ``max_delay`` seconds of being made. The first call after a quiet moment plays
the chime first, and its phrase is chosen when the chime ends (a burst has arrived by then).
``on_start`` is told, from the worker thread, when each call begins to sound, so the screen
can show the call being heard. A call said alone is repeated (short) ``repeat - 1`` times
unless another call comes.
Without a speech engine or an audio device the announcer stays silent and says why through
``status``; synthesis and playback errors are logged, never raised to the app.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from shared.errors import LaysoError
from shared.voice.chime import load_chime
from shared.voice.settings import VoiceSettings
from shared.voice.sink import AVAILABLE, AudioSink, VoiceStatus
from shared.voice.synth import Synthesizer, make_synthesizer
from shared.voice.text import Phrase, call_phrase, short_phrase
from shared.voice.wav import join_wavs, pcm_to_wav, read_pcm, silence, wav_info

log = logging.getLogger(__name__)

CHIME_GAP = 0.25
#: Extra time allowed past a sound's length before a sink that never reports is given up on.
PLAY_GRACE = 5.0
#: From this many calls waiting behind the one about to be said, calls are said short.
RUSH_FROM = 2
#: The pause after each short call of a rush, and before a repeat.
RUSH_GAP = 0.12
#: Kept in hand below ``max_delay`` when choosing how fast to speak (a sink's own latency).
RUSH_MARGIN = 1.0
#: Faster speech rates are rounded up to this step (so the cache holds few variants).
RATE_STEP = 10


@dataclass(frozen=True)
class Call:
    """One call to announce: the ticket number and the counter it goes to; ``made_at``
    (``time.monotonic()``) is when it was made, ``tag`` whatever the app wants back in
    ``on_start`` (the board's call)."""

    ticket_number: str
    counter: int | str
    made_at: float = field(default_factory=time.monotonic, compare=False)
    tag: object = field(default=None, compare=False)


@dataclass(frozen=True)
class Heard:
    """A call that began to sound: when (monotonic), how (short or not), at what rate."""

    call: Call
    started_at: float
    short: bool
    rate: int

    @property
    def delay(self) -> float:
        """Seconds from the call being made to its first sound."""
        return self.started_at - self.call.made_at


class Announcer:
    """Speaks calls in order through ``sink``. Close it (or use ``with``) to stop the worker."""

    def __init__(self, sink: AudioSink, settings: VoiceSettings | None = None, *,
                 synthesizer: Synthesizer | None = None, chime: bytes | None = None,
                 on_start: Callable[[Call], None] | None = None) -> None:
        self.settings = settings or VoiceSettings()
        self._sink = sink
        self._chime = (chime if chime is not None else load_chime()) if self.settings.chime else b""
        self._chime_gap = (pcm_to_wav(read_pcm(self._chime) + silence(CHIME_GAP))
                           if self._chime else b"")
        self.on_start = on_start
        self._pending: deque[Call] = deque()
        self._condition = threading.Condition()
        self._busy = False
        self._closing = False
        self._rush = False
        self._engine_status = AVAILABLE
        self._last_error = AVAILABLE
        self.played = 0
        self.collapsed = 0
        #: The calls heard, in order (the latest 1000), with when they began to sound.
        self.heard: deque[Heard] = deque(maxlen=1000)
        self._faster: dict[int, Synthesizer] = {}
        self._per_word: float | None = None
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
        """Queue ``call`` (a recall is simply announced again); a call waiting for the same
        counter is replaced by this one, in its place. False when it stays silent."""
        status = self._engine_status if not self._engine_status.available else self._sink.status
        if not status.available:
            log.info("silent call %s → %s: %s", call.ticket_number, call.counter,
                     status.reason_en)
            return False
        with self._condition:
            if self._closing:
                return False
            for index, waiting in enumerate(self._pending):
                if str(waiting.counter) == str(call.counter):
                    log.info("voice: %s replaces %s waiting for counter %s",
                             call.ticket_number, waiting.ticket_number, call.counter)
                    self._pending[index] = call
                    self.collapsed += 1
                    break
            else:
                self._pending.append(call)
            self._condition.notify_all()
        return True

    def render(self, call: Call) -> bytes:
        """The WAV of one announcement said alone: chime, a short gap, then the full call
        (played as two sounds: the chime with its gap, then :meth:`render_speech`)."""
        speech = self.render_speech(call)
        if not self._chime:
            return speech
        return join_wavs(self._chime, speech, gap=CHIME_GAP)

    def render_speech(self, call: Call) -> bytes:
        """The full call, spoken: "Kính mời công dân có số thứ tự a, mười hai, đến quầy số
        ba"."""
        return self._speak(call_phrase(call.ticket_number, call.counter, self.settings))

    @property
    def chime_sound(self) -> bytes:
        """The chime with its gap, as played before a call said alone (b"" without)."""
        return self._chime_gap

    def render_short(self, call: Call, rate: int | None = None) -> bytes:
        """The short call ("a mười hai, quầy ba") at ``rate`` (default: the settings')."""
        return self._speak(short_phrase(call.ticket_number, call.counter, self.settings),
                           rate)

    def _speak(self, phrase: Phrase, rate: int | None = None) -> bytes:
        if self._synthesizer is None:
            raise RuntimeError("no synthesizer")
        return self._at_rate(rate).speak(phrase)

    def _at_rate(self, rate: int | None) -> Synthesizer:
        assert self._synthesizer is not None
        if rate is None or rate == self.settings.rate:
            return self._synthesizer
        if rate not in self._faster:
            at_rate = getattr(self._synthesizer, "at_rate", None)
            self._faster[rate] = at_rate(rate) if at_rate is not None else self._synthesizer
        return self._faster[rate]

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
                self._speak_call(call)
            except Exception:  # a worker must survive anything; the app never sees it
                log.exception("voice call %s failed", call)
            finally:
                with self._condition:
                    self._busy = False
                    if not self._pending:
                        self._rush = False
                    self._condition.notify_all()

    def _waiting(self) -> list[Call]:
        with self._condition:
            return list(self._pending)

    def _speak_call(self, call: Call) -> None:
        """One call: chime (after a quiet moment), the call (full, or short in a rush), then
        its repeats when nothing else waits."""
        rush = self._rush or len(self._waiting()) >= RUSH_FROM
        started: float | None = None
        full = b""
        if not rush:  # said before the chime, so a call that cannot be said plays nothing
            try:
                full = self.render_speech(call)
            except LaysoError as error:
                log.error("cannot synthesise %s: %s (%s)", call, error.message_en,
                          error.detail)
                self._last_error = VoiceStatus(False, error.message, error.message_en)
                return
        if not rush and self._chime_gap:
            started = time.monotonic()
            self._tell(call)
            if not self._play(self._chime_gap, call):
                return
            rush = len(self._waiting()) >= RUSH_FROM  # a burst came during the chime
        self._rush = rush
        rate = self._rush_rate(call) if rush else self.settings.rate
        try:
            if rush:
                try:
                    wav = self._with_gap(self.render_short(call, rate))
                except LaysoError as error:  # e.g. a clip voice without quay.wav
                    log.warning("short call unavailable (%s); saying it in full",
                                error.message_en)
                    wav = self._speak(call_phrase(call.ticket_number, call.counter,
                                                  self.settings))
            else:
                wav = full
        except LaysoError as error:
            log.error("cannot synthesise %s: %s (%s)", call, error.message_en, error.detail)
            self._last_error = VoiceStatus(False, error.message, error.message_en)
            return
        self._last_error = AVAILABLE
        if started is None:
            started = time.monotonic()
            self._tell(call)
        self.heard.append(Heard(call, started, rush, rate))
        if rush:
            self._prefetch(rate)
        if not self._play(wav, call):
            return
        self.played += 1
        for _ in range(self.settings.repeat - 1):
            if rush or self._waiting() or self._closing:
                break
            try:
                again = self._with_gap(self.render_short(call), before=True)
            except LaysoError as error:
                log.warning("repeat of %s skipped: %s", call.ticket_number, error.message_en)
                break
            if not self._play(again, call):
                return

    def _rush_rate(self, call: Call) -> int:
        """How fast to say ``call`` so each call waiting behind it starts within
        ``max_delay`` of being made (each said short, at about the same length)."""
        settings = self.settings
        waiting = self._waiting()
        fastest = max(settings.rate, settings.rate_max)
        if not waiting or fastest == settings.rate:
            return settings.rate
        # Every call's length at the usual rate, from its words (the seconds a word takes
        # measured once, on the first short call).
        if self._per_word is None:
            try:
                length = wav_info(self.render_short(call)).duration
            except LaysoError:
                return settings.rate
            self._per_word = length / self._words(call)
        per_word = self._per_word
        length = per_word * self._words(call)
        now = time.monotonic()
        factor = 1.0
        before = length
        for ahead, later in enumerate(waiting, start=1):
            budget = settings.max_delay - RUSH_MARGIN - (now - later.made_at)
            spare = budget - ahead * RUSH_GAP
            if spare <= 0:
                return fastest
            factor = max(factor, before / spare)
            before += per_word * self._words(later)
        rate = math.ceil(settings.rate * factor / RATE_STEP) * RATE_STEP
        return max(settings.rate, min(fastest, rate))

    def _prefetch(self, rate: int) -> None:
        """While a short call plays, synthesise the next one (into the synthesizer's cache),
        so the pause between calls is not the synthesis time of a busy PC."""
        waiting = self._waiting()
        if not waiting:
            return
        following = waiting[0]

        def render() -> None:
            try:
                self.render_short(following, rate)
            except Exception:  # said (or reported) when its turn comes
                log.debug("prefetch of %s failed", following, exc_info=True)

        threading.Thread(target=render, name="layso-announcer-prefetch", daemon=True).start()

    def _words(self, call: Call) -> int:
        phrase = short_phrase(call.ticket_number, call.counter, self.settings)
        return max(1, sum(len(group) for group in phrase.groups))

    @staticmethod
    def _with_gap(wav: bytes, *, before: bool = False) -> bytes:
        pause = silence(RUSH_GAP)
        pcm = read_pcm(wav)
        return pcm_to_wav(pause + pcm if before else pcm + pause)

    def _tell(self, call: Call) -> None:
        if self.on_start is not None:
            try:
                self.on_start(call)
            except Exception:
                log.exception("voice: on_start failed for %s", call)

    def _play(self, wav: bytes, call: Call) -> bool:
        """Play ``wav`` and wait for its end; False when closing (or the sink is gone)."""
        if self._closing or not self._sink.status.available:
            return False
        done = threading.Event()
        self._sink.play(wav, done.set)
        deadline = time.monotonic() + wav_info(wav).duration + PLAY_GRACE
        while not done.wait(0.02):
            if self._closing:
                return False
            if time.monotonic() > deadline:
                log.warning("audio sink never finished %s; going on", call)
                return True
        return True

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

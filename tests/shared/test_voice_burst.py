"""The wall's voice under a burst: every call heard, in order, none long after it was made.

A counting sink stands in for the loudspeaker only: it takes each WAV for its real length (the
real espeak-ng synthesis), records when each sound starts and that none overlaps. 15 calls come
in one second to 15 counters; the test waits as a waiting room would (about 15 s).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shared.voice.announcer import Announcer, Call
from shared.voice.settings import VoiceSettings
from shared.voice.sink import AVAILABLE, VoiceStatus
from shared.voice.synth import EspeakSynthesizer
from shared.voice.wav import wav_info


class RealTimeSink:
    """Plays nothing, but takes each WAV's real duration; counts plays and overlaps."""

    def __init__(self) -> None:
        self.plays: list[tuple[float, float]] = []  # (start, duration)
        self.overlaps = 0
        self._busy_until = 0.0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def status(self) -> VoiceStatus:
        return AVAILABLE

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        now = time.monotonic()
        duration = wav_info(wav).duration
        if now < self._busy_until - 0.001:
            self.overlaps += 1
        self._busy_until = now + duration
        self.plays.append((now, duration))
        thread = threading.Thread(target=self._finish, args=(duration, on_done), daemon=True)
        self._threads.append(thread)
        thread.start()

    def _finish(self, duration: float, on_done: Callable[[], None]) -> None:
        self._stop.wait(duration)
        on_done()

    def stop(self) -> None:
        self._stop.set()


@pytest.fixture
def sink() -> Iterator[RealTimeSink]:
    real = RealTimeSink()
    yield real
    real.stop()


@pytest.fixture
def espeak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> EspeakSynthesizer:
    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))
    return EspeakSynthesizer("vi", 140, cache_dir=tmp_path / "voice-cache")


def burst(announcer: Announcer, count: int = 15, seconds: float = 1.0,
          counters: list[int] | None = None) -> list[Call]:
    calls = []
    for index in range(count):
        counter = counters[index] if counters else index + 1
        call = Call(f"A{12 + index:03}", counter)
        calls.append(call)
        assert announcer.announce(call)
        time.sleep(seconds / count)
    return calls


def test_fifteen_calls_in_a_second_all_heard_in_order_within_15_s(
        sink: RealTimeSink, espeak: EspeakSynthesizer) -> None:
    started: list[Call] = []
    with Announcer(sink, VoiceSettings(), synthesizer=espeak,
                   on_start=started.append) as announcer:
        calls = burst(announcer)
        assert announcer.wait_idle(40)
        heard = list(announcer.heard)
    assert started == calls  # none lost, order kept, each told once as it starts
    assert [item.call for item in heard] == calls
    assert sink.overlaps == 0
    delays = [item.delay for item in heard]
    assert max(delays) <= 15.0, delays
    assert heard[0].short  # the burst had come by the end of the chime
    assert all(item.short for item in heard)
    # The sink really took the time: the last call started more than 10 s after the first.
    assert heard[-1].started_at - heard[0].started_at > 10


def test_calls_for_the_same_counter_collapse_to_the_latest(
        sink: RealTimeSink, espeak: EspeakSynthesizer) -> None:
    started: list[Call] = []
    with Announcer(sink, VoiceSettings(chime=False), synthesizer=espeak,
                   on_start=started.append) as announcer:
        first = Call("A001", 1)
        announcer.announce(first)
        time.sleep(0.05)  # A001 is being said
        waiting = [Call("A002", 2), Call("A003", 3), Call("A004", 2), Call("A005", 3)]
        for call in waiting:
            announcer.announce(call)
        assert announcer.wait_idle(20)
    assert [call.ticket_number for call in started] == ["A001", "A004", "A005"]
    assert announcer.collapsed == 2


def test_a_call_said_alone_is_repeated_short(sink: RealTimeSink,
                                             espeak: EspeakSynthesizer) -> None:
    settings = VoiceSettings(chime=False, repeat=2)
    with Announcer(sink, settings, synthesizer=espeak) as announcer:
        announcer.announce(Call("A012", 3))
        assert announcer.wait_idle(20)
        full = wav_info(announcer.render(Call("A012", 3))).duration
        short = wav_info(announcer.render_short(Call("A012", 3))).duration
    assert len(sink.plays) == 2
    assert sink.plays[0][1] == pytest.approx(full, abs=0.01)
    assert sink.plays[1][1] > short  # the short call after a pause
    assert short < full / 2


def test_the_voice_settings_read_repeat_max_delay_and_rate_max(tmp_path: Path) -> None:
    """[voice] repeat / max_delay / rate_max reach the announcer's settings; bad values are
    refused naming the key."""
    from shared.config import load_settings
    from shared.errors import ConfigError
    from shared.voice.call_audio import voice_settings

    config = tmp_path / "layso.toml"
    config.write_text("[voice]\nrepeat = 2\nmax_delay = 12\nrate_max = 300\n", encoding="utf-8")
    settings = voice_settings(load_settings(config, environ={}).voice)
    assert settings is not None
    assert (settings.repeat, settings.max_delay, settings.rate_max) == (2, 12, 300)
    for text, key in (("repeat = 5", "voice.repeat"), ("max_delay = 1", "voice.max_delay"),
                      ("rate_max = 900", "voice.rate_max")):
        config.write_text(f"[voice]\n{text}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as raised:
            load_settings(config, environ={})
        assert key in raised.value.message


def test_the_browser_boards_short_call_is_short_and_faster_when_more_wait(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CallAudio.render_short (the browser board's ?short=1&waiting=N): no chime, the short
    phrase, at rate_max from four waiting."""
    from shared.config import VoiceSettings as VoiceConfig
    from shared.voice.call_audio import CallAudio

    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))
    audio = CallAudio(VoiceConfig())
    assert audio.available, audio.status
    call = Call("A012", 3)
    full = wav_info(audio.render(call)).duration
    one = wav_info(audio.render_short(call, 1)).duration
    many = wav_info(audio.render_short(call, 6)).duration
    assert audio.rush_rate(6) == 300 and audio.rush_rate(1) == 220
    assert many < one < full / 3

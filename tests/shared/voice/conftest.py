"""Fixtures for the voice tests: an isolated data directory and a fake audio device."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shared.voice.sink import AVAILABLE, VoiceStatus
from shared.voice.synth import EspeakSynthesizer


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every voice test caches into its own temporary data directory."""
    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))


class FakeSpeaker:
    """An absent loudspeaker: 'plays' each WAV for ``seconds`` on a thread of its own.

    It records every WAV it gets and every overlap (a play that starts before the previous
    one has finished), and can be marked unplugged through ``status``.
    """

    def __init__(self, seconds: float = 0.05, status: VoiceStatus = AVAILABLE) -> None:
        self.seconds = seconds
        self._status = status
        self.received: list[bytes] = []
        self.overlaps = 0
        self._playing = False
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()

    @property
    def status(self) -> VoiceStatus:
        return self._status

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        with self._lock:
            if self._playing:
                self.overlaps += 1
            self._playing = True
            self.received.append(wav)
        thread = threading.Thread(target=self._finish_later, args=(on_done,))
        self._threads.append(thread)
        thread.start()

    def _finish_later(self, on_done: Callable[[], None]) -> None:
        self._stop.wait(self.seconds)
        with self._lock:
            self._playing = False
        on_done()

    def stop(self) -> None:
        self._stop.set()

    def join(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()


@pytest.fixture
def speaker() -> Iterator[FakeSpeaker]:
    fake = FakeSpeaker()
    yield fake
    fake.join()


@pytest.fixture
def espeak_vi(tmp_path: Path) -> EspeakSynthesizer:
    """The real espeak-ng Vietnamese voice, caching into a temporary folder."""
    return EspeakSynthesizer("vi", 140, cache_dir=tmp_path / "voice-cache")

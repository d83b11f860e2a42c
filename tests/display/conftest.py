"""Fixtures for the wall display tests: a live board on the small test center, and an absent
loudspeaker that records the (real, synthesised) announcements it is given."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from display.app import DisplayWindow
from shared.config import DisplaySettings, Settings
from shared.db.database import Database
from shared.queue import QueueService
from shared.voice import Announcer, VoiceSettings
from shared.voice.sink import AVAILABLE, VoiceStatus
from shared.voice.synth import EspeakSynthesizer


class RecordingSpeaker:
    """An absent loudspeaker: records each WAV and 'plays' it for ``seconds``."""

    def __init__(self, seconds: float = 0.02, status: VoiceStatus = AVAILABLE) -> None:
        self.seconds = seconds
        self._status = status
        self.received: list[bytes] = []
        self.overlaps = 0
        self._playing = False
        self._lock = threading.Lock()
        self._stop = threading.Event()

    @property
    def status(self) -> VoiceStatus:
        return self._status

    def unplug(self, status: VoiceStatus) -> None:
        """The loudspeaker goes (or, with AVAILABLE, comes back)."""
        self._status = status

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        with self._lock:
            self.overlaps += self._playing
            self._playing = True
            self.received.append(wav)
        self._stop.wait(self.seconds)
        with self._lock:
            self._playing = False
        on_done()

    def stop(self) -> None:
        self._stop.set()


@pytest.fixture
def speaker() -> RecordingSpeaker:
    return RecordingSpeaker()


@pytest.fixture
def announcer(speaker: RecordingSpeaker, tmp_path: Path) -> Iterator[Announcer]:
    """A real announcer (real espeak-ng Vietnamese voice, real chime) on the fake speaker."""
    synth = EspeakSynthesizer("vi", 140, cache_dir=tmp_path / "voice-cache")
    with Announcer(speaker, VoiceSettings(), synthesizer=synth) as real:
        yield real


MakeBoard = Callable[..., DisplayWindow]


@pytest.fixture
def make_board(qtbot: QtBot) -> Iterator[MakeBoard]:
    """Build a live board (change feed started) of site HQ on a database; shut down after."""
    boards: list[DisplayWindow] = []

    def make(db: Database, announcer: Announcer | None = None, *, live: bool = True,
             now: Callable[[], datetime] | None = None, **display: object) -> DisplayWindow:
        settings = Settings(site="HQ", display=DisplaySettings(**display))  # type: ignore[arg-type]
        board = DisplayWindow(db, settings, "HQ", announcer=announcer, live=live, now=now)
        qtbot.addWidget(board)
        board.resize(1920, 1080)
        board.show()
        boards.append(board)
        return board

    yield make
    for board in boards:
        board.shutdown()


def counter_id(db: Database, number: int) -> int:
    return QueueService(db).find_counter("HQ", number).id

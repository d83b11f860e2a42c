"""The wall's banner shows the call being heard, not the newest one, under a burst of calls.

Real board (change feed on SQLite), real espeak-ng voice, real chime; only the loudspeaker is
counted: it takes each WAV for its real length. The banner is sampled every 50 ms on the GUI
thread while the calls are said.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from shared.center import CenterService
from shared.db.database import Database
from shared.queue import QueueService
from shared.voice import Announcer, VoiceSettings
from shared.voice.sink import AVAILABLE, VoiceStatus
from shared.voice.synth import EspeakSynthesizer
from shared.voice.wav import wav_info
from tests.display.conftest import MakeBoard, counter_id

COUNTERS = 8


class RealLengthSink:
    """No sound, but each WAV takes its real length; plays are counted."""

    def __init__(self) -> None:
        self.plays = 0
        self._stop = threading.Event()

    @property
    def status(self) -> VoiceStatus:
        return AVAILABLE

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        self.plays += 1
        seconds = wav_info(wav).duration

        def finish() -> None:
            self._stop.wait(seconds)
            on_done()

        threading.Thread(target=finish, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()


def test_under_a_burst_the_banner_shows_the_call_being_spoken(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot, tmp_path: Path) -> None:
    center = CenterService(sqlite_center)
    for number in range(4, COUNTERS + 1):
        center.add_counter("HQ", number, f"Quầy {number}", ["HT"])
    queue = QueueService(sqlite_center)
    for _ in range(COUNTERS):
        queue.issue_ticket("HQ", "HT")
    sink = RealLengthSink()
    synth = EspeakSynthesizer("vi", 140, cache_dir=tmp_path / "voice-cache")
    with Announcer(sink, VoiceSettings(), synthesizer=synth) as announcer:
        board = make_board(sqlite_center, announcer=announcer, highlight_seconds=30)
        shown: list[tuple[float, str]] = []
        show_call = board.banner.show_call

        def record(call: object, seconds: float) -> None:
            show_call(call, seconds)  # type: ignore[arg-type]
            shown.append((time.monotonic(), board.banner.call.ticket_number))  # type: ignore[union-attr]

        board.banner.show_call = record  # type: ignore[method-assign]
        for number in (1, 4, 5, 6, 7, 8, 3):  # counter 2 serves CT only
            queue.call_next(counter_id(sqlite_center, number))
        qtbot.waitUntil(lambda: len(announcer.heard) == 7, timeout=30000)
        assert announcer.wait_idle(15)
        qtbot.waitUntil(lambda: len(shown) >= 7, timeout=5000)
        heard = list(announcer.heard)
        sink.stop()
    spoken = [item.call.ticket_number for item in heard]
    assert spoken == [f"A{n:03}" for n in range(1, 8)]  # none lost, in call order
    assert max(item.delay for item in heard) < 15
    # The banner showed each call once, in the order heard, as it began to sound: never
    # before its sound, and within 3 s of its start (the GUI thread paints it in its
    # turn: a busy machine paints the 1080p board slowly).
    assert [ticket for _at, ticket in shown] == spoken, (shown, heard)
    for (at, _ticket), item in zip(shown, heard, strict=True):
        assert item.started_at <= at < item.started_at + 3.0, (at, item)

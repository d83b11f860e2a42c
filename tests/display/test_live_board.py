"""The board follows the core through the change feed: calls, recalls, states, figures."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from shared.clock import FixedClock
from shared.db.database import Database
from shared.models import CounterStatus, Outcome
from shared.queue import QueueService
from tests.display.conftest import MakeBoard, RecordingSpeaker, counter_id

WAIT_MS = 5000


def test_a_call_made_through_the_core_appears_on_the_board_highlighted_with_the_banner(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot) -> None:
    """A clerk's call (QueueService.call_next, no widget involved) reaches the wall through
    the change feed: the counter's tile shows the number, highlighted; the banner shows number
    and counter; the recent list starts with it."""
    board = make_board(sqlite_center)
    queue = QueueService(sqlite_center)
    queue.issue_ticket("HQ", "CT")
    queue.call_next(counter_id(sqlite_center, 2))
    tile = board.grid.tile(2)
    qtbot.waitUntil(lambda: tile.tile.ticket_number == "B001", timeout=WAIT_MS)
    assert tile.highlighted
    assert board.banner.isVisible()
    assert board.banner.call is not None
    assert (board.banner.call.ticket_number, board.banner.call.counter_number) == ("B001", 2)
    assert board.recent.calls[0].ticket_number == "B001"
    assert tile.service_name == "Chứng thực"
    qtbot.waitUntil(lambda: tile.painted == "B001", timeout=WAIT_MS)


def test_the_highlight_and_banner_end_after_highlight_seconds(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot) -> None:
    """A call stands out for display.highlight_seconds, then the tile is ordinary again and
    the banner goes."""
    board = make_board(sqlite_center, highlight_seconds=1)
    queue = QueueService(sqlite_center)
    queue.issue_ticket("HQ", "HT")
    queue.call_next(counter_id(sqlite_center, 1))
    tile = board.grid.tile(1)
    qtbot.waitUntil(lambda: tile.highlighted, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not tile.highlighted and not board.banner.isVisible(),
                    timeout=3000)
    assert tile.tile.ticket_number == "A001"


def test_a_finished_ticket_leaves_its_tile(sqlite_center: Database, make_board: MakeBoard,
                                            qtbot: QtBot, clock: FixedClock) -> None:
    """When the clerk finishes, the counter shows no number; served today goes up."""
    board = make_board(sqlite_center)
    queue = QueueService(sqlite_center)
    queue.issue_ticket("HQ", "HT")
    queue.call_next(counter_id(sqlite_center, 1))
    qtbot.waitUntil(lambda: board.grid.tile(1).tile.ticket_number == "A001", timeout=WAIT_MS)
    clock.advance(minutes=4)
    queue.finish(counter_id(sqlite_center, 1), Outcome.GUIDED)
    qtbot.waitUntil(lambda: board.grid.tile(1).tile.ticket_number is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: board.snapshot.figures.served == 1, timeout=WAIT_MS)
    assert board.figures.figures.served == 1


def test_a_closed_counter_shows_closed_and_one_on_break_shows_on_break(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot) -> None:
    """Counter states come from counter.status events: "ĐÓNG QUẦY" and "TẠM NGHỈ"."""
    board = make_board(sqlite_center)
    queue = QueueService(sqlite_center)
    queue.set_counter_status(counter_id(sqlite_center, 3), CounterStatus.CLOSED)
    queue.set_counter_status(counter_id(sqlite_center, 2), CounterStatus.PAUSED)
    qtbot.waitUntil(lambda: board.grid.tile(3).state_text() == "ĐÓNG QUẦY", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: board.grid.tile(2).state_text() == "TẠM NGHỈ", timeout=WAIT_MS)
    assert board.grid.tile(1).state_text() == "—"


def test_calls_are_announced_in_order_and_a_recall_is_announced_again(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot, clock: FixedClock,
        announcer: object, speaker: RecordingSpeaker) -> None:
    """Each call queues one announcement (chime + "Kính mời công dân có số thứ tự … đến quầy
    số …", really synthesised); they play one at a time in call order; a recall plays again."""
    from shared.voice import Announcer, Call

    assert isinstance(announcer, Announcer)
    board = make_board(sqlite_center, announcer=announcer)
    queue = QueueService(sqlite_center)
    for service in ("HT", "CT", "DD"):
        queue.issue_ticket("HQ", service)
    queue.call_next(counter_id(sqlite_center, 1))
    queue.call_next(counter_id(sqlite_center, 2))
    qtbot.waitUntil(lambda: len(announcer.heard) == 2, timeout=15000)
    assert announcer.wait_idle(15)
    clock.advance(seconds=40)
    queue.recall(counter_id(sqlite_center, 1))
    qtbot.waitUntil(lambda: len(announcer.heard) == 3, timeout=15000)
    assert announcer.wait_idle(10)
    expected = [(number, counter) for number, counter in (("A001", 1), ("B001", 2),
                                                           ("A001", 1))]
    assert [(heard.call.ticket_number, heard.call.counter) for heard in announcer.heard] \
        == expected
    # Each call said alone: the chime (with its gap), then the full call.
    assert speaker.received == [sound for number, counter in expected
                                for sound in (announcer.chime_sound,
                                              announcer.render_speech(Call(number, counter)))]
    assert speaker.overlaps == 0
    assert board.recent.calls[0].recall
    qtbot.waitUntil(lambda: board.banner.call is not None and board.banner.call.recall,
                    timeout=WAIT_MS)  # shown as its voice began (a queued signal)


def test_without_an_audio_device_the_board_works_silently_with_a_mark(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot, tmp_path: object) -> None:
    """No loudspeaker: calls still reach the board; the mark says why it is silent."""
    from pathlib import Path

    from shared.voice import Announcer, VoiceSettings
    from shared.voice.sink import VoiceStatus
    from shared.voice.synth import EspeakSynthesizer

    assert isinstance(tmp_path, Path)
    unplugged = RecordingSpeaker(status=VoiceStatus(False, "Không có loa.", "No speaker."))
    synth = EspeakSynthesizer("vi", 140, cache_dir=tmp_path / "cache")
    with Announcer(unplugged, VoiceSettings(), synthesizer=synth) as silent:
        board = make_board(sqlite_center, announcer=silent)
        assert any("Không có loa." in text for text in board.header.mark.texts())
        queue = QueueService(sqlite_center)
        queue.issue_ticket("HQ", "HT")
        queue.call_next(counter_id(sqlite_center, 1))
        qtbot.waitUntil(lambda: board.grid.tile(1).tile.ticket_number == "A001",
                        timeout=WAIT_MS)
        assert unplugged.received == []
        board.shutdown()


def test_calls_of_one_wake_up_are_applied_together(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot,
        clock: FixedClock) -> None:
    """Several commits between two wake-ups come as one batch: every tile is updated, the
    banner shows the latest call and the recent list holds them newest first."""
    board = make_board(sqlite_center)
    queue = QueueService(sqlite_center)
    for service in ("HT", "CT", "DD"):
        queue.issue_ticket("HQ", service)
    for number in (1, 2, 3):
        clock.advance(seconds=1)
        queue.call_next(counter_id(sqlite_center, number))
    qtbot.waitUntil(lambda: [c.counter_number for c in board.recent.calls[:3]] == [3, 2, 1],
                    timeout=WAIT_MS)
    assert [board.grid.tile(n).tile.ticket_number for n in (1, 2, 3)] == ["A001", "B001",
                                                                          "C001"]
    assert board.banner.call is not None and board.banner.call.counter_number == 3
    assert clock.moment - timedelta(seconds=3) < board.recent.calls[0].at + timedelta(seconds=1)


def test_ticker_lines_set_in_the_console_reach_the_wall(
        sqlite_center: Database, make_board: MakeBoard, qtbot: QtBot) -> None:
    """The ticker starts with this PC's file's lines; when the center sets its own (the
    console writes config.changed), the board reloads and shows them from the first; when
    they are cleared, the file's come back."""
    from shared.center_settings import CenterSettingsService

    board = make_board(sqlite_center)
    default = list(board.ticker.announcements)
    assert default
    CenterSettingsService(sqlite_center, actor="admin").set(
        "HQ", announcements=["Hôm nay trung tâm làm việc đến 17 giờ.", "Xin cảm ơn."])
    qtbot.waitUntil(lambda: board.ticker.announcements == [
        "Hôm nay trung tâm làm việc đến 17 giờ.", "Xin cảm ơn."], timeout=WAIT_MS)
    assert board.ticker.current_announcement() == "Hôm nay trung tâm làm việc đến 17 giờ."
    CenterSettingsService(sqlite_center, actor="admin").set("HQ", announcements=None)
    qtbot.waitUntil(lambda: board.ticker.announcements == default, timeout=WAIT_MS)

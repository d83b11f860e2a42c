"""The board's layout: counter names, where the banner goes, the header's marks, the ticker's
long announcements."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from display.app import DisplayWindow
from display.ticker import Ticker
from shared.center import CenterService
from shared.clock import FixedClock
from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import build_center
from tests.display.conftest import MakeBoard, counter_id
from tests.display.test_grid import _board_of

WAIT_MS = 5000


def _in_window(board: DisplayWindow, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(board, widget.rect().topLeft()), widget.size())


def test_a_counter_name_other_than_the_default_is_shown_without_shrinking_the_number(
        sqlite_db: Database, make_board: MakeBoard, qtbot: QtBot) -> None:
    """"Quầy 2" says nothing more than "QUẦY 2" and is not repeated; a counter named
    "Tiếp nhận đất đai" shows its name; both numbers are painted at the same size."""
    build_center(sqlite_db)
    CenterService(sqlite_db).add_counter("HQ", 4, "  Tiếp nhận   đất đai ", ["DD"])
    queue = QueueService(sqlite_db)
    queue.issue_ticket("HQ", "DD")
    queue.issue_ticket("HQ", "DD")
    queue.call_next(counter_id(sqlite_db, 3))
    queue.call_next(counter_id(sqlite_db, 4))
    board = make_board(sqlite_db, live=False)
    board.grab()
    named, plain = board.grid.tile(4), board.grid.tile(3)
    assert named.shown_name() == "Tiếp nhận đất đai"
    assert plain.shown_name() == "" and board.grid.tile(1).shown_name() == ""
    assert (named.painted, plain.painted) == ("C002", "C001")
    assert named.number_px == plain.number_px


@pytest.fixture
def thirty(sqlite_db: Database) -> Iterator[Database]:
    _board_of(sqlite_db, 30)
    yield sqlite_db


@pytest.mark.parametrize("counter", [1, 15, 28])
def test_with_30_counters_the_banner_never_hides_the_called_tile(
        thirty: Database, make_board: MakeBoard, qtbot: QtBot, clock: FixedClock,
        counter: int) -> None:
    """A recall at a top, middle or bottom counter of 30: the banner is a band over the other
    half of the grid (at most a third of it), and the called tile is not under it."""
    board = make_board(thirty)
    clock.advance(seconds=30)
    QueueService(thirty).recall(QueueService(thirty).find_counter("HQ", counter).id)
    qtbot.waitUntil(lambda: board.banner.isVisible(), timeout=WAIT_MS)
    banner = board.banner.geometry()
    tile = _in_window(board, board.grid.tile(counter))
    grid = board.grid.geometry()
    assert not banner.intersects(tile)
    assert grid.contains(banner)
    assert banner.height() * banner.width() <= grid.height() * grid.width() / 3
    assert board.grid.tile(counter).highlighted


def test_with_few_counters_the_banner_covers_the_side_panel_not_the_grid(
        sqlite_db: Database, make_board: MakeBoard, qtbot: QtBot) -> None:
    """3 counters: the banner goes over the recent calls and figures, and hides no tile."""
    build_center(sqlite_db)
    board = make_board(sqlite_db)
    queue = QueueService(sqlite_db)
    queue.issue_ticket("HQ", "CT")
    queue.call_next(counter_id(sqlite_db, 2))
    qtbot.waitUntil(lambda: board.banner.isVisible(), timeout=WAIT_MS)
    assert not board.banner.geometry().intersects(board.grid.geometry())
    assert board.banner.geometry().intersects(board.recent.geometry())


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (3840, 2160)])
def test_the_header_keeps_the_name_whole_and_the_marks_readable(
        sqlite_db: Database, make_board: MakeBoard, size: tuple[int, int]) -> None:
    """With both marks shown (no connection, no sound): the marks sit below the center's name
    row, above the yellow line with a gap, unelided, in letters of at least 16 px at 1080p."""
    build_center(sqlite_db)
    board = make_board(sqlite_db, live=False)
    board.resize(*size)
    board._on_connection_lost("Mất kết nối cơ sở dữ liệu.")
    board.header.mark.set_voice_reason("Không có loa.")
    board.header.update_marks()
    board.grab()
    header, mark = board.header, board.header.mark
    unit = min(size) / 1080
    name_row, _subtitle_row = header._rows()
    assert mark.geometry().top() >= name_row.bottom() - 1
    accent = max(2.0, header.height() * 0.06)
    assert mark.geometry().bottom() <= header.height() - accent - 3 * unit
    assert mark.natural_width(mark.height()) <= mark.width()
    assert mark.height() * 0.62 >= 16 * unit
    assert len(mark.texts()) == 2


LONG = ("Từ ngày 01/12, công dân nộp hồ sơ đất đai mang theo bản chính giấy chứng nhận quyền sử "
        "dụng đất và căn cước; hồ sơ hộ tịch được tiếp nhận cả sáng thứ Bảy tại quầy số 1.")


def test_a_long_announcement_scrolls_at_full_size_and_a_short_one_stands_still(
        qtbot: QtBot) -> None:
    """An announcement longer than its room scrolls (about 30 frames a second) instead of being
    shrunk and cut; it is not rotated away before it has been read to its end; a short one
    does not start the scroll timer."""
    ticker = Ticker([LONG, "Ngắn."])
    qtbot.addWidget(ticker)
    ticker.resize(1920, 70)
    ticker.show()
    assert ticker.scrolling and ticker._scroll.interval() <= 40
    qtbot.waitUntil(lambda: ticker.offset > 20, timeout=3000)
    ticker._on_rotate_timeout()  # the rotation comes before it was read to the end: kept
    assert ticker.current_announcement() == LONG
    ticker.passes = 1
    ticker._on_rotate_timeout()
    assert ticker.current_announcement() == "Ngắn." and not ticker.scrolling

"""Readable from the back row (issue 14, item 8), measured in the rendered widgets.

A 55" 1080p screen is 0.63 mm per pixel, so 20 mm is a cap height of 32 px. What is measured:
every text the board paints goes through ``display.paint.draw_text``, which records the font
it actually used (after any shrinking to fit) and ``QFontMetricsF.capHeight()`` of that font,
and whether the text had to be elided; the widgets are painted by ``grab()`` at 1920 × 1080.
On the demo center (5 services, dossier figures), grown to 12 and 30 counters as the
screenshots are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from display import paint
from display.app import DisplayWindow
from display.screenshots import DEMO_SITE, _add_counters
from shared.board import RecentCall
from shared.config import Settings
from shared.db.database import Database
from shared.db.migrate import check_schema
from shared.demo import build_demo
from shared.i18n import tr
from shared.ui.fonts import load_fonts

BACK_ROW_CAP_PX = 32.0  # 20 mm at 0.63 mm/px


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> Iterator[Path]:
    """The demo database at 6 counters, and copies grown to 12 and 30."""
    before = QGuiApplication.font()
    load_fonts()
    folder = tmp_path_factory.mktemp("back-row")
    db = Database(f"sqlite:///{folder}/demo6.db")
    check_schema(db)
    build_demo(db)
    db.dispose()
    for count in (12, 30):
        target = folder / f"demo{count}.db"
        target.write_bytes((folder / "demo6.db").read_bytes())
        grown = Database(f"sqlite:///{target}")
        _add_counters(grown, DEMO_SITE, count)
        grown.dispose()
    yield folder
    QGuiApplication.setFont(before)


def _board(demo: Path, counters: int, size: tuple[int, int] = (1920, 1080)) -> DisplayWindow:
    db = Database(f"sqlite:///{demo}/demo{counters}.db")
    settings = Settings(site=DEMO_SITE)
    settings = replace(settings, voice=replace(settings.voice, engine="none"))
    board = DisplayWindow(db, settings, DEMO_SITE, live=False)
    board.resize(*size)
    board.show()
    QApplication.processEvents()
    return board


def _painted(widget: QWidget) -> list[paint.Drawn]:
    with paint.recording() as drawn:
        widget.grab()
    return drawn


def _close(board: DisplayWindow) -> None:
    board.shutdown()
    board.close()
    board.db.dispose()


@pytest.mark.parametrize("counters", [6, 12])
def test_counter_labels_recent_calls_and_figures_are_20_mm_high(demo: Path,
                                                                 counters: int) -> None:
    board = _board(demo, counters)
    try:
        assert len(board.grid.tiles) == counters
        for number, tile in board.grid.tiles.items():
            label = tr("display.counter", "vi", counter=number).upper()
            caps = [d.cap_px for d in _painted(tile) if d.text == label]
            assert caps and min(caps) >= BACK_ROW_CAP_PX, (number, caps)
        recent = _painted(board.recent)
        calls = board.recent.calls
        assert len(calls) == 6
        for call in calls:
            ticket = [d for d in recent if d.text == call.ticket_number]
            assert ticket and ticket[0].cap_px >= BACK_ROW_CAP_PX and not ticket[0].elided
            counter = [d for d in recent if d.text in (
                tr("display.counter", "vi", counter=call.counter_number),
                f"→{call.counter_number}")]
            assert counter and min(d.cap_px for d in counter) >= BACK_ROW_CAP_PX
        pages = board.figures.pages()
        values = 0
        for index, page in enumerate(pages):
            board.figures.page = index
            drawn = _painted(board.figures)
            for line in page.lines:
                for text in filter(None, (line.value, line.wait)):
                    shown = [d for d in drawn if d.text == text]
                    assert shown, (index, text)
                    assert min(d.cap_px for d in shown) >= BACK_ROW_CAP_PX, (index, text)
                    assert not any(d.elided for d in shown)
                    values += 1
        # Every figure of the board is on some page: 5 services (wait and count), served,
        # and the dossiers (3 open, 3 finished, the rate) — or the 4 totals of the strip.
        assert values >= (4 if board.figures.compact else 5 * 2 + 1 + 7)
    finally:
        _close(board)


def _covered(board: DisplayWindow, area: QRect) -> list[int]:
    """The counters whose tile the area overlaps by more than a tenth."""
    covered = []
    for number, tile in board.grid.tiles.items():
        rect = QRect(tile.mapTo(board, tile.rect().topLeft()), tile.size())
        overlap = rect.intersected(area)
        if overlap.width() * overlap.height() > rect.width() * rect.height() / 10:
            covered.append(number)
    return covered


@pytest.mark.parametrize("counters", [6, 12, 30])
def test_the_banner_spares_the_figures_and_never_half_the_grid(demo: Path,
                                                                counters: int) -> None:
    board = _board(demo, counters)
    try:
        for number in (1, counters // 2, counters):
            call = RecentCall(f"A{number:03}", number, datetime.now(UTC), recall=True)
            board._show_banner(call)
            QApplication.processEvents()
            banner = board.banner.geometry()
            assert board.banner.isVisible()
            assert not banner.intersects(board.figures.geometry())
            covered = _covered(board, banner)
            assert number not in covered
            assert len(covered) < counters / 2, covered
            if counters >= 12:
                assert not banner.intersects(board.recent.geometry())
            else:  # over the recent calls, for a few seconds only
                assert board.banner._timer.interval() <= 5000
            # The recall title is whole: nothing elided, every word there.
            drawn = _painted(board.banner)
            assert not any(d.elided for d in drawn), [d.shown for d in drawn if d.elided]
            shown = " ".join(d.shown for d in drawn)
            title = tr("display.now_calling", "vi").upper()
            for word in (*title.split(), tr("display.recall_mark", "vi")):
                assert word in shown, (word, shown)
    finally:
        _close(board)


@pytest.mark.parametrize(("counters", "size"), [(6, (1920, 1080)), (30, (1920, 1080)),
                                                (6, (1080, 1920))])
def test_a_disconnected_board_says_so_as_big_as_the_figures(
        demo: Path, counters: int, size: tuple[int, int]) -> None:
    board = _board(demo, counters, size)
    try:
        board._on_connection_lost("Mất kết nối cơ sở dữ liệu.")
        QApplication.processEvents()
        assert board.alert.isVisible()
        drawn = _painted(board.alert)
        assert drawn and not any(d.elided for d in drawn)
        assert min(d.cap_px for d in drawn) >= BACK_ROW_CAP_PX
        shown = " ".join(d.shown for d in drawn)
        assert "MẤT KẾT NỐI" in shown and "CŨ" in shown
        figures = [d.cap_px for d in _painted(board.figures) if any(c.isdigit() for c in d.text)]
        assert min(d.cap_px for d in drawn) >= max(figures) * 0.95
        board._on_connection_restored()
        QApplication.processEvents()
        assert not board.alert.isVisible()
    finally:
        _close(board)

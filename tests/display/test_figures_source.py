"""The Qt wall's dossier figures say where they come from (issue 12 item 4): under the on-time
rate, the source and "cập nhật lúc", in red with "SỐ LIỆU CŨ" once the source is stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from display import paint
from display.figures_panel import FiguresPanel, Page
from shared.board import Figures
from shared.dossier_figures import DossierFigures, FigureSource

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def _red_pixels(image: QImage, top: int) -> int:
    red = paint.RED
    count = 0
    for y in range(top, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = QColor(image.pixel(x, y))
            if (abs(pixel.red() - red.red()) < 40 and abs(pixel.green() - red.green()) < 40
                    and abs(pixel.blue() - red.blue()) < 40):
                count += 1
    return count


def _panel(qtbot: QtBot, source: FigureSource) -> QImage:
    panel = FiguresPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 900)
    panel.now = lambda: NOW
    panel.set_figures(Figures((), DossierFigures(open_within_time=3, open_no_deadline=2,
                                                 source=source)), 11)
    panel.page = next(i for i, page in enumerate(panel.pages()) if page.source)
    return panel.grab().toImage()


def test_a_stale_source_is_marked_in_red_a_fresh_one_is_not(qtbot: QtBot) -> None:
    fresh = FigureSource("import", NOW - timedelta(hours=1),
                         stale_after=NOW + timedelta(hours=24))
    stale = FigureSource("import", NOW - timedelta(hours=26),
                         stale_after=NOW - timedelta(hours=1))
    assert not fresh.is_stale(NOW) and stale.is_stale(NOW)
    bottom = 720  # the source lines, under the on-time rate
    assert _red_pixels(_panel(qtbot, fresh), bottom) == 0
    assert _red_pixels(_panel(qtbot, stale), bottom) > 20


def _pages(qtbot: QtBot, figures: DossierFigures, height: int,
           services: int = 4) -> list[Page]:
    from shared.board import ServiceFigure

    panel = FiguresPanel()
    qtbot.addWidget(panel)
    panel.resize(520, height)
    panel.now = lambda: NOW
    rows = tuple(ServiceFigure(f"S{i}", f"Dịch vụ {i}", f"Service {i}", i, 3)
                 for i in range(services))
    panel.set_figures(Figures(rows, figures), 11)
    return panel.pages()


def test_opencps_figures_show_a_dash_for_the_no_deadline_bucket(qtbot: QtBot) -> None:
    """OpenCPS's statistics have no "chưa có hạn" count (None): the wall shows "—" as the
    board and ``layso status`` do, never "None"."""
    opencps = DossierFigures(open_within_time=5, open_no_deadline=None,
                             source=FigureSource("opencps", NOW))
    values = {line.label: line.value for page in _pages(qtbot, opencps, 900)
              for line in page.lines}
    assert values["Đang giải quyết chưa có hạn"] == "—"
    assert "None" not in values.values()


def test_the_stale_mark_is_on_the_dossier_pages_only(qtbot: QtBot) -> None:
    """A stale source takes no room on the "ĐANG CHỜ" pages (served today stays with the
    services at every height) and is painted only under the dossier figures."""
    fresh = DossierFigures(source=FigureSource("import", NOW - timedelta(hours=1),
                                               stale_after=NOW + timedelta(hours=24)))
    stale = DossierFigures(source=FigureSource("import", NOW - timedelta(hours=26),
                                               stale_after=NOW - timedelta(hours=1)))
    for height in range(300, 901, 20):
        queue_fresh = [p for p in _pages(qtbot, fresh, height) if not p.source]
        queue_stale = [p for p in _pages(qtbot, stale, height) if not p.source]
        assert queue_stale == queue_fresh, height
    panel = FiguresPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 900)
    panel.now = lambda: NOW
    panel.set_figures(Figures((), stale), 11)
    assert not panel.pages()[0].source  # ĐANG CHỜ
    assert _red_pixels(panel.grab().toImage(), 0) == 0
    panel.page = next(i for i, page in enumerate(panel.pages()) if page.source)
    assert _red_pixels(panel.grab().toImage(), 0) > 20


def test_the_qt_wall_takes_the_stale_minutes_setting(qtbot: QtBot, sqlite_center: Any) -> None:
    """``[province] stale_minutes`` reaches the Qt wall's reader (one setting for the wall,
    the board, the status and the report)."""
    from display.app import DisplayWindow
    from shared.config import ProvinceSettings, Settings

    settings = Settings(site="HQ", province=ProvinceSettings(stale_minutes=60))
    board = DisplayWindow(sqlite_center, settings, "HQ", live=False)
    qtbot.addWidget(board)
    assert board.reader.stale_minutes == 60
    board.shutdown()

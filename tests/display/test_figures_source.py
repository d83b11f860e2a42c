"""The Qt wall's dossier figures say where they come from (issue 12 item 4): under the on-time
rate, the source and "cập nhật lúc", in red with "SỐ LIỆU CŨ" once the source is stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from display import paint
from display.figures_panel import FiguresPanel
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

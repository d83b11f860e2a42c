"""Tests for shared/ui/theme.py: millimetres to pixels, readable contrast, sizes per app."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from shared.ui import theme


def test_mm_to_px_uses_the_screens_physical_dpi(qtbot: QtBot) -> None:
    """25.4 mm is exactly the screen's physical DPI in logical pixels."""
    widget = QWidget()
    qtbot.addWidget(widget)
    screen = widget.screen()
    expected = round(theme.effective_dpi(screen.physicalDotsPerInch())
                     / screen.devicePixelRatio())
    assert theme.mm_to_px(widget, 25.4) == expected
    assert theme.mm_to_px(screen, 25.4) == expected
    assert theme.mm_to_px(None, 25.4) == theme.mm_to_px(QGuiApplication.primaryScreen(), 25.4)


@pytest.mark.parametrize("reported", [0.0, -1.0, float("nan"), float("inf"), 10.0, 5000.0])
def test_unbelievable_dpi_falls_back_to_96(reported: float) -> None:
    """A screen reporting 0, NaN or absurd DPI is treated as 96 dpi."""
    assert theme.effective_dpi(reported) == 96.0


def test_kiosk_touch_targets_are_at_least_15_mm(qapp: QApplication) -> None:
    """The kiosk's minimum button height is ≥ 15 mm on the current screen."""
    assert theme.touch_px("kiosk") >= theme.mm_to_px(None, theme.MIN_TOUCH_MM)


@pytest.mark.parametrize("kind", ["kiosk", "counter", "display"])
def test_text_colours_meet_wcag_aaa_contrast(qapp: QApplication, kind: theme.AppKind) -> None:
    """Body text, muted text and button text have at least 7:1 contrast in every app."""
    colors = theme.COLORS[kind]
    pairs = [(colors.text, colors.background), (colors.text, colors.surface),
             (colors.muted, colors.background), (colors.on_primary, colors.primary),
             (colors.on_priority, colors.priority), (colors.on_danger, colors.danger)]
    assert min(theme.contrast_ratio(fg, bg) for fg, bg in pairs) >= 7.0


def test_contrast_ratio_of_black_on_white_is_21(qapp: QApplication) -> None:
    """The WCAG formula gives 21:1 for black on white and 1:1 for a colour on itself."""
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#0B4A8F", "#0B4A8F") == pytest.approx(1.0)


def test_fonts_scale_with_the_window_and_keep_a_minimum() -> None:
    """Fonts follow the window's shorter side; the display is larger than the counter."""
    assert theme.base_font_px("kiosk", 1080, 1920) == round(1080 * 0.030)
    assert theme.base_font_px("kiosk", 320, 240) == theme.SIZING["kiosk"].min_font_px
    sizes = [theme.base_font_px(kind, 1920, 1080) for kind in ("counter", "kiosk", "display")]
    assert sizes == sorted(sizes)


def test_display_number_is_readable_at_5_metres() -> None:
    """On a 55-inch 1080p board a ticket number is over 4 cm tall (≈ 1 cm per 1.2 m)."""
    px_per_mm = 1080 / 685  # a 55" 16:9 panel is about 685 mm tall
    number_px = round(theme.base_font_px("display", 1920, 1080) * 2.5)
    cap_height_mm = number_px * 0.71 / px_per_mm  # Noto Sans capitals are 0.71 em
    assert cap_height_mm >= 40


def test_stylesheet_parses_and_sets_the_body_size(qtbot: QtBot) -> None:
    """The stylesheet of each app applies to a widget without Qt warnings."""
    for kind in ("kiosk", "counter", "display"):
        widget = QWidget()
        qtbot.addWidget(widget)
        sheet = theme.build_stylesheet(kind, 30, 60)
        widget.setStyleSheet(sheet)
        widget.ensurePolished()
        assert "font-size: 30px" in sheet
        assert "min-height: 60px" in sheet

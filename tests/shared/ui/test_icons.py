"""Tests for shared/ui/icons.py: every icon the apps need exists and draws in any colour."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from shared.ui.icons import ICON_NAMES, icon, icon_path, render_icon


@pytest.mark.parametrize("name", ICON_NAMES)
def test_each_icon_draws_visible_ink_in_the_colour_asked(qapp: QApplication, name: str) -> None:
    """Each SVG exists and renders 5–60 % opaque pixels, all in the requested colour."""
    assert icon_path(name).exists()
    image = render_icon(name, 64, "#FFFFFF")
    opaque = [image.pixelColor(x, y) for y in range(64) for x in range(64)
              if image.pixelColor(x, y).alpha() == 255]
    assert 0.05 < len(opaque) / 64**2 < 0.6
    assert all(color == QColor("#FFFFFF") for color in opaque)
    assert not icon(name).isNull()

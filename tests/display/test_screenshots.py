"""``layso display --screenshot DIR``: every scene rendered to a PNG, headless, on a demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from display.__main__ import main


@pytest.mark.slow
def test_screenshot_renders_every_scene_on_a_temporary_demo(qapp: QApplication,
                                                            tmp_path: Path) -> None:
    """6 and 30 counters × (1080p, 4K, portrait, now calling, disconnected): 10 PNGs of the
    right sizes; exit code 0."""
    assert main(["--screenshot", str(tmp_path)]) == 0
    sizes = {path.name: QImage(str(path)).size() for path in tmp_path.glob("*.png")}
    assert len(sizes) == 10
    for name, size in sizes.items():
        expected = {"4k": (3840, 2160), "portrait": (1080, 1920)}.get(
            name.removesuffix(".png").rsplit("-", 1)[-1], (1920, 1080))
        assert (size.width(), size.height()) == expected, name

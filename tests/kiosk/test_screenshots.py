"""``python -m kiosk --screenshot DIR`` renders every screen, portrait and landscape, headless."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from kiosk.__main__ import main
from kiosk.screenshots import ENGLISH_SIZES, SCREENS, SIZES, screenshot_name


def test_screenshot_option_writes_every_screen_in_both_orientations(tmp_path: Path) -> None:
    """On a temporary demo database (none configured) every screen is written at every size
    (768x1024 portrait included), and in English at the small sizes, each PNG exactly the size
    asked, and the command exits 0."""
    assert main(["--screenshot", str(tmp_path)]) == 0
    passes = [("vi", size) for size in SIZES] + [("en", size) for size in ENGLISH_SIZES]
    for language, (shape, width, height) in passes:
        for name in SCREENS:
            path = tmp_path / screenshot_name(name, shape, width, height, language)
            image = QImage(str(path))
            assert not image.isNull(), path.name
            assert (image.width(), image.height()) == (width, height), path.name
    assert {shape for shape, _w, _h in SIZES} == {"portrait", "landscape"}
    assert ("portrait", 768, 1024) in SIZES and ("portrait", 768, 1024) in ENGLISH_SIZES

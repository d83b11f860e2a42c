"""``python -m kiosk --screenshot DIR`` renders every screen, portrait and landscape, headless."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from kiosk.__main__ import main
from kiosk.screenshots import SCREENS, SIZES


def test_screenshot_option_writes_every_screen_in_both_orientations(tmp_path: Path) -> None:
    """On a temporary demo database (none configured) every screen is written at every size,
    each PNG exactly the size asked, and the command exits 0."""
    assert main(["--screenshot", str(tmp_path)]) == 0
    for shape, width, height in SIZES:
        for name in SCREENS:
            path = tmp_path / f"kiosk-{name}-{shape}-{width}x{height}.png"
            image = QImage(str(path))
            assert not image.isNull(), path.name
            assert (image.width(), image.height()) == (width, height), path.name
    assert {shape for shape, _w, _h in SIZES} == {"portrait", "landscape"}

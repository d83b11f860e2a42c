"""The screens issue 14 changed, rendered to PNG (set LAYSO_SHOTS=DIR to keep them and look):
home with the printer warning, the ticket screen after a failed print, a sold-out tile, the
"Ông/bà còn ở đây không?" countdown, the PIN set-up; each at 1280x800 and 1080x1920."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.pin_store import PinStore
from shared.center import CenterService
from shared.db.database import Database
from tests.center_data import SITE
from tests.kiosk.conftest import MakeKiosk
from tests.shared.printing.fake_printer import free_port

LEFT = Qt.MouseButton.LeftButton


@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920)])
def test_issue14_screens_render(make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database,
                                tmp_path: Path, size: tuple[int, int]) -> None:
    """Each screen renders at full size with its new parts visible."""
    out = Path(os.environ.get("LAYSO_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    tag = f"{size[0]}x{size[1]}"
    CenterService(kiosk_db).add_service(SITE, "XN", "Xác nhận tình trạng hôn nhân",
                                        prefix="D", daily_cap=1)
    window = make_kiosk(printer=f"network:127.0.0.1:{free_port()}", retry_ms=60_000,
                        size=size, public_url="http://192.168.1.10:8080")

    def shot(name: str) -> None:
        for _ in range(5):
            QApplication.processEvents()
        image = window.grab()
        assert image.width() == size[0]
        image.save(str(out / f"kiosk-{name}-{tag}.png"))

    qtbot.mouseClick(window.home.tiles["XN"], LEFT)
    qtbot.waitUntil(lambda: window.ticket.print_state == "failed", timeout=5000)
    shot("ticket-print-failed")
    qtbot.mouseClick(window.ticket.done, LEFT)
    qtbot.waitUntil(lambda: not window.home.tiles["XN"].isEnabled(), timeout=5000)
    assert window.home.printer_notice.isVisible()
    shot("home-printer-warning-sold-out")
    window.open_lookup()
    window.still_here.start(10, "vi")
    shot("still-here")
    window.still_here.cancel()
    window.go_home()
    window.pin_store = PinStore("0000", tmp_path / "pin.json")
    window.ask_pin_setup()
    assert window.pin_dialog is not None
    for _ in range(5):
        QApplication.processEvents()
    window.pin_dialog.grab().save(str(out / f"kiosk-pin-setup-{tag}.png"))
    window.pin_dialog.reject()

"""Dossier status by the code on the appointment slip, typed or scanned."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from shared.clock import FixedClock
from shared.db.database import Database
from shared.dossiers import Applicant, DossierService
from tests.center_data import SITE
from tests.kiosk.conftest import MakeKiosk

LEFT = Qt.MouseButton.LeftButton


def test_scanned_code_shows_status_and_due_date_and_nothing_personal(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database) -> None:
    """A USB scanner types the code and Enter: the kiosk shows "Đang giải quyết", the
    procedure and the due date, and never the applicant's name or phone."""
    dossier = DossierService(kiosk_db).receive(
        SITE, "1.001193", Applicant("Nguyễn Văn An", "phường Bến Thành", "0901234567"))
    window = make_kiosk()
    qtbot.mouseClick(window.home.dossier, LEFT)
    assert window.current() is window.dossier
    qtbot.keyClicks(window.dossier.code, dossier.code.lower())
    qtbot.keyClick(window.dossier.code, Qt.Key.Key_Return)

    screen = window.dossier
    assert screen.card.isVisible()
    assert screen.status.text() == "Đang giải quyết"
    assert screen.fields["code"][1].text() == dossier.code
    assert screen.fields["procedure"][1].text() == "Thủ tục đăng ký khai sinh"
    assert dossier.due_at is not None
    assert screen.fields["due"][1].text() == f"{dossier.due_at:%H:%M · %d/%m/%Y}"
    shown = " ".join(label.text() for pair in screen.fields.values() for label in pair)
    assert "Nguyễn Văn An" not in shown and "0901234567" not in shown


def test_ready_and_overdue_dossiers_say_so(make_kiosk: MakeKiosk, qtbot: QtBot,
                                           kiosk_db: Database, clock: FixedClock) -> None:
    """A resolved dossier reads "ready for pickup"; an open one past its due date "Quá hạn"."""
    service = DossierService(kiosk_db)
    ready = service.receive(SITE, "1.001193", Applicant("A"))
    service.resolve(ready.code)
    late = service.receive(SITE, "1.001193", Applicant("B"))
    clock.advance(days=10)
    window = make_kiosk()
    window.open_dossier()
    window.dossier.code.setText(ready.code)
    qtbot.mouseClick(window.dossier.search, LEFT)
    assert window.dossier.status.text().startswith("✔ Đã có kết quả")
    assert "nhận kết quả" in window.dossier.message.text()
    window.dossier.code.setText(late.code)
    qtbot.mouseClick(window.dossier.search, LEFT)
    assert "Quá hạn" in window.dossier.status.text()


def test_unknown_code_is_explained(make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """A code that matches no dossier says so with the code typed; the keyboard stays."""
    window = make_kiosk()
    window.open_dossier()
    window.dossier.code.setText("000.00.53.H48-991231-0001")
    qtbot.mouseClick(window.dossier.search, LEFT)
    assert not window.dossier.card.isVisible()
    assert "Không tìm thấy hồ sơ" in window.dossier.message.text()
    assert "000.00.53.H48-991231-0001" in window.dossier.message.text()
    assert window.dossier.keyboard.isVisible()

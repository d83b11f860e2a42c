"""Dossier status by the code on the appointment slip, typed or scanned."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
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
    assert screen.fields["code"][1].text() == f"{dossier.code} (mã nội bộ)"  # made here
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


def test_a_second_scan_replaces_the_first_code(make_kiosk: MakeKiosk, qtbot: QtBot,
                                               kiosk_db: Database) -> None:
    """Two slips scanned one after the other (a USB scanner types the code and Enter into
    whatever has the focus): the second code replaces the first, and its dossier is shown."""
    service = DossierService(kiosk_db)
    first = service.receive(SITE, "1.001193", Applicant("A"))
    second = service.receive(SITE, "1.001193", Applicant("B"))
    window = make_kiosk()
    qtbot.mouseClick(window.home.dossier, LEFT)
    for dossier in (first, second):
        focused = window.focusWidget()  # where the keys go while the window is active
        assert focused is window.dossier.code
        qtbot.keyClicks(focused, dossier.code)
        qtbot.keyClick(focused, Qt.Key.Key_Return)
        assert window.dossier.code.text() == dossier.code
        assert window.dossier.fields["code"][1].text() == f"{dossier.code} (mã nội bộ)"
    qtbot.mouseClick(window.dossier.search, LEFT)  # the button keeps the focus in the field
    assert window.focusWidget() is window.dossier.code
    assert window.dossier.code.selectedText() == second.code


def test_portrait_gives_the_dossier_code_a_full_width_row(make_kiosk: MakeKiosk,
                                                          qtbot: QtBot) -> None:
    """On a 768x1024 portrait screen the code field spans the screen, so a whole code
    (000.00.53.H48-261029-0001) is readable; landscape keeps one row."""
    window = make_kiosk(size=(768, 1024))
    qtbot.waitUntil(lambda: window.width() == 768)
    window.open_dossier()
    screen = window.dossier
    code = "000.00.53.H48-261029-0001"
    screen.code.setText(code)
    QApplication.processEvents()
    assert screen.code.width() >= screen.width() * 0.85
    needed = screen.code.fontMetrics().horizontalAdvance(code)
    assert screen.code.width() > needed
    assert screen.back.y() > screen.code.y()


def test_a_refused_dossier_shows_no_due_date(make_kiosk: MakeKiosk, qtbot: QtBot,
                                            kiosk_db: Database) -> None:
    """A refused dossier has no result to come: "Ngày hẹn trả kết quả" is not shown; an open
    one looked up next shows it again."""
    service = DossierService(kiosk_db)
    refused = service.receive(SITE, "1.001193", Applicant("A"))
    service.refuse(refused.code, "Không thuộc thẩm quyền")
    open_one = service.receive(SITE, "1.001193", Applicant("B"))
    window = make_kiosk()
    window.open_dossier()
    screen = window.dossier
    screen.code.setText(refused.code)
    qtbot.mouseClick(screen.search, LEFT)
    assert "Từ chối" in screen.status.text() or "từ chối" in screen.status.text().lower()
    title, value = screen.fields["due"]
    assert not title.isVisible() and not value.isVisible()
    screen.code.setText(open_one.code)
    qtbot.mouseClick(screen.search, LEFT)
    assert title.isVisible() and value.isVisible()

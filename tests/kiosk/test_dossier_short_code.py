"""Issue 12 item 5: the kiosk finds what the citizen has. A dossier filed online and imported
from the province's list is found by the last part of its code typed on the number-and-dot
pad; when several end so the kiosk asks for more; the center's prefix and today's date need
not be typed; a name never shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.app import KioskWindow
from shared.clock import FixedClock
from shared.db.database import Database
from shared.dossier_import import import_file
from shared.dossier_import.mapping import Mapping
from shared.dossiers import Applicant, DossierService
from tests.center_data import SITE
from tests.kiosk.conftest import MakeKiosk

LEFT = Qt.MouseButton.LeftButton
HEADERS = "Mã hồ sơ,Tên thủ tục,Người nộp,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái,Hình thức\n"
ONLINE = "G22.99-261120-0731,Đăng ký kết hôn,Trần Thị Mai,20/11/2026 08:00,{due},Đang xử lý," \
    "Trực tuyến\n"
MAPPING = Mapping(
    columns={"code": "Mã hồ sơ", "procedure_name": "Tên thủ tục", "applicant": "Người nộp",
             "received_at": "Ngày tiếp nhận", "due_at": "Ngày hẹn trả", "status": "Trạng thái",
             "channel": "Hình thức"},
    values={"status": {"dang xu ly": "received"}, "channel": {"truc tuyen": "online"}})


def _import(db: Database, tmp_path: Path, *rows: str) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(HEADERS + "".join(rows), encoding="utf-8")
    result = import_file(db, SITE, path, MAPPING)
    assert result.errors == ()


def _type_on_pad(qtbot: QtBot, window: KioskWindow, text: str) -> None:
    pad = window.dossier.keyboard.pad
    for char in text:
        qtbot.mouseClick(pad.buttons[char], LEFT)
    qtbot.mouseClick(window.dossier.search, LEFT)


def _shown_text(window: KioskWindow) -> str:
    return " ".join(label.text() for label in window.dossier.findChildren(QLabel))


def test_an_imported_online_dossier_is_found_by_its_last_part(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database, tmp_path: Path,
        clock: FixedClock) -> None:
    _import(kiosk_db, tmp_path, ONLINE.format(due="27/11/2026 17:00"))
    window = make_kiosk()
    window.open_dossier()
    assert window.dossier.keyboard.pad.isVisible()
    _type_on_pad(qtbot, window, "0731")
    screen = window.dossier
    assert screen.card.isVisible()
    assert screen.fields["code"][1].text() == "G22.99-261120-0731"  # the province's: no mark
    assert screen.fields["procedure"][1].text() == "Đăng ký kết hôn"
    assert screen.fields["due"][1].text() == "17:00 · 27/11/2026"
    assert screen.status.text() == "Đang giải quyết"
    assert "Trần Thị Mai" not in _shown_text(window)


def test_several_endings_ask_for_more_then_the_date_finds_it(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database, tmp_path: Path) -> None:
    _import(kiosk_db, tmp_path, ONLINE.format(due=""),
            ONLINE.format(due="").replace("261120", "261121").replace("Mai", "Lan"))
    window = make_kiosk()
    window.open_dossier()
    _type_on_pad(qtbot, window, "0731")
    screen = window.dossier
    assert not screen.card.isVisible() and screen.keyboard.isVisible()
    assert screen.message.text().startswith("Có 2 hồ sơ có mã kết thúc bằng «0731»")
    qtbot.mouseClick(screen.keyboard.pad.buttons["clear"], LEFT)
    _type_on_pad(qtbot, window, "261121.0731")
    assert screen.card.isVisible()
    assert screen.fields["code"][1].text() == "G22.99-261121-0731"
    assert screen.fields["due"][1].text() == "Chưa xác định"
    assert "Lan" not in _shown_text(window) and "Mai" not in _shown_text(window)


def test_the_centers_prefix_and_todays_date_need_not_be_typed(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database, tmp_path: Path,
        clock: FixedClock) -> None:
    """Today's first local dossier here ends in -0001, as does an imported one of another
    day: "1" alone is not its last part, "0001" picks today's own."""
    _import(kiosk_db, tmp_path, ONLINE.format(due="").replace("0731", "0001"))
    mine = DossierService(kiosk_db).receive(SITE, "1.001193", Applicant("Nguyễn Văn An"))
    window = make_kiosk()
    window.open_dossier()
    _type_on_pad(qtbot, window, "1")
    assert "Không tìm thấy hồ sơ" in window.dossier.message.text()
    qtbot.mouseClick(window.dossier.keyboard.pad.buttons["clear"], LEFT)
    _type_on_pad(qtbot, window, "0001")
    assert window.dossier.fields["code"][1].text() == f"{mine.code} (mã nội bộ)"
    assert "Nguyễn Văn An" not in _shown_text(window)


def test_letters_are_one_key_away(make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    window = make_kiosk()
    window.open_dossier()
    keys = window.dossier.keyboard
    qtbot.mouseClick(keys.pad.buttons["letters"], LEFT)
    assert keys.showing_letters() and keys.letters.isVisible()
    qtbot.mouseClick(keys.letters.key("h"), LEFT)
    assert window.dossier.code.text().upper() == "H"
    qtbot.mouseClick(keys.back_to_digits, LEFT)
    assert keys.pad.isVisible()

"""Procedure lookup: typed on the on-screen keyboard, browsed by field, then a number taken."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.kiosk.conftest import MakeKiosk
from tests.kiosk.helpers import qr_texts_on

LEFT = Qt.MouseButton.LeftButton


def type_on_keyboard(qtbot: QtBot, keyboard: object, text: str) -> None:
    for char in text:
        name = "space" if char == " " else char
        qtbot.mouseClick(keyboard.key(name), LEFT)  # type: ignore[attr-defined]


def test_search_typed_on_the_onscreen_keyboard_updates_results_as_you_type(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """Home → "Tra cứu thủ tục", then "khai sinh" typed without accents on the on-screen
    keyboard finds "Thủ tục đăng ký khai sinh"; the results change with every key."""
    window = make_kiosk()
    qtbot.mouseClick(window.home.lookup, LEFT)
    assert window.current() is window.lookup
    assert window.lookup.keyboard.isVisible()
    type_on_keyboard(qtbot, window.lookup.keyboard, "kh")
    after_two = [p.code for p in window.lookup.shown()]
    type_on_keyboard(qtbot, window.lookup.keyboard, "ai sinh")
    names = [p.name for p in window.lookup.shown()]
    assert window.lookup.query() == "khai sinh"
    assert "Thủ tục đăng ký khai sinh" in names
    assert [p.code for p in window.lookup.shown()] != after_two
    assert window.lookup.results[0].isVisible()


def test_tone_keys_type_vietnamese_and_match_the_same_procedures(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """"kết hôn" typed with the tone keys (k, e, t, sắc…) finds marriage registration."""
    window = make_kiosk()
    window.open_lookup()
    keyboard = window.lookup.keyboard
    for key in ("k", "ê", "t", "acute", "space", "h", "ô", "n"):
        qtbot.mouseClick(keyboard.key(key), LEFT)
    assert window.lookup.query() == "kết hôn"
    assert any("kết hôn" in p.name for p in window.lookup.shown())


def test_browse_by_field_lists_its_procedures(make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """With nothing typed the fields are listed; tapping one lists only its procedures."""
    window = make_kiosk()
    window.open_lookup()
    fields = [b.text() for b in window.lookup.field_buttons if b.isVisible()]
    assert any(text.startswith("Chứng thực") for text in fields)
    index = next(i for i, text in enumerate(fields) if text.startswith("Chứng thực"))
    qtbot.mouseClick(window.lookup.field_buttons[index], LEFT)
    shown = window.lookup.shown()
    assert shown and {p.field for p in shown} == {"Chứng thực"}


def test_procedure_page_shows_its_facts_and_takes_a_number_in_one_tap(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """A result opens the procedure's page (code, field, time limit or "Đang cập nhật", a QR
    code to the national portal); "Lấy số: Hộ tịch" issues a ticket for that service."""
    window = make_kiosk()
    window.open_lookup()
    window.lookup.search.setText("1.001193")
    qtbot.mouseClick(window.lookup.results[0], LEFT)
    assert window.current() is window.procedure
    page = window.procedure
    assert page.name.text() == "Thủ tục đăng ký khai sinh"
    assert page.fact_labels["code"][1].text() == "1.001193"
    assert page.fact_labels["field"][1].text() == "Hộ tịch"
    assert page.fact_labels["fee"][1].text()  # a value or "Đang cập nhật", never empty
    assert qr_texts_on(page.qr) == [
        "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html"
        "?ma_thu_tuc=1.001193"]
    assert page.take.text() == "Lấy số: Hộ tịch"
    qtbot.mouseClick(page.take, LEFT)
    assert window.current() is window.ticket
    assert window.ticket.number.text() == "A001"


def test_back_returns_from_the_procedure_to_the_results(make_kiosk: MakeKiosk,
                                                        qtbot: QtBot) -> None:
    """"Quay lại" on a procedure page returns to the same search, not to home."""
    window = make_kiosk()
    window.open_lookup()
    window.lookup.search.setText("chung thuc")
    qtbot.mouseClick(window.lookup.results[0], LEFT)
    assert window.procedure.nav is not None
    qtbot.mouseClick(window.procedure.nav.back, LEFT)
    assert window.current() is window.lookup
    assert window.lookup.query() == "chung thuc"

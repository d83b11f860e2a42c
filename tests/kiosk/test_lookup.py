"""Procedure lookup: typed on the on-screen keyboard, browsed by field, then a number taken."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScroller
from pytestqt.qtbot import QtBot

from kiosk.catalog_terms import field_text
from shared.ui.theme import MIN_TOUCH_MM, mm_to_px
from tests.kiosk.conftest import MakeKiosk
from tests.kiosk.helpers import qr_texts_on
from tests.shared.ui.gestures import drag

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
    """A result opens the procedure's page (code, field, time limit or where to ask, a QR
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
    assert page.fact_labels["fee"][1].text()  # a value or "Hỏi tại Quầy …", never empty
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


def test_browsing_a_field_hides_the_keyboard_and_a_finger_scrolls_the_list(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """At 1024x768, choosing a field hides the keyboard so several procedures show; dragging
    the list with a finger scrolls it; tapping the search field brings the keyboard back."""
    window = make_kiosk(size=(1024, 768))
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.open_lookup()
    lookup = window.lookup
    assert lookup.keyboard.isVisible()
    social = next(b for b in lookup.field_buttons if b.text().startswith("Bảo trợ xã hội"))
    qtbot.mouseClick(social, LEFT)
    assert not lookup.keyboard.isVisible()
    qtbot.waitUntil(lambda: lookup.scroller.viewport().height() > 400)
    fully_visible = [b for b in lookup.results if b.isVisible()
                     and b.mapTo(lookup.scroller.viewport(), b.rect().bottomLeft()).y()
                     <= lookup.scroller.viewport().height()]
    assert len(fully_visible) >= 3
    viewport = lookup.scroller.viewport()
    assert QScroller.hasScroller(viewport)
    bar = lookup.scroller.verticalScrollBar()
    drag(qtbot, viewport, QPoint(200, viewport.height() - 30), QPoint(200, 30))
    qtbot.waitUntil(lambda: bar.value() > 150, timeout=3000)
    assert window.current() is window.lookup  # a drag is not a tap on a result
    qtbot.mouseClick(lookup.search, LEFT)
    assert lookup.keyboard.isVisible()


def test_hide_keyboard_button_and_scrolling_give_the_results_room(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """"Ẩn bàn phím" hides the keyboard (the button then reads "Hiện bàn phím" and brings it
    back); a page-down on the results also hides it; new keystrokes keep the list at top."""
    window = make_kiosk(size=(1024, 768))
    window.open_lookup()
    lookup = window.lookup
    type_on_keyboard(qtbot, lookup.keyboard, "chung")
    small = lookup.scroller.viewport().height()
    qtbot.mouseClick(lookup.keyboard_toggle, LEFT)
    assert not lookup.keyboard.isVisible()
    assert "Hiện bàn phím" in lookup.keyboard_toggle.text()
    qtbot.waitUntil(lambda: lookup.scroller.viewport().height() > small + 200)
    qtbot.mouseClick(lookup.keyboard_toggle, LEFT)
    assert lookup.keyboard.isVisible()
    assert "Ẩn bàn phím" in lookup.keyboard_toggle.text()
    lookup.scroller.page_forward()
    assert not lookup.keyboard.isVisible()
    assert lookup.scroller.verticalScrollBar().value() > 0


def test_the_whole_procedure_page_scrolls_at_1024x768(make_kiosk: MakeKiosk,
                                                      qtbot: QtBot) -> None:
    """The procedure page (facts, QR, documents, steps) is one scrolling page with a wide bar
    and page buttons; "Trình tự thực hiện" is reached by paging; "take a number" stays."""
    window = make_kiosk(size=(1024, 768))
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.open_lookup()
    window.lookup.search.setText("1.001193")
    qtbot.mouseClick(window.lookup.results[0], LEFT)
    page = window.procedure
    area = page.scroller
    content = area.widget()
    assert content is not None
    for part in (page.name, page.qr, page.documents, page.steps_title, page.steps):
        assert content.isAncestorOf(part)
    assert QScroller.hasScroller(area.viewport())
    assert area.verticalScrollBar().width() >= mm_to_px(area, MIN_TOUCH_MM)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0
    while bar.value() < bar.maximum():
        qtbot.mouseClick(area.page_down, LEFT)
    steps = page.steps
    bottom = steps.mapTo(area.viewport(), steps.rect().bottomLeft()).y()
    assert bottom <= area.viewport().height()
    assert page.take.isVisible()


def test_english_procedure_page_translates_the_fixed_vocabularies(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """In English, the online level and the handling level are English words."""
    window = make_kiosk()
    qtbot.mouseClick(window.top.language, LEFT)
    window.open_lookup()
    window.lookup.search.setText("1.001193")
    qtbot.mouseClick(window.lookup.results[0], LEFT)
    facts = window.procedure.fact_labels
    assert facts["online"][1].text() == "Partly online"
    assert facts["level"][1].text() == "Commune (People's Committee)"
    assert facts["time_limit"][1].text() == "Same day"
    qtbot.mouseClick(window.top.language, LEFT)
    assert facts["online"][1].text() == "Một phần"


def test_english_procedure_page_names_the_field_in_english(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """In English the field is the home tile's words ("Civil status", the service's English
    name), as are the field chips of the lookup; Vietnamese keeps "Hộ tịch"."""
    window = make_kiosk()
    qtbot.mouseClick(window.top.language, LEFT)
    window.open_lookup()
    assert any(button.title.text().startswith("Civil status  (")
               for button in window.lookup.field_buttons)
    window.lookup.search.setText("1.001193")
    assert window.lookup.results[0].detail.text() == "1.001193 · Civil status"
    qtbot.mouseClick(window.lookup.results[0], LEFT)
    field = window.procedure.fact_labels["field"][1]
    assert field.text() == window.home.tiles["HT"].text() == "Civil status"
    qtbot.mouseClick(window.top.language, LEFT)
    assert field.text() == "Hộ tịch"


def test_a_catalog_field_without_a_service_of_its_name_has_its_english_name() -> None:
    assert field_text("Nuôi con nuôi", "en") == "Adoption"
    assert field_text("Dân số - Sức khỏe sinh sản", "en") == "Population and reproductive health"
    assert field_text("Lĩnh vực mới", "en") == "Lĩnh vực mới"  # unknown: as written
    assert field_text("Nuôi con nuôi", "vi") == "Nuôi con nuôi"

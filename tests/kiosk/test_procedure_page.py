"""The procedure page (kiosk/screens/procedure.py): the documents with originals and copies,
steps, time limit, fee, legal basis and where they come from; what the catalog does not know
sends the citizen to the counters serving the procedure, never "Đang cập nhật"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app import KioskWindow
from kiosk.screens.procedure import breakable, source_text
from tests.kiosk.conftest import MakeKiosk

LEFT = Qt.MouseButton.LeftButton


def _open(window: KioskWindow, qtbot: QtBot, query: str) -> None:
    window.open_lookup()
    window.lookup.search.setText(query)
    qtbot.mouseClick(window.lookup.results[0], LEFT)
    assert window.current() is window.procedure


def test_the_certified_copy_page_lists_originals_steps_fee_legal_basis_and_source(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """"sao y" opens the certified copy: the original to show, the steps, same day, the fee per
    page, the decree it rests on and the official pages it was taken from."""
    window = make_kiosk()
    _open(window, qtbot, "sao y")
    page = window.procedure
    assert page.procedure is not None and page.procedure.code == "2.000815"
    facts = {key: value.text() for key, (_name, value) in page.fact_labels.items()}
    assert facts["time_limit"] == "Trong ngày"
    assert "2.000 đồng/trang" in facts["fee"]
    assert "Bản chính" in page.documents.text() and page.documents.text().startswith("•")
    assert page.steps.text().startswith("1. ")
    assert page.legal_title.text() == "Căn cứ pháp lý"
    assert "Nghị định 23/2015/NĐ-CP" in page.legal.text()
    assert page.source.isVisible()
    assert page.source.text().startswith("Nguồn thông tin: dichvucong.gov.vn, ")
    assert "github" not in page.source.text()  # the listing's provenance stays in the CSV
    assert "Đang cập nhật" not in " ".join([*facts.values(), page.documents.text(),
                                            page.steps.text(), page.legal.text()])


def test_what_the_catalog_does_not_know_says_which_counter_to_ask(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """A procedure without documents or time limit in the catalog (birth, residence and health
    insurance together, 2.000986) says "Hỏi tại Quầy 1, 3": the test center's counters serving
    Hộ tịch."""
    window = make_kiosk()
    _open(window, qtbot, "2.000986")
    page = window.procedure
    facts = {key: value.text() for key, (_name, value) in page.fact_labels.items()}
    assert facts["time_limit"] == "Hỏi tại Quầy 1, 3"
    assert facts["fee"] == "Hỏi tại Quầy 1, 3"
    assert "hỏi tại Quầy 1, 3" in page.documents.text()
    assert page.steps.text() == page.legal.text() == "Hỏi tại Quầy 1, 3"
    shown = " ".join([*facts.values(), page.documents.text(), page.steps.text()])
    assert "Đang cập nhật" not in shown


def test_without_a_serving_counter_the_page_asks_the_staff(make_kiosk: MakeKiosk,
                                                          qtbot: QtBot) -> None:
    """A procedure whose field no counter here serves sends the citizen to the staff; in
    English, "Ask at counter 1, 3" for a known service."""
    window = make_kiosk()
    page = window.procedure
    procedure = window.flow.procedure("1.012588")  # religion: no service here
    page.show_procedure(procedure, None, [])
    assert page.fact_labels["time_limit"][1].text() == "Hỏi cán bộ tại quầy tiếp nhận"
    qtbot.mouseClick(window.top.language, LEFT)
    page.show_procedure(window.flow.procedure("2.000986"),
                        window.flow.service_for_procedure("2.000986"), [1, 3])
    assert page.fact_labels["time_limit"][1].text() == "Ask at counter 1, 3"
    assert page.legal_title.text() == "Legal basis"


def test_long_addresses_of_the_source_can_wrap() -> None:
    text = breakable("Nguồn: https://dichvucong.gov.vn/p/home/x.html?ma_thu_tuc=1 ; khác")
    assert "\u200b" in text and text.replace("\u200b", "") == (
        "Nguồn: https://dichvucong.gov.vn/p/home/x.html?ma_thu_tuc=1 ; khác")
    assert breakable("không có địa chỉ") == "không có địa chỉ"


def test_the_source_shows_the_sites_of_the_cited_pages() -> None:
    assert source_text("Danh sách X (github:a/b) | Nội dung: https://dichvucong.gov.vn/p?x=1 ;"
                       " http://www.caobang.gov.vn/a ; https://dichvucong.gov.vn/q") == (
        "dichvucong.gov.vn, caobang.gov.vn")
    assert source_text("https://moj.gov.vn/a | https://a.gov.vn/b") == "moj.gov.vn, a.gov.vn"
    assert source_text("Quyết định 1/QĐ-UBND") == "Quyết định 1/QĐ-UBND"

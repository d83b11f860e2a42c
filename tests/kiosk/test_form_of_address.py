"""One form of address for the citizen: "ông/bà" (or no pronoun), never "bạn" nor a shop's
"quý khách", on every Vietnamese text the citizen reads (kiosk, its help, the phone page, the
rating panel, the display board, the printed ticket); and one spelling of Sunday, "Chủ nhật",
the one the calendar gives a day off."""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from shared.i18n import table, tr
from shared.printing.labels import TICKET_LABELS
from shared.workdays import WorkCalendar
from tests.kiosk.conftest import MakeKiosk

LEFT = Qt.MouseButton.LeftButton
#: The translation tables the citizen reads (the clerk's "counter." table is not one).
CITIZEN_TABLES = ("kiosk.", "kiosk_help.", "phone.", "rating.", "display.")
_FAMILIAR = re.compile(r"\bbạn\b|quý khách", re.IGNORECASE)


def test_no_citizen_facing_vietnamese_text_says_ban_or_quy_khach() -> None:
    texts = {key: text for key, text in table("vi").items() if key.startswith(CITIZEN_TABLES)}
    texts.update({f"ticket.{key}": text for key, text in TICKET_LABELS["vi"].items()})
    assert len(texts) > 150  # every table was read
    assert {key: text for key, text in texts.items() if _FAMILIAR.search(text)} == {}
    assert tr("kiosk.your_number", "vi") == "Số thứ tự của ông/bà"
    assert tr("phone.your_number", "vi") == "Số thứ tự của ông/bà"
    assert TICKET_LABELS["vi"]["your_number"] == "SỐ THỨ TỰ CỦA ÔNG/BÀ"
    assert tr("rating.question", "vi", number="A001", counter=1).startswith("Ông/bà")


def test_the_ticket_screen_addresses_the_citizen_as_ong_ba(make_kiosk: MakeKiosk,
                                                           qtbot: QtBot) -> None:
    window = make_kiosk()
    qtbot.mouseClick(window.home.tiles["HT"], LEFT)
    assert window.current() is window.ticket
    texts = [item.text() for item in window.ticket.findChildren(QLabel)]
    assert "Số thứ tự của ông/bà" in texts and "Số người chờ trước" in texts
    assert not [text for text in texts if _FAMILIAR.search(text)]


def test_sunday_is_chu_nhat_on_the_header_the_board_and_the_day_off() -> None:
    sunday = date(2026, 11, 29)
    assert sunday.weekday() == 6
    day_off = WorkCalendar().day_off_reason(sunday)
    assert day_off == "Chủ nhật"
    assert tr("kiosk.weekday_6", "vi") == tr("display.weekday_6", "vi") == day_off


def test_the_kiosk_header_writes_chu_nhat(make_kiosk: MakeKiosk) -> None:
    window = make_kiosk()
    window.top.show_time(datetime(2026, 11, 29, 9, 0), "vi")
    assert window.top.date.text() == "Chủ nhật, 29/11/2026"

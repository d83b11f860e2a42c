"""Taking a number: one tap (or two for priority), the number on screen, the same on paper."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ImageChops
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import KioskWindow
from shared.center import CenterService
from shared.config import PrinterSettings
from shared.db.database import Database
from shared.models import Priority
from shared.printing.from_views import ticket_document
from shared.printing.paper import Paper
from shared.printing.ticket_layout import render_ticket
from shared.queue import QueueService
from shared.ui.messages import Banner
from shared.ui.theme import MIN_TOUCH_MM, mm_to_px
from tests.center_data import SITE
from tests.kiosk.conftest import MakeKiosk
from tests.kiosk.helpers import printed_qr_texts, qr_texts_on, raster_of

LEFT = Qt.MouseButton.LeftButton


def test_one_tap_on_a_service_shows_the_number_and_prints_it(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database, tmp_path: Path) -> None:
    """Tapping "Hộ tịch" shows the ticket (number, service, people ahead, the wait's range,
    time, a QR of the ticket id) and the printer gets the same ticket as an image with the
    bundled font, naming the counters that serve Hộ tịch (1 and 3)."""
    paper_file = tmp_path / "printer.bin"
    window = make_kiosk(printer=f"file:{paper_file}")
    queue = QueueService(kiosk_db)
    for number in (1, 3):  # both counters for Hộ tịch busy, someone already waiting
        queue.issue_ticket(SITE, "HT")
        queue.call_next(queue.find_counter(SITE, number).id)
    queue.issue_ticket(SITE, "HT")

    qtbot.mouseClick(window.home.tiles["HT"], LEFT)

    assert window.current() is window.ticket
    ticket = window.ticket.ticket
    assert ticket is not None and ticket.number == "A004"
    assert window.ticket.number.text() == "A004"
    assert window.ticket.service.text() == "Hộ tịch"
    assert window.ticket.counters.text() == "Quầy 1, 3"
    assert window.ticket.ahead.text() == "1 người"
    assert ticket.estimated_wait_low is not None and ticket.estimated_wait_high is not None
    assert window.ticket.wait.text() == (
        f"khoảng {max(ticket.estimated_wait_low, 1)}-{ticket.estimated_wait_high} phút")
    assert window.ticket.time.text().startswith("09:00")
    assert qr_texts_on(window.ticket.qr) == [str(ticket.id)]
    qtbot.waitUntil(lambda: window.ticket.print_state == "printed", timeout=5000)
    data = paper_file.read_bytes()
    site = CenterService(kiosk_db).site(SITE)
    expected = render_ticket(ticket_document(ticket, site, PrinterSettings(), "vi",
                                             counters=(1, 3)), Paper.MM80)
    printed = raster_of(data)
    assert printed.size == expected.size
    assert ImageChops.difference(printed.convert("L"), expected.convert("L")).getbbox() is None
    assert printed_qr_texts(data) == [str(ticket.id)]
    assert not window.top.printer_mark.isVisible()


def test_two_taps_give_a_priority_number(make_kiosk: MakeKiosk, qtbot: QtBot,
                                         kiosk_db: Database) -> None:
    """Home → "Người cao tuổi" → "Chứng thực": a priority ticket of that group, marked on
    screen."""
    window = make_kiosk()
    qtbot.mouseClick(window.home.priority_buttons[Priority.ELDERLY], LEFT)
    assert window.current() is window.priority
    qtbot.mouseClick(window.priority.tiles["CT"], LEFT)

    assert window.current() is window.ticket
    shown = window.ticket.ticket
    assert shown is not None and shown.number == "B001"
    assert QueueService(kiosk_db).ticket(shown.id).priority is Priority.ELDERLY
    assert window.ticket.badge.isVisible()
    assert "Người cao tuổi" in window.ticket.badge.text()
    assert window.ticket.print_state == "none"  # no printer configured


def test_done_goes_home_and_home_shows_the_waiting_counts(make_kiosk: MakeKiosk,
                                                          qtbot: QtBot) -> None:
    """After "Xong" the home tile of the service counts the new ticket as waiting."""
    window = make_kiosk()
    qtbot.mouseClick(window.home.tiles["DD"], LEFT)
    qtbot.mouseClick(window.ticket.done, LEFT)
    assert window.current() is window.home
    assert window.home.tiles["DD"].subtitle.text() == "1 người đang chờ"


def test_daily_cap_is_explained_kindly_and_home_stays(make_kiosk: MakeKiosk, qtbot: QtBot,
                                                      kiosk_db: Database) -> None:
    """When a service has given its last number of the day its tile is greyed out with "Đã
    hết số hôm nay" (and the priority screen's too); a tap that comes in before the screen
    has caught up reads the core's Vietnamese message on home; nothing crashes and no ticket
    screen appears."""
    CenterService(kiosk_db).add_service(SITE, "XN", "Xác nhận", prefix="D", daily_cap=1)
    window = make_kiosk()
    qtbot.mouseClick(window.home.tiles["XN"], LEFT)
    qtbot.mouseClick(window.ticket.done, LEFT)
    tile = window.home.tiles["XN"]
    qtbot.waitUntil(lambda: not tile.isEnabled(), timeout=5000)
    window.take_number("XN", Priority.NONE)  # what a tap a moment earlier would have done
    assert window.current() is window.home
    message = Banner.for_window(window).message()
    assert "hết số hôm nay" in message
    assert not tile.isEnabled() and tile.subtitle.text().startswith("Đã hết số hôm nay")
    assert not window.priority.tiles["XN"].isEnabled()
    assert window.home.tiles["HT"].isEnabled()


def test_a_service_sold_out_at_another_kiosk_greys_out_here_live(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database) -> None:
    """Another kiosk takes the last number of the day: this kiosk's home learns it from the
    change feed and greys the tile out before anyone taps it."""
    from shared.queue import QueueService

    CenterService(kiosk_db).add_service(SITE, "XN", "Xác nhận", prefix="D", daily_cap=2)
    window = make_kiosk()
    tile = window.home.tiles["XN"]
    assert tile.isEnabled()
    other_kiosk = QueueService(kiosk_db)
    other_kiosk.issue_ticket(SITE, "XN")
    qtbot.waitUntil(lambda: tile.subtitle.text() == "1 người đang chờ", timeout=5000)
    assert tile.isEnabled()
    other_kiosk.issue_ticket(SITE, "XN")
    qtbot.waitUntil(lambda: not tile.isEnabled(), timeout=5000)
    assert tile.subtitle.text().startswith("Đã hết số hôm nay")
    assert not window.priority.tiles["XN"].isEnabled()


def test_touch_targets_are_at_least_15_mm(make_kiosk: MakeKiosk) -> None:
    """Every button a citizen taps on home is at least 15 mm high."""
    window = make_kiosk()
    buttons = [*window.home.tiles.values(), *window.home.priority_buttons.values(),
               window.home.lookup, window.home.dossier, window.top.language]
    for button in buttons:
        assert button.height() >= mm_to_px(button, MIN_TOUCH_MM), button.text()


def test_english_switch_translates_the_screens(make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """The on-screen switch shows English (service names too) and switches back."""
    window = make_kiosk()
    qtbot.mouseClick(window.top.language, LEFT)
    assert window.home.heading.text() == "Please choose a service to take a number"
    assert window.home.tiles["HT"].text() == "Civil status"
    assert window.top.language.text() == "Tiếng Việt"
    qtbot.mouseClick(window.top.language, LEFT)
    assert window.home.tiles["HT"].text() == "Hộ tịch"


def test_portrait_and_landscape_layouts(make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """A portrait screen stacks the services over the other choices; landscape puts them side
    by side; both from 1024x768 up keep every service tile visible."""
    window = make_kiosk()
    for width, height in ((1024, 768), (1920, 1080), (1080, 1920), (768, 1024)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        for _ in range(3):
            QApplication.processEvents()
        assert window.home.portrait == (height > width)
        tiles = list(window.home.tiles.values())
        assert all(tile.isVisible() and tile.height() > 0 for tile in tiles)
        first, side = tiles[0].mapTo(window, tiles[0].rect().topLeft()), window.home.lookup
        side_pos = side.mapTo(window, side.rect().topLeft())
        if height > width:
            assert side_pos.y() > first.y()
        else:
            assert side_pos.x() > first.x()


def test_home_counts_follow_tickets_taken_elsewhere(make_kiosk: MakeKiosk, qtbot: QtBot,
                                                    kiosk_db: Database) -> None:
    """A ticket issued by another kiosk reaches home through the change feed (no polling)."""
    window = make_kiosk()
    assert window.home.tiles["CT"].subtitle.text() == "Không có người chờ"
    QueueService(kiosk_db).issue_ticket(SITE, "CT")
    qtbot.waitUntil(lambda: window.home.tiles["CT"].subtitle.text() == "1 người đang chờ",
                    timeout=5000)


def test_without_a_printer_the_ticket_says_remember_the_number(make_kiosk: MakeKiosk,
                                                               qtbot: QtBot) -> None:
    """LAYSO_PRINTER=none: no "take your ticket below" (there is none), but "remember your
    number"; without a phone page (no server.public_url) nothing says to photograph the QR
    code, which holds only the ticket's id ("Mã phiếu")."""
    window = make_kiosk(printer="none")
    qtbot.mouseClick(window.home.tiles["HT"], LEFT)
    message = window.ticket.message.text()
    assert "nhận phiếu" not in message
    assert "Xin ghi nhớ số thứ tự" in message
    assert "chụp" not in message and "QR" not in message
    assert window.ticket.qr_caption.text() == "Mã phiếu"
    ticket = window.ticket.ticket
    assert ticket is not None and qr_texts_on(window.ticket.qr) == [str(ticket.id)]
    qtbot.mouseClick(window.top.language, LEFT)
    assert "photo" not in window.ticket.message.text()


def test_a_failed_print_without_public_url_does_not_say_photograph_the_qr(
        make_kiosk: MakeKiosk, qtbot: QtBot, tmp_path: Path) -> None:
    """The printer fails and there is no phone page: "your number is still valid, remember
    it", and no word of photographing the QR code (in either language)."""
    window = make_kiosk(printer="file:/nonexistent-dir/printer.bin")
    qtbot.mouseClick(window.home.tiles["HT"], LEFT)
    qtbot.waitUntil(lambda: window.ticket.print_state == "failed", timeout=5000)
    message = window.ticket.message.text()
    assert "vẫn có hiệu lực" in message and "chụp" not in message
    qtbot.mouseClick(window.top.language, LEFT)
    assert "photo" not in window.ticket.message.text()


def test_with_public_url_the_qr_is_the_phone_page_on_screen_and_on_paper(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database, tmp_path: Path) -> None:
    """server.public_url set: the screen's QR code and the printed one both hold
    ``<public_url>/t/<token>`` (the ticket's random token, not its id or number), and the
    caption asks the citizen to scan it to follow their turn on the phone."""
    paper_file = tmp_path / "printer.bin"
    window = make_kiosk(printer=f"file:{paper_file}", public_url="http://192.168.1.10:8080/")
    qtbot.mouseClick(window.home.tiles["HT"], LEFT)
    ticket = window.ticket.ticket
    assert ticket is not None and ticket.public_token
    link = f"http://192.168.1.10:8080/t/{ticket.public_token}"
    assert ticket.public_token not in (str(ticket.id), ticket.number)
    assert qr_texts_on(window.ticket.qr) == [link]
    assert window.ticket.qr_caption.text() == "Quét mã để theo dõi lượt trên điện thoại"
    qtbot.waitUntil(lambda: window.ticket.print_state == "printed", timeout=5000)
    assert printed_qr_texts(paper_file.read_bytes()) == [link]
    qtbot.mouseClick(window.top.language, LEFT)
    assert window.ticket.qr_caption.text() == "Scan to follow your turn on your phone"


def test_with_public_url_and_no_printer_the_kiosk_offers_the_phone_page(
        make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """No printer but a phone page: "remember your number, or scan the QR code to follow your
    turn on the phone"."""
    window = make_kiosk(printer="none", public_url="https://layso.example.vn")
    qtbot.mouseClick(window.home.tiles["CT"], LEFT)
    message = window.ticket.message.text()
    assert "quét mã QR để theo dõi lượt trên điện thoại" in message
    ticket = window.ticket.ticket
    assert ticket is not None
    assert qr_texts_on(window.ticket.qr) == [
        f"https://layso.example.vn/t/{ticket.public_token}"]


def test_nobody_ahead_reads_sap_den_luot(make_kiosk: MakeKiosk, qtbot: QtBot) -> None:
    """The first ticket of a service has nobody ahead: "Sắp đến lượt" ("You're next"), never
    "khoảng 0 phút"."""
    window = make_kiosk()
    qtbot.mouseClick(window.home.tiles["CT"], LEFT)
    assert window.ticket.ahead.text() == "0 người"
    assert window.ticket.wait.text() == "Sắp đến lượt"
    qtbot.mouseClick(window.top.language, LEFT)
    assert window.ticket.wait.text() == "You're next"


EXTRA_SERVICES = (
    ("BT", "Bảo trợ xã hội, Người có công, Trẻ em"),
    ("KD", "Hộ kinh doanh và lĩnh vực khác"),
    ("XN", "Xác nhận tình trạng hôn nhân"),
    ("TP", "Tư pháp – Chứng thực bản sao điện tử"),
    ("NC", "Người có công với cách mạng"),
)


def cut_titles(window: KioskWindow) -> list[str]:
    """The home tiles whose title does not show whole: wrapped, it is taller than its label,
    a word is wider than the label, or the label sticks out of its tile."""
    cut = []
    for tile in window.home.tiles.values():
        title = tile.title
        metrics = title.fontMetrics()
        widest = max(metrics.horizontalAdvance(word) for word in title.text().split())
        inside = tile.rect().contains(title.geometry())
        if (title.heightForWidth(title.width()) > title.height() or widest > title.width()
                or not inside or not title.isVisible()):
            cut.append(title.text())
    return cut


@pytest.mark.parametrize("count", [6, 8])
def test_many_services_keep_their_whole_names_at_1024x768(
        make_kiosk: MakeKiosk, qtbot: QtBot, kiosk_db: Database, count: int) -> None:
    """With 6 or 8 services (long names included) on a 1024x768 screen, landscape or
    portrait, in Vietnamese and English, every tile shows its whole name (the columns, title
    and icon sizes are chosen so the names fit) and stays at least 15 mm high."""
    center = CenterService(kiosk_db)
    for index, (code, name) in enumerate(EXTRA_SERVICES[: count - 3]):
        center.add_service(SITE, code, name, name_en=f"{name} (EN)", prefix="EFGHI"[index])
    window = make_kiosk(size=(1024, 768))
    assert len(window.home.tiles) == count
    for width, height in ((1024, 768), (768, 1024)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        for language in ("vi", "en"):
            window.set_language(language)
            for _ in range(5):
                QApplication.processEvents()
            assert cut_titles(window) == [], (width, language)
            assert all(tile.height() >= mm_to_px(tile, MIN_TOUCH_MM)
                       for tile in window.home.tiles.values())
    window.set_language("vi")

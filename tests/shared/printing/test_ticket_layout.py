"""The ticket layout, checked through the bytes a printer receives (rendered back to pixels)."""

from __future__ import annotations

import typing
from datetime import UTC, datetime

import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageDraw

from shared.printing.documents import TicketDocument
from shared.printing.escpos_job import escpos_bytes
from shared.printing.paper import Paper
from shared.printing.ticket_layout import render_ticket
from tests.shared.printing.samples import TICKET_ID, ticket
from tests.tools.escpos_render import parse, render


def raster_of(data: bytes) -> Image.Image:
    """The images in an ESC/POS stream stacked, as 1-bit (what the printer would print)."""
    images = [typing.cast(Image.Image, item.image) for item in parse(data).items
              if item.kind == "image"]
    page = Image.new("1", (max(i.width for i in images), sum(i.height for i in images)), 1)
    y = 0
    for image in images:
        page.paste(image, (0, y))
        y += image.height
    return page


def black_bbox(image: Image.Image) -> tuple[int, int, int, int]:
    box = ImageChops.invert(image.convert("L")).getbbox()
    assert box is not None
    return box


@pytest.mark.parametrize("paper", list(Paper))
def test_printed_ticket_raster_equals_the_layout_image(paper: Paper) -> None:
    """The bytes sent to the printer (GS v 0 rasters) reproduce the layout pixel for pixel,
    then feed and cut once."""
    image = render_ticket(ticket(), paper)
    data = escpos_bytes([image], paper.dots)
    stream = parse(data)
    assert not stream.unknown
    assert [item.kind for item in stream.items if item.kind == "cut"] == ["cut"]
    assert image.width == paper.dots
    printed = raster_of(data)
    assert printed.size == image.size
    assert ImageChops.difference(printed.convert("L"), image.convert("L")).getbbox() is None


@pytest.mark.parametrize("paper", list(Paper))
def test_ticket_qr_decodes_to_the_ticket_id(paper: Paper) -> None:
    """The QR code on the printed ticket holds the ticket's id and nothing else."""
    printed = render(parse(escpos_bytes([render_ticket(ticket(), paper)], paper.dots)),
                     paper.dots)
    codes = zxingcpp.read_barcodes(printed)
    assert [code.text for code in codes] == [TICKET_ID]


def test_ticket_number_is_very_large_and_centred() -> None:
    """The number takes most of the width of 80 mm paper and is centred within a few dots."""
    from shared.printing.blocks import BigText

    number = BigText("A012", Paper.MM80.scale.number).render(544)
    left, top, right, bottom = black_bbox(number)
    assert bottom - top >= 140  # ~18 mm tall at 203 dpi
    assert abs((left + right) / 2 - 272) <= 3
    assert right - left <= 544


VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữự"
              "yỳýỷỹỵđ")


@pytest.mark.parametrize("bold", [False, True])
def test_bundled_font_has_a_glyph_for_every_vietnamese_letter(bold: bool) -> None:
    """Text is drawn with the bundled Noto Sans, which has every Vietnamese letter (lower and
    upper case): none is drawn as the missing-glyph box, so no printer code page is needed."""
    from shared.printing.blocks import font

    def drawn(text: str) -> bytes:
        image = Image.new("L", (60, 80), 255)
        ImageDraw.Draw(image).text((5, 5), text, font=font(40, bold), fill=0)
        return image.tobytes()

    missing = drawn("\U000F0001")
    for letter in VIETNAMESE + VIETNAMESE.upper():
        assert drawn(letter) != missing, letter


def test_accented_service_name_prints_differently_from_the_bare_letters() -> None:
    """The diacritics of "Hộ tịch" reach the printed raster (they are not dropped)."""
    plain = render_ticket(ticket(service_name="Ho tich"))
    accented = render_ticket(ticket(service_name="Hộ tịch"))
    assert plain.size == accented.size
    assert ImageChops.difference(plain.convert("L"), accented.convert("L")).getbbox()


def test_long_names_wrap_instead_of_being_clipped() -> None:
    """A long center and service name wrap onto more lines: no ink touches the side edges."""
    doc = ticket(center_name="Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế cơ sở 2",
                 service_name="Bảo trợ xã hội và người có công với cách mạng")
    for paper in Paper:
        image = render_ticket(doc, paper)
        left, _, right, _ = black_bbox(image)
        assert left >= paper.scale.margin // 2
        assert right <= paper.dots - paper.scale.margin // 2
        assert image.height > render_ticket(ticket(), paper).height


def test_priority_and_unknown_wait_are_printed_in_english_when_asked() -> None:
    """An English ticket with a priority label differs from the Vietnamese one and is taller
    than one without a priority band."""
    english = render_ticket(ticket(language="en", priority_label="Elderly",
                                   estimated_wait_minutes=None))
    without = render_ticket(ticket(language="en", estimated_wait_minutes=None))
    assert english.height > without.height


def test_ticket_needs_an_aware_issue_time() -> None:
    """A naive datetime is refused: the printed time must be unambiguous local time."""
    with pytest.raises(ValueError):
        TicketDocument("C", "A001", "Hộ tịch", datetime(2025, 1, 1, 8, 0), "id")
    TicketDocument("C", "A001", "Hộ tịch", datetime(2025, 1, 1, 8, 0, tzinfo=UTC), "id")


def test_missing_logo_is_skipped_not_fatal(tmp_path: object) -> None:
    """A logo path that does not exist prints the ticket without a logo."""
    from pathlib import Path

    missing = Path(str(tmp_path)) / "nope.png"
    assert render_ticket(ticket(logo_path=missing)).size == render_ticket(ticket()).size


def test_logo_is_printed_above_the_center_name(tmp_path: object) -> None:
    """A logo makes the ticket taller and its ink starts at the top of the ticket."""
    from pathlib import Path

    logo = Path(str(tmp_path)) / "logo.png"
    Image.new("RGB", (300, 300), "darkred").save(logo)
    with_logo = render_ticket(ticket(logo_path=logo))
    assert with_logo.height > render_ticket(ticket()).height


def printed_words(doc: TicketDocument) -> str:
    """Every text line of the ticket's layout, joined (what is drawn with the bundled font)."""
    from shared.printing.ticket_layout import ticket_lines

    return " | ".join(ticket_lines(doc, Paper.MM80))


def test_nobody_ahead_prints_sap_den_luot_not_zero_minutes() -> None:
    """With nobody ahead the wait reads "Sắp đến lượt" ("You're next" in English), never
    "khoảng 0 phút"; with people ahead and no minute left, "Sắp đến lượt" / "Soon"."""
    words = printed_words(ticket(people_ahead=0, estimated_wait_minutes=0))
    assert "Sắp đến lượt" in words and "0\u00a0phút" not in words
    assert "You're next" in printed_words(ticket(language="en", people_ahead=0,
                                                 estimated_wait_minutes=0))
    assert "Soon" in printed_words(ticket(language="en", people_ahead=2,
                                          estimated_wait_minutes=0))
    assert "khoảng 15\u00a0phút" in printed_words(ticket())


def test_the_wait_prints_as_a_range_and_under_five_minutes_as_sap_den_luot() -> None:
    """An estimate of 25 minutes within 18 to 33 prints "khoảng 18-33 phút" ("about 18-33
    min"); under 5 minutes "Sắp đến lượt" even with people ahead (issue 16)."""
    ranged = ticket(estimated_wait_minutes=25, estimated_wait_low=18, estimated_wait_high=33)
    assert "khoảng 18-33\u00a0phút" in printed_words(ranged)
    assert "about 18-33\u00a0min" in printed_words(ticket(
        language="en", estimated_wait_minutes=25, estimated_wait_low=18,
        estimated_wait_high=33))
    soon = ticket(people_ahead=2, estimated_wait_minutes=4, estimated_wait_low=0,
                  estimated_wait_high=9)
    assert "Sắp đến lượt" in printed_words(soon) and "phút" not in printed_words(soon)


def test_qr_caption_says_ticket_code_not_follow_your_turn() -> None:
    """The QR holds only the ticket id: its caption says "Mã phiếu" ("Ticket code")."""
    assert "Mã phiếu" in printed_words(ticket())
    assert "theo dõi" not in printed_words(ticket())
    assert "Ticket code" in printed_words(ticket(language="en"))


def test_english_ticket_has_the_english_footer() -> None:
    """An English ticket prints [printer] footer_en; a Vietnamese one the Vietnamese footer."""
    from datetime import date

    from shared.config import PrinterSettings
    from shared.models import Priority, TicketStatus
    from shared.printing.from_views import ticket_document
    from shared.views import SiteView, TicketView

    site = SiteView(1, "HQ", "Trung tâm", "UBND", "000.00.53.H48", "")
    view = TicketView(1, "A001", "HQ", "HT", "Hộ tịch", "Civil status", Priority.NONE,
                      TicketStatus.WAITING, date(2025, 3, 12),
                      datetime(2025, 3, 12, 1, 5, tzinfo=UTC), people_ahead=0)
    settings = PrinterSettings()
    english = ticket_document(view, site, settings, "en", center_name="C")
    assert english.footer_lines == ("Please take a seat until your number is called.",
                                    "Thank you.")
    assert ticket_document(view, site, settings, "vi", center_name="C").footer_lines == (
        "Mời ông/bà ngồi chờ đến lượt.", "Trân trọng cảm ơn!")
